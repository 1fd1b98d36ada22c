"""Reading the upload layout: accepted spellings, and every kind of bad input located by row and column."""

from __future__ import annotations

import pytest

from junheng.health.readers.export import write_upload
from junheng.health.readers.fitness import read_results
from junheng.io.problems import ImportFailed
from tests.health.workbook import GOOD, HEADERS, write_rows

pytestmark = pytest.mark.core


def _problems(tmp_path, rows, **kw):
    path = write_rows(tmp_path / "体测_2133010001.xlsx", rows, **kw)
    with pytest.raises(ImportFailed) as info:
        read_results(path)
    return [(p.row, p.column, p.reason) for p in info.value.problems]


def _row(**changes):
    row = list(GOOD[1])
    for header, value in changes.items():
        row[HEADERS.index(header)] = value
    return row


def test_reads_the_layout_with_the_school_from_the_file_name(tmp_path):
    frame = read_results(write_rows(tmp_path / "2133010001体测.xlsx", GOOD))
    assert frame["school_id"].unique().tolist() == ["2133010001"]
    assert frame["grade"].tolist() == [1, 8, 9] and frame["sex"].tolist() == ["male", "female", "male"]
    assert frame.loc[1, "run800"] == 200 and frame.loc[2, "run1000"] == 430


def test_header_below_a_title_row_and_grade_words(tmp_path):
    rows = [_row(年级编号="初二", 性别="女")]
    frame = read_results(write_rows(tmp_path / "x_2133010001.xlsx", rows, title="2024年体测成绩"))
    assert frame.loc[0, "grade"] == 8 and frame.loc[0, "sex"] == "female"


@pytest.mark.parametrize(("changes", "column", "fragment"), [
    ({"50米跑": 2}, "50米跑", "不是可能的成绩"),
    ({"身高": 160, "体重": 190}, "体重", "BMI"),
    ({"性别": None}, "性别", "性别为空"),
    ({"性别": "3"}, "性别", "无效"),
    ({"800米跑": "3'75"}, "800米跑", "秒数应小于 60"),
    ({"800米跑": "45"}, "800米跑", "分还是秒"),
    ({"800米跑": "快"}, "800米跑", "不是时间"),
    ({"肺活量": "两千"}, "肺活量", "不是数字"),
    ({"年级编号": "31"}, "年级编号", "义务教育阶段"),
    ({"学籍号": None}, "学籍号", "学籍号为空"),
    ({"1000米跑": "4'00"}, "1000米跑", "女生不测"),
], ids=["50m-2s", "bmi", "no-sex", "bad-sex", "bad-seconds", "ambiguous-time", "not-a-time", "not-a-number",
        "senior-grade", "no-id", "wrong-sex-item"])
def test_bad_values_are_located(tmp_path, changes, column, fragment):
    problems = _problems(tmp_path, [GOOD[0], _row(**changes)])
    assert any(row == 3 and col == column and fragment in reason for row, col, reason in problems), problems


def test_duplicates_and_all_problems_at_once(tmp_path):
    problems = _problems(tmp_path, [GOOD[1], _row(**{"50米跑": 2}), GOOD[1]])
    assert (4, "学籍号", "与第 2 行重复（G002）") in problems
    assert any(p[0] == 3 and p[1] == "50米跑" for p in problems)


def test_missing_columns_and_school(tmp_path):
    headers = [h for h in HEADERS if h != "性别"]
    path = write_rows(tmp_path / "nocode.xlsx", [GOOD[0][:6] + GOOD[0][7:]], headers=headers)
    with pytest.raises(ImportFailed) as info:
        read_results(path)
    reasons = [p.reason for p in info.value.problems]
    assert any("缺少必需的列「性别」" in r for r in reasons) and any("学校标识码" in r for r in reasons)


def test_exempt_mark(tmp_path):
    frame = read_results(write_rows(tmp_path / "2133010001.xlsx", [_row(**{"800米跑": "免测"})]))
    assert bool(frame.loc[0, "exempt"])


def test_export_round_trip(tmp_path):
    frame = read_results(write_rows(tmp_path / "2133010001.xlsx", GOOD))
    out = write_upload(tmp_path / "上报_2133010001.xlsx", frame)
    again = read_results(out)
    cols = ["student_id", "grade", "sex", "height", "weight", "vital_capacity", "run50", "run800", "run1000"]
    assert again[cols].fillna(-1).equals(frame[cols].fillna(-1))
