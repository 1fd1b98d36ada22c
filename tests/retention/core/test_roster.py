"""Roster normalisation: statuses, grades, ID numbers, birth dates, and problems that name row and column."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.registry.core import valid_id_number
from junheng.retention.core import (
    map_status,
    normalize_population,
    normalize_roster,
    parse_birth_dates,
    parse_grade,
    valid_id_numbers,
)
from junheng.retention.core.idnumber import birth_dates_from_id
from tests.retention.county import idn

pytestmark = pytest.mark.core


@pytest.mark.parametrize(("label", "mapped"), [
    pytest.param("", "在读", id="blank"), pytest.param("在籍", "在读", id="zaiji"), pytest.param("复学", "在读", id="fuxue"),
    pytest.param("转入", "在读", id="zhuanru"), pytest.param(" 休 学 ", "休学", id="spaces"),
    pytest.param("转学", "转出", id="zhuanxue"), pytest.param("结业", "毕业", id="jieye"),
    pytest.param("流失", "辍学", id="liushi"), pytest.param("肄业", "辍学", id="yiye"),
    pytest.param("下落不明", "辍学", id="missing"), pytest.param("出国", "其他", id="abroad"),
    pytest.param("死亡", "死亡", id="died"),
])
def test_status_vocabulary(label, mapped):
    got, bad = map_status(pd.Series([label, None]))
    assert got.tolist() == [mapped, "在读"] and not bad.any()


def test_unknown_status_is_flagged():
    _, bad = map_status(pd.Series(["开除", "在读"]))
    assert bad.tolist() == [True, False]


@pytest.mark.parametrize(("label", "grade"), [
    pytest.param("7", 7, id="digit"), pytest.param("07", 7, id="padded"), pytest.param("七年级", 7, id="chinese"),
    pytest.param("初一", 7, id="chu-yi"), pytest.param("初三年级", 9, id="chu-san-nianji"),
    pytest.param("高二", 11, id="gao-er"), pytest.param("小学六年级", 6, id="xiaoxue"), pytest.param(3.0, 3, id="float"),
])
def test_grades(label, grade):
    assert parse_grade(pd.Series([label]))[0].tolist() == [grade]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789Xx", min_size=16, max_size=19))
def test_vectorised_id_check_agrees_with_the_registry_rule(text):
    # the registry's scalar rule checks length, digits and check character; we also require a real birth date
    expected = valid_id_number(text) and birth_dates_from_id(pd.Series([text])).notna().all()
    assert valid_id_numbers(pd.Series([text])).tolist() == [bool(expected)]


def test_id_check_on_known_numbers():
    numbers = [idn("20150301", 1), "11010519491231002X", "11010519491231002x", "110105194912310021", "", "中文"]
    assert valid_id_numbers(pd.Series(numbers)).tolist() == [True, True, True, False, False, False]


@pytest.mark.parametrize(("text", "iso"), [
    pytest.param("20150304", "2015-03-04", id="compact"), pytest.param("2015-3-4", "2015-03-04", id="short"),
    pytest.param("2015/03/04", "2015-03-04", id="slash"), pytest.param("2015.03.04", "2015-03-04", id="dot"),
    pytest.param("2015-03-04 00:00:00", "2015-03-04", id="excel-time"),
    pytest.param("2015年3月4日", "2015-03-04", id="chinese"), pytest.param("2015-02-30", None, id="impossible"),
    pytest.param("", None, id="blank"),
])
def test_birth_dates(text, iso):
    got = parse_birth_dates(pd.Series([text])).iloc[0]
    assert (None if pd.isna(got) else got.strftime("%Y-%m-%d")) == iso


def test_normalize_keeps_ids_as_text_and_fills_birth_from_id():
    frame = pd.DataFrame({"student_id": [" G0012 "], "name": ["甲"], "id_number": [idn("20150301", 1).lower()],
                          "birth_date": [""], "school": ["0012345678"], "grade": ["三年级"], "status": ["复学"]})
    check = normalize_roster(frame)
    assert check.ok and not check.warnings
    row = check.roster.iloc[0]
    assert (row["student_id"], row["school"], row["birth_date"], row["grade"]) == ("G0012", "0012345678",
                                                                                  "2015-03-01", 3)
    assert (row["status"], row["status_label"]) == ("在读", "复学")


def test_problems_name_row_and_column():
    frame = pd.DataFrame({"student_id": ["G1", ""], "name": ["甲", "乙"], "id_number": ["123", ""],
                          "birth_date": ["2015-13-01", ""], "school": ["X1", "X1"], "grade": ["大一", "3"],
                          "status": ["开除", ""]})
    check = normalize_roster(frame, source="a.xlsx", sheet="学生", row_numbers=[5, 6], headers={"grade": "年级"})
    problems = sorted((p.row, p.column) for p in check.problems)
    assert problems == [(5, "出生日期"), (5, "学籍状态"), (5, "年级"), (6, "学籍号")]
    assert all(p.file == "a.xlsx" and p.sheet == "学生" for p in check.problems)
    assert [(w.row, w.column) for w in check.warnings] == [(5, "身份证件号")]


def test_missing_required_column_and_many_problems_are_summarised():
    assert [p.column for p in normalize_roster(pd.DataFrame({"name": ["甲"]})).problems] == ["学籍号", "学校标识码"]
    frame = pd.DataFrame({"student_id": [""] * 60, "name": ["甲"] * 60, "school": ["X"] * 60})
    problems = normalize_roster(frame).problems
    assert len(problems) == 51 and problems[-1].reason == "另有 10 行存在同样的问题，未逐行列出"


def test_one_school_upload_without_school_column():
    check = normalize_roster(pd.DataFrame({"student_id": ["G1"], "name": ["甲"]}), school="3301020001")
    assert check.ok and check.roster.loc[0, "school"] == "3301020001"


def test_population_checks():
    frame = pd.DataFrame({"name": ["甲", "乙", ""], "id_number": [idn("20150301", 1), idn("20150301", 1), "x"],
                          "birth_date": ["", "2015-03-01", "2016-02-30"]})
    check = normalize_population(frame, source="人口.xlsx", sheet="Sheet1", row_numbers=[3, 4, 5])
    assert sorted((p.row, p.column, p.reason[:6]) for p in check.problems) == [
        (4, "公民身份号码", "公民身份号码"), (5, "出生日期", "「2016-"), (5, "姓名", "必填项为空")]
    assert check.roster["birth_date"].tolist()[:2] == ["2015-03-01", "2015-03-01"]
