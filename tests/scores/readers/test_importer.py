"""Import from files: layouts, absent marks, identifiers as text, summary rows, and each kind of error."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from junheng.scores.core.model import ScoresInputError
from junheng.scores.readers.importer import import_scores, propose_file, read_rows
from tests.scores.sheets import write, zhixue_two_row

pytestmark = pytest.mark.core

MARKS = {"语文": 120, "数学": 120}
HEADER = ["考号", "姓名", "学校", "班级", "语文", "数学"]


def sheet(tmp_path, rows, name="成绩.xlsx", **kw):
    return write(tmp_path / name, [["期中考试成绩"], HEADER, *rows], **kw)


def test_zhixue_file_end_to_end(tmp_path):
    result = import_scores(zhixue_two_row(tmp_path / "汇总.xlsx"), full_marks=MARKS, default_school="一中")
    assert result.ok, result.summary()
    s = result.scores.set_index("student_id")
    assert list(s.index) == ["012024000001", "012024000002", "012024000003"]  # leading zero kept
    assert math.isnan(s.at["012024000002", "语文"]) and s.at["012024000002", "数学"] == 90
    assert result.absent == {"语文": 1, "数学": 0}
    assert result.dropped_rows == [(7, "汇总行")]
    assert set(s["school"]) == {"一中"} and s.at["012024000003", "custom_no"] == "1003"
    ranks = result.ranks
    assert set(ranks["label"]) >= {"总分/校次", "语文/班次"}
    assert ranks[(ranks["student_id"] == "012024000003") & (ranks["label"] == "数学/班次")]["rank"].item() == 1


@pytest.mark.parametrize("token", ["缺考", "未扫描", "-", "", None, "作弊"])
def test_absent_marks_are_not_zero(tmp_path, token):
    result = import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", token, 80], ["2", "乙", "一中", "1班", 0, 70]]),
                           full_marks=MARKS)  # fmt: skip
    assert result.ok
    yuwen = result.scores["语文"].tolist()
    assert math.isnan(yuwen[0]) and yuwen[1] == 0.0
    assert result.absent["语文"] == 1


def test_numeric_identifiers_become_digits(tmp_path):
    result = import_scores(sheet(tmp_path, [[2024001.0, "甲", "一中", "1班", 90, 80]]), full_marks=MARKS)
    assert result.scores["student_id"].tolist() == ["2024001"]


def test_all_zero_rows_of_hand_made_sheets_are_absent(tmp_path):
    result = import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", 90, 80], ["2", "乙", "一中", "1班", 0, 0]]),
                           full_marks=MARKS)  # fmt: skip
    assert result.ok
    assert np.isnan(result.scores.iloc[1][["语文", "数学"]].to_numpy(dtype=float)).all()
    assert [w.kind for w in result.warnings] == ["zero_row"] and result.warnings[0].row == 4


def test_summary_rows_and_empty_class_rows_are_dropped(tmp_path):
    rows = [["1", "甲", "一中", "1班", 90, 80], ["平均分", None, None, None, 90, 80], [None, None, None, None, 90, 80],
            ["最高分", None, None, None, 90, 80]]  # fmt: skip
    result = import_scores(sheet(tmp_path, rows), full_marks=MARKS)
    assert result.ok and result.n_students == 1
    assert [r for r, _ in result.dropped_rows] == [4, 5, 6]


def test_long_file_is_pivoted(tmp_path):
    rows = [["考号", "姓名", "学校", "班级", "科目", "成绩"], ["1", "甲", "一中", "1班", "语文", 90],
            ["1", "甲", "一中", "1班", "数学", 80], ["2", "乙", "一中", "2班", "语文", "缺考"],
            ["2", "乙", "一中", "2班", "数学", 70]]  # fmt: skip
    result = import_scores(write(tmp_path / "long.xlsx", rows), full_marks=MARKS)
    assert result.ok, result.summary()
    s = result.scores.set_index("student_id")
    assert s.at["1", "语文"] == 90 and math.isnan(s.at["2", "语文"]) and s.at["2", "class"] == "2班"


def test_csv_in_gbk_and_canonical_columns(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes("student_id,name,school,class,语文,数学\n007,张三,一中,1班,90,\n".encode("gb18030"))
    result = import_scores(path, full_marks=MARKS)
    assert result.ok
    assert result.scores["student_id"].tolist() == ["007"] and math.isnan(result.scores["数学"].iloc[0])


def test_items_and_choices_per_subject(tmp_path):
    rows = [["七年级数学得分明细"], ["准考证号", "姓名", "班级", "总分", "1", "2", "3"],
            ["01", "甲", "1班", 8, "A", 3, 5], ["02", "乙", "1班", 5, "B", 0, 5]]  # fmt: skip
    result = import_scores(write(tmp_path / "明细.xlsx", rows, sheet="得分明细"))
    assert result.ok
    assert list(result.scores.columns[:5]) == ["student_id", "name", "school", "class", "数学"]
    assert result.items["数学"].columns.tolist() == ["2", "3"]
    assert result.choices["数学"]["1"].tolist() == ["A", "B"]


def test_first_sheet_with_a_header_is_chosen(tmp_path):
    path = write(tmp_path / "book.xlsx", [["说明"]], sheet="说明",
                 extra_sheets={"成绩": [HEADER, ["1", "甲", "一中", "1班", 90, 80]]})  # fmt: skip
    assert read_rows(path)[0] == "成绩"
    assert import_scores(path, full_marks=MARKS).ok


def test_overrides_reach_the_import(tmp_path):
    path = write(tmp_path / "o.xlsx", [["考号", "姓名", "学校", "班级", "语文", "心理测评"], ["1", "甲", "一中", "1班", 90, 40]])
    result = import_scores(path, overrides=["F=score:心理"])
    assert result.ok and result.scores["心理"].tolist() == [40]


def test_total_mismatch_is_a_warning(tmp_path):
    rows = [["考号", "姓名", "学校", "班级", "语文", "数学", "总分"], ["1", "甲", "一中", "1班", 90, 80, 170],
            ["2", "乙", "一中", "1班", 90, 80, 171]]  # fmt: skip
    result = import_scores(write(tmp_path / "t.xlsx", rows), full_marks=MARKS)
    assert result.ok and [(w.kind, w.row) for w in result.warnings] == [("total_mismatch", 3)]


# ------------------------------------------------------------------------------------- one test per error kind
def only_error(result, kind):
    assert not result.ok and result.scores is None, "nothing may be importable"
    kinds = {e.kind for e in result.errors}
    assert kinds == {kind}, [str(e) for e in result.errors]
    return result.errors[0]


def test_error_score_above_full_marks(tmp_path):
    error = only_error(import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", 121, 80]]), full_marks=MARKS),
                       "above_full_marks")  # fmt: skip
    assert (error.row, error.column, error.label) == (3, "E", "语文")
    assert str(error) == "文件 成绩.xlsx，工作表 Sheet1，第 3 行，E 列（语文）：分数 121 超过满分 120"


def test_error_negative_score(tmp_path):
    error = only_error(import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", 90, -5]]), full_marks=MARKS), "negative")
    assert (error.row, error.column) == (3, "F") and "-5" in error.message


def test_error_unreadable_score(tmp_path):
    error = only_error(import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", "九十", 80]]), full_marks=MARKS),
                       "not_number")  # fmt: skip
    assert "九十" in error.message


def test_error_duplicate_student(tmp_path):
    rows = [["1", "甲", "一中", "1班", 90, 80], ["2", "乙", "一中", "1班", 90, 80], ["1", "丙", "一中", "1班", 70, 60]]
    result = import_scores(sheet(tmp_path, rows), full_marks=MARKS)
    error = only_error(result, "duplicate_student")
    assert [e.row for e in result.errors] == [3, 5] and "首次出现在第 3 行" in error.message


def test_error_missing_identifier(tmp_path):
    error = only_error(import_scores(sheet(tmp_path, [[None, "甲", "一中", "1班", 90, 80]]), full_marks=MARKS),
                       "missing_id")  # fmt: skip
    assert error.row == 3 and error.column == "A"


def test_error_missing_class(tmp_path):
    error = only_error(import_scores(sheet(tmp_path, [["1", "甲", "一中", None, 90, 80]]), full_marks=MARKS),
                       "missing_class")  # fmt: skip
    assert error.column == "D"


def test_error_unknown_school(tmp_path):
    rows = [["1", "甲", "一中", "1班", 90, 80], ["2", "乙", "二中", "1班", 90, 80], ["3", "丙", "二中", "1班", 9, 8]]
    result = import_scores(sheet(tmp_path, rows), full_marks=MARKS, known_schools=["一中"])
    error = only_error(result, "unknown_school")
    assert len(result.errors) == 1 and error.row == 4 and "二中" in error.message and "共 2 行" in error.message


def test_error_unknown_class(tmp_path):
    rows = [["1", "甲", "一中", "1班", 90, 80], ["2", "乙", "一中", "9班", 90, 80]]
    result = import_scores(sheet(tmp_path, rows), full_marks=MARKS, known_classes=[("一中", "1班")])
    error = only_error(result, "unknown_class")
    assert error.row == 4 and "9班" in error.message


def test_error_subject_missing_from_file(tmp_path):
    result = import_scores(sheet(tmp_path, [["1", "甲", "一中", "1班", 90, 80]]), full_marks=MARKS | {"英语": 120})
    assert "英语" in only_error(result, "missing_subject").message


def test_error_no_header(tmp_path):
    path = write(tmp_path / "单科成绩单.xlsx", [["姓名：张三"], ["题号", "得分"], [1, 3]])
    with pytest.raises(ScoresInputError, match="得分明细"):
        import_scores(path)


@pytest.mark.parametrize(
    ("name", "message"),
    [pytest.param("no.xlsx", "不存在", id="missing-file"), pytest.param("a.pdf", "不支持", id="wrong-type")],
)
def test_error_unreadable_files(tmp_path, name, message):
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF")
    with pytest.raises(ScoresInputError, match=message):
        import_scores(tmp_path / name)


def test_error_missing_sheet(tmp_path):
    with pytest.raises(ScoresInputError, match="没有工作表"):
        read_rows(sheet(tmp_path, []), "不存在")


def test_preview_of_a_file(tmp_path):
    mapping, rows = propose_file(zhixue_two_row(tmp_path / "z.xlsx"))
    assert mapping.sheet == "成绩汇总" and len(rows) == 7
    assert mapping.describe()[0] == "A 列“准考证号” → 学生编号"


# ------------------------------------------------------------- the demo generator's marking-system layouts
@pytest.mark.parametrize("layout", ["simple", "ranked", "zhixue", "per_subject_ranks"])
def test_demo_layouts_round_trip(tmp_path, layout):
    from types import SimpleNamespace

    from junheng.demo import exam_layouts
    from junheng.demo.xlsx import write_workbook

    rng = np.random.default_rng(5)
    n = 40
    scores = pd.DataFrame({
        "student_id": [f"G4101{i:014d}" for i in range(n)], "name": [f"学生{i}" for i in range(n)],
        "school": np.where(np.arange(n) < 25, "东城小学", "西城小学"),
        "class": [f"七年级{1 + i % 2}班" for i in range(n)],
        "语文": np.round(rng.uniform(30, 120, n) * 2) / 2, "数学": np.round(rng.uniform(20, 120, n)),
    })  # fmt: skip
    scores.loc[3, "语文"] = np.nan
    scores.loc[7, ["语文", "数学"]] = np.nan  # absent from the whole exam
    exam = SimpleNamespace(name="2024-2025学年第一学期七年级期中考试", subjects={"语文": 120, "数学": 120},
                           date="2024-11-10", grade=7)  # fmt: skip
    sheet_ = getattr(exam_layouts, layout)(scores, exam, {"东城小学": 1, "西城小学": 2}, 1)
    path = write_workbook(tmp_path / "exam.xlsx", [sheet_])
    result = import_scores(path, full_marks=exam.subjects)
    assert result.ok, result.summary()
    got = result.scores.set_index("student_id").sort_index()
    want = scores.set_index("student_id").sort_index()
    assert got.index.tolist() == want.index.tolist()
    for column in ("school", "class", "name"):
        assert got[column].tolist() == want[column].tolist()
    for subject in exam.subjects:
        assert np.array_equal(got[subject].to_numpy(dtype=float), want[subject].to_numpy(dtype=float), equal_nan=True)
