"""Population reconciliation: exact ID matches, fuzzy candidates a person confirms, ages at the reference day."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.retention.core import RetentionSettings, ages_on, name_distance, normalize_roster, reconcile
from tests.retention.county import idn

pytestmark = pytest.mark.core

P = {  # label: (name, birth, seq)
    "P1": ("张伟", "20150101", 1), "P2": ("李娜", "20160202", 2), "P3": ("王芳", "20170303", 3),
    "P4": ("赵强", "20140404", 4), "P5": ("孙丽", "20130505", 5), "P6": ("周杰", "20190901", 6),
    "P7": ("吴敏", "20180831", 7), "P8": ("郑洁", "20090301", 8), "P9": ("冯涛", "20080301", 9),
    "P10": ("陈晨", "20120610", 10), "P11": ("张伟", "20150101", 11),
}
ID = {k: idn(b, s) for k, (_, b, s) in P.items()}
POPULATION = pd.DataFrame({"name": [v[0] for v in P.values()], "id_number": list(ID.values()),
                           "birth_date": "", "township": "青山镇", "village": "石桥村"})
ROSTER = normalize_roster(pd.DataFrame([
    ["G1", "张伟", ID["P1"], "", "X1", "4", ""],
    ["G2", "李那", "", "2016-02-02", "X1", "3", ""],                 # one character off, no ID number
    ["G3", "王芳", ID["P3"][:16] + ("0" if ID["P3"][16] != "0" else "1") + ID["P3"][17], "2017-03-03", "X2", "2", ""],
    ["G5", "孙丽", ID["P5"], "", "X1", "6", "转出"],                   # left the county
    ["G10", "陈晨", "", "2012-06-20", "M1", "7", ""],                 # same name, birth ten days off
], columns=["student_id", "name", "id_number", "birth_date", "school", "grade", "status"])).roster


def run(**kw):
    return reconcile(POPULATION, ROSTER, year=2024, **kw)


def by_label(result) -> dict[str, str]:
    people = result.people.set_index("id_number")
    return {k: people.loc[v, "match"] for k, v in ID.items() if v in people.index}


def test_who_is_of_age():
    # 31 Aug 2024: P6 is 4 (born after 31 Aug 2018 → not yet 6), P7 turns 6 that day, P8 is 15, P9 is 16
    assert set(by_label(run())) == set(P) - {"P6", "P9"}


def test_matches_and_cases():
    assert by_label(run()) == {"P1": "id_number", "P2": "pending", "P3": "pending", "P4": "none", "P5": "none",
                               "P7": "none", "P8": "none", "P10": "pending", "P11": "none"}


def test_candidates_say_why():
    cands = run().candidates.set_index("id_number")
    assert cands.loc[ID["P2"], "student_id"] == "G2" and cands.loc[ID["P2"], "score"] == 0.6
    assert cands.loc[ID["P2"], "reason"] == "姓名差一字、出生日期相同；学籍中无有效身份证件号"
    assert cands.loc[ID["P3"], "score"] == 1.0
    assert cands.loc[ID["P3"], "reason"] == "姓名相同、出生日期相同；身份证件号有1位不同"
    assert cands.loc[ID["P10"], "score"] == 0.5 and "出生日期相近" in cands.loc[ID["P10"], "reason"]
    # G1 is P1 (by ID number): never offered for P11, who shares name and birthday
    assert ID["P11"] not in cands.index
    assert (cands["decision"] == "待确认").all()


def test_hint_of_a_leaving_record():
    unenrolled = run().unenrolled.set_index("id_number")
    assert unenrolled.loc[ID["P5"], "hint"] == "X1：转出"
    assert unenrolled.loc[ID["P4"], "hint"] == ""


def test_decisions_confirm_and_reject():
    decisions = pd.DataFrame({"id_number": [ID["P2"], ID["P3"]], "student_id": ["G2", "G3"],
                              "accepted": [True, False]})
    result = run(decisions=decisions)
    labels = by_label(result)
    assert labels["P2"] == "confirmed" and labels["P3"] == "none" and labels["P10"] == "pending"
    people = result.people.set_index("id_number")
    assert (people.loc[ID["P2"], "student_id"], people.loc[ID["P2"], "school"]) == ("G2", "X1")
    assert result.candidates.set_index("id_number").loc[ID["P3"], "decision"] == "否定"


def test_age_range_is_a_setting():
    labels = by_label(run(settings=RetentionSettings(compulsory_max_age=14)))
    assert "P8" not in labels and "P7" in labels


@pytest.mark.parametrize(("birth", "on", "age"), [
    pytest.param("2018-08-31", dt.date(2024, 8, 31), 6, id="birthday-on-reference"),
    pytest.param("2018-09-01", dt.date(2024, 8, 31), 5, id="day-after"),
    pytest.param("2016-02-29", dt.date(2024, 2, 28), 7, id="leap-day-before"),
    pytest.param("2016-02-29", dt.date(2024, 2, 29), 8, id="leap-day"),
])
def test_ages_on(birth, on, age):
    assert ages_on(pd.Series(pd.to_datetime([birth])), on).tolist() == [age]


@pytest.mark.parametrize(("a", "b", "d"), [
    pytest.param("张伟", "张伟", 0, id="same"), pytest.param("李娜", "李那", 1, id="one-char"),
    pytest.param("欧阳小明", "欧阳晓敏", 2, id="two-chars"), pytest.param("王小明", "王明", 99, id="length-differs"),
    pytest.param("阿不都热合曼·买买提明", "阿不都热合曼·买买提明", 0, id="long-equal"),
    pytest.param("阿不都热合曼·买买提明", "阿不都热合曼·买买提敏", 99, id="long-different"),
])
def test_name_distance(a, b, d):
    assert name_distance(pd.Series([a]), pd.Series([b])).tolist() == [d]
