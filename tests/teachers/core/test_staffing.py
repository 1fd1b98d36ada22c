import datetime as dt

import pandas as pd
import pytest

from junheng.teachers.core import TeacherSettings, absent_from_post, age_structure, staffing, staffing_need
from tests.teachers.core.cases import make, post, teacher

pytestmark = pytest.mark.core


@pytest.mark.parametrize("section,students,classes,need", [
    pytest.param("小学", 380, 10, 20, id="primary-380=20"),        # 380 / 19 = 20
    pytest.param("小学", 381, 10, 21, id="primary-381-rounds-up"),
    pytest.param("初中", 135, 3, 10, id="junior-135=10"),          # 135 / 13.5 = 10
    pytest.param("初中", 136, 3, 11, id="junior-136-rounds-up"),
    pytest.param("小学", 60, 6, 11, id="small-school-by-classes"),  # max(⌈60/19⌉=4, ⌈6×1.7⌉=11)
    pytest.param("小学", 199, 2, 11, id="small-school-by-students"),  # max(⌈199/19⌉=11, ⌈3.4⌉=4)
    pytest.param("小学", 200, 12, 11, id="not-small-at-200"),       # ⌈200/19⌉ = 11, classes ignored
])
def test_need(section, students, classes, need):
    e = pd.DataFrame([{"school_id": "S1", "section": section, "students": students, "classes": classes}])
    assert int(staffing_need(e).loc[0, "need"]) == need


def test_ratios_are_settings():
    e = pd.DataFrame([{"school_id": "S1", "section": "小学", "students": 400, "classes": 10}])
    assert int(staffing_need(e, TeacherSettings(student_ratio={"小学": 20.0, "初中": 13.5})).loc[0, "need"]) == 20


def test_surplus_and_subject_shortage():
    teachers = [teacher(f"T{i}") for i in range(22)]
    posts = [post(f"T{i}", "S1", "2015-09-01", subject="体育与健康" if i < 2 else "语文") for i in range(22)]
    e = pd.DataFrame([{"school_id": "S1", "section": "小学", "students": 456, "classes": 12}])
    total, subj = staffing(make(teachers, posts), e, dt.date(2024, 9, 30))
    assert (int(total.loc[0, "need"]), int(total.loc[0, "teachers"]), int(total.loc[0, "surplus"])) == (24, 22, -2)
    s = subj.set_index("subject")
    # 体育: ⌈12 classes × 4 periods ÷ 16⌉ = 3, two teachers → short 1; 音乐: ⌈12 × 2 ÷ 16⌉ = 2, none → short 2
    assert (s.loc["体育与健康", "need"], s.loc["体育与健康", "shortage"]) == (3, 1)
    assert (s.loc["音乐", "need"], s.loc["音乐", "shortage"]) == (2, 2)
    assert s.loc["心理健康", "need"] == 1    # ⌈12 × 0.5 ÷ 16⌉


def test_age_bands():
    teachers = [teacher("A", birth=1995), teacher("B", birth=1994), teacher("C", birth=1975), teacher("D", birth=1974)]
    h = make(teachers, [post(t["teacher_id"], "S1", "2020-09-01") for t in teachers])
    row = age_structure(h, dt.date(2024, 9, 30)).iloc[0]
    # ages 29, 30, 49, 50
    assert (row["30岁以下"], row["30–39岁"], row["40–49岁"], row["50岁及以上"]) == (1, 1, 1, 1)


def test_absent_from_post():
    h = make([teacher("A"), teacher("B"), teacher("C")],
             [post("A", "S1", "2010-09-01"), post("B", "S1", "2010-09-01", "2023-08-31")])
    payroll = pd.DataFrame({"teacher_id": ["A", "B", "C", "D"], "name": ["甲", "乙", "丙", "丁"],
                            "unit": ["S1"] * 4})
    out = absent_from_post(h, payroll, dt.date(2024, 9, 30), timetable_ids=["D"])
    assert list(out["teacher_id"]) == ["B", "C"]
    assert "2023-08-31" in out.loc[0, "why"] and "没有任职记录" in out.loc[1, "why"]
