import datetime as dt

import pytest

from junheng.teachers.core import TeacherSettings, training
from tests.teachers.core.cases import make, post, teacher

pytestmark = pytest.mark.core


def rec(tid, date, hours, course="课程"):
    return {"teacher_id": tid, "course": course, "level": "县级", "hours": hours, "date": date}


def _county():
    teachers = [teacher("A"), teacher("B"), teacher("M"), teacher("N"), teacher("X", full_time="否")]
    posts = [post("A", "S1", "2010-09-01"), post("B", "S1", "2010-09-01"),
             post("M", "S1", "2010-09-01", "2023-08-31"), post("M", "S2", "2023-09-01", kind="调动"),
             post("N", "S2", "2024-09-01"), post("X", "S1", "2010-09-01")]
    records = [rec("A", "2020-12-31", 100), rec("A", "2021-01-01", 200), rec("A", "2025-12-31", 160),
               rec("A", "2026-01-01", 50),                              # A: 200 + 160 = 360 in 2021–2025
               rec("B", "2022-05-01", 359.5),                           # B: half an hour short
               rec("M", "2021-06-01", 200), rec("M", "2024-03-01", 170),  # M moved in 2023: 370 in all
               rec("N", "2024-10-01", 100), rec("X", "2022-01-01", 10)]
    return make(teachers, posts, training=records)


def test_cycle_boundaries_and_mid_cycle_move():
    t = training(_county(), 2024).table.set_index("teacher_id")
    assert list(t.index) == ["A", "B", "M", "N"]               # X is not a full-time teacher
    assert t.loc["A", "hours"] == 360 and t.loc["A", "complete"]
    assert t.loc["B", "hours"] == 359.5 and not t.loc["B", "complete"] and t.loc["B", "behind"] == 0.5
    assert t.loc["M", "hours"] == 370 and t.loc["M", "complete"]


def test_new_teacher_prorated_or_not():
    t = training(_county(), 2024).table.set_index("teacher_id")
    # N's first post is in 2024, the cycle's 4th year: 2 of 5 years left → 360 × 2/5 = 144
    assert t.loc["N", "required"] == 144 and not t.loc["N", "complete"] and t.loc["N", "behind"] == 44
    t2 = training(_county(), 2024, TeacherSettings(prorate_new_teachers=False)).table.set_index("teacher_id")
    assert t2.loc["N", "required"] == 360


def test_required_hours_setting_and_county_rate():
    r = training(_county(), 2024, TeacherSettings(required_hours=240))
    assert r.cycle == (2021, 2025)
    assert r.as_dict()["county"] == {"teachers": 4, "complete": 4, "rate": 1.0}   # A, B, M ≥ 240; N 100 ≥ 240×2/5 = 96
    r2 = training(_county(), 2024)
    assert (r2.teachers, r2.complete, r2.rate) == (4, 2, 0.5)
    assert list(r2.behind()["teacher_id"]) == ["N", "B"]


def test_as_of_cuts_hours():
    t = training(_county(), 2024, as_of=dt.date(2025, 7, 31)).table.set_index("teacher_id")
    assert t.loc["A", "hours"] == 200 and not t.loc["A", "complete"]


def test_next_cycle_starts_from_zero():
    t = training(_county(), 2026).table.set_index("teacher_id")
    assert t.loc["A", "hours"] == 50
