"""Header detection and column roles for the layouts of FORMATS.md ("Exam exports")."""

from __future__ import annotations

import pytest

from junheng.scores.core import ScoresInputError, propose_mapping
from junheng.scores.core.headers import classify_label, normalize
from junheng.scores.core.mapping import column_index, column_letter

pytestmark = pytest.mark.core


def roles(mapping):
    return {c.label: (c.role, c.subject) for c in mapping.columns}


def test_zhixue_two_row_header_with_merged_groups():
    rows = [
        ["（七年级）考生成绩汇总 - 期中考试", "", "", "", "", "", "", "", "", "", "", ""],
        ["准考证号", "自定义考号", "班级", "姓名", "学生属性", "总分", "", "", "语文", "", "", "数学"],
        ["", "", "", "", "", "得分", "校次", "班次", "得分", "校次", "班次", "得分"],
        ["01", "1001", "七1班", "张三", "", 200, 1, 1, 100, 1, 1, 100],
    ]
    m = propose_mapping(rows)
    assert m.header_rows == (1, 2) and m.data_start == 3
    r = roles(m)
    assert r["准考证号"] == ("student_id", None)
    assert r["自定义考号"] == ("custom_no", None)
    assert r["总分/得分"] == ("total", "总分")
    assert r["语文/得分"] == ("score", "语文") and r["数学/得分"] == ("score", "数学")
    assert r["语文/校次"] == ("rank", "语文") and r["总分/班次"] == ("rank", "总分")
    assert [c.rank_level for c in m.columns if c.label == "语文/班次"] == ["class"]
    assert m.subjects == ["语文", "数学"]


def test_flattened_zhixue_variant():
    header = ["序号", "准考证号", "自定义考号", "班级", "学生属性", "姓名", "总分", "校次", "校次进退步", "班次",
              "班次进退步", "语文得分", "语文校次", "数学得分", "数学班次"]
    m = propose_mapping([header, [1, "01", "1", "七1班", "", "张三", 200, 1, 0, 1, 0, 100, 1, 100, 1]])
    r = roles(m)
    assert m.header_rows == (0,)
    assert r["序号"][0] == "ignore" and r["学生属性"][0] == "ignore"
    assert r["校次"] == ("rank", "总分") and r["校次进退步"][0] == "rank"
    assert r["语文得分"] == ("score", "语文") and r["语文校次"] == ("rank", "语文")
    assert r["数学班次"] == ("rank", "数学")


def test_plain_format_repeated_rank_headers_belong_to_the_subject_before():
    header = ["学校", "班级", "学号", "姓名", "语文", "班次", "校次", "数学", "班次", "校次"]
    m = propose_mapping([["期末成绩统计"], [], header, ["一中", "1班", "01", "张三", 90, 1, 1, 80, 2, 2]])
    assert m.header_rows == (2,)
    ranks = [(c.letter, c.subject, c.rank_level) for c in m.columns if c.role == "rank"]
    assert ranks == [("F", "语文", "class"), ("G", "语文", "school"), ("I", "数学", "class"), ("J", "数学", "school")]
    assert m.first("student_id").label == "学号"


def test_single_subject_item_download_takes_subject_from_title():
    rows = [
        ["七年级语文期中考试得分明细"],
        ["序号", "准考证号", "自定义考号", "班级", "姓名", "总分", "客观分", "主观分", "1", "2", "51(3)"],
        [1, "01", "1", "七1班", "张三", 98, 30, 68, 3, 3, 2],
    ]
    m = propose_mapping(rows, sheet="得分明细")
    r = roles(m)
    assert m.subject_hint == "语文"
    assert r["总分"] == ("score", "语文")
    assert r["客观分"][0] == "part"
    items = [(c.item, c.subject) for c in m.columns if c.role == "item"]
    assert items == [("1", "语文"), ("2", "语文"), ("51(3)", "语文")]


def test_school_item_export_header_over_two_rows():
    rows = [
        ["基本信息", "", "", "", "", "", "", "", "", "", "小题得分"],
        ["准考证号", "自定义考号", "班级", "姓名", "总分", "等级", "校次", "班次", "客观分", "主观分", "第1题", "第21题"],
        ["01", "1", "1班", "张三", "缺考", "", "", "", "", "", "", ""],
    ]
    m = propose_mapping(rows, file="数学小题分析.xlsx")
    r = roles(m)
    assert m.header_rows == (1,) and m.subject_hint == "数学"
    assert r["总分"] == ("score", "数学") and r["等级"][0] == "ignore"
    assert [c.item for c in m.columns if c.role == "item"] == ["第1题", "第21题"]


def test_regional_joint_exam_rows_three_and_four():
    rows = [
        ["2024年春季区域联考"],
        [],
        ["学校", "班级", "考号", "姓名", "选科", "总分(物理)(赋分)", "", "", "语文", "", "", "化学", "", ""],
        ["", "", "", "", "", "分数", "方向全体名次", "方向××区名次", "分数", "方向校名次", "方向班名次", "分数", "赋分", "等级"],
        [],
        ["一中", "高一1班", "2401", "张三", "物化生", 520, 3, 2, 110, 1, 1, 80, 85, "A"],
    ]
    m = propose_mapping(rows)
    r = roles(m)
    assert m.header_rows == (2, 3) and m.data_start == 4
    assert r["总分(物理)(赋分)/分数"] == ("total", "总分")
    assert r["语文/分数"] == ("score", "语文")
    assert r["化学/分数"] == ("score", "化学") and r["化学/赋分"] == ("scaled", "化学")
    assert r["化学/等级"][0] == "ignore" and r["选科"][0] == "ignore"
    levels = {c.label: c.rank_level for c in m.columns if c.role == "rank"}
    assert levels == {"总分(物理)(赋分)/方向全体名次": "county", "总分(物理)(赋分)/方向××区名次": "county",
                      "语文/方向校名次": "school", "语文/方向班名次": "class"}  # fmt: skip


def test_rank_sorted_school_sheet_prefers_registry_id():
    header = ["年级排名", "姓名", "考号", "学籍号", "班级", "班级排名", "总分", "语文", "数学", "外语"]
    m = propose_mapping([header])
    r = roles(m)
    assert r["学籍号"][0] == "student_id" and r["考号"][0] == "exam_no"
    assert r["年级排名"] == ("rank", "总分") and r["外语"] == ("score", "外语")


def test_new_gaokao_raw_and_scaled_columns():
    m = propose_mapping([["考号", "姓名", "班级", "化学", "化学(赋分)", "生物学", "生物学赋分"]])
    r = roles(m)
    assert r["化学"] == ("score", "化学") and r["化学(赋分)"] == ("scaled", "化学")
    assert r["生物学"] == ("score", "生物学") and r["生物学赋分"] == ("scaled", "生物学")


def test_long_layout():
    m = propose_mapping([["考号", "姓名", "学校", "班级", "科目", "成绩"]])
    assert m.layout == "long"
    assert roles(m)["科目"][0] == "subject_name" and roles(m)["成绩"][0] == "long_score"


def test_canonical_english_columns_and_user_subjects():
    m = propose_mapping([["student_id", "name", "school", "class", "语文", "心理"]], subjects=["心理"])
    r = roles(m)
    assert r["student_id"][0] == "student_id" and r["心理"] == ("score", "心理")


def test_unknown_columns_are_ignored_with_a_note():
    m = propose_mapping([["考号", "姓名", "班级", "语文", "奇怪列"]])
    assert roles(m)["奇怪列"][0] == "unknown"
    assert any("奇怪列" in note for note in m.notes)


def test_no_header_is_refused_with_advice():
    blocks = [["姓名：张三", "", "考号：001"], ["题号", "得分"], ["1", "3"]]
    with pytest.raises(ScoresInputError, match="得分明细"):
        propose_mapping(blocks, file="单科成绩单.xls", sheet="Sheet1")


@pytest.mark.parametrize(
    ("override", "column", "role", "subject"),
    [
        pytest.param("E=score:心理", "E", "score", "心理", id="letter-to-subject"),
        pytest.param("奇怪列=ignore", "E", "ignore", None, id="label-to-ignore"),
        pytest.param("B=忽略", "B", "ignore", None, id="chinese-role"),
    ],
)
def test_overrides(override, column, role, subject):
    m = propose_mapping([["考号", "姓名", "班级", "语文", "奇怪列"]]).with_overrides([override])
    spec = m.find(column)
    assert spec.role == role and spec.subject == subject


def test_override_student_id_moves_the_role():
    m = propose_mapping([["考号", "学号", "姓名", "班级", "语文"]]).with_overrides(["B=student_id"])
    assert m.first("student_id").label == "学号" and m.find("A").role == "exam_no"


@pytest.mark.parametrize(
    "bad",
    [pytest.param("E", id="no-role"), pytest.param("E=nonsense", id="unknown-role"),
     pytest.param("Z=ignore", id="no-column"), pytest.param("奇怪列=score", id="score-without-subject")],
)  # fmt: skip
def test_bad_overrides(bad):
    with pytest.raises(ScoresInputError):
        propose_mapping([["考号", "姓名", "班级", "语文", "奇怪列"]]).with_overrides([bad])


def test_letters_and_normalisation():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]
    assert column_index("AB") == 27
    assert normalize(" 化学（赋分） ") == "化学(赋分)"
    assert classify_label("", "语文-校次").role == "rank"


def test_items_under_subject_groups_belong_to_their_subject():
    rows = [
        ["考号", "姓名", "班级", "语文", "", "", "数学", "", ""],
        ["", "", "", "得分", "第1题", "第2题", "得分", "1", "2(1)"],
    ]
    m = propose_mapping(rows)
    items = [(c.subject, c.item) for c in m.columns if c.role == "item"]
    assert items == [("语文", "第1题"), ("语文", "第2题"), ("数学", "1"), ("数学", "2(1)")]
    assert m.subjects == ["语文", "数学"]
