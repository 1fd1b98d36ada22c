"""Scenarios: changes applied to the inputs, re-assessed next to the baseline, stored data untouched."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.balance.core import build_sections
from junheng.balance.core.scenarios import (
    Change,
    add_equipment,
    add_multimedia_rooms,
    add_teachers,
    apply_changes,
    build_area,
    move_students,
    run_scenario,
)
from tests.balance.county import SCHOOLS, school_year_data

pytestmark = pytest.mark.core


@pytest.fixture
def table():
    return build_sections(school_year_data(), schools=SCHOOLS, year=2024)


def test_fixing_the_failing_junior_section(table):
    before = table.sections.copy()
    # S2 初中: L4 5.5 < 5.8 (needs 60 ㎡) and L6 2200 < 2500 (needs 60,000 元); fixing one gives 6 of 7
    sc = run_scenario(table, [build_area("S2", "初中", 60)])
    assert sc.baseline.resource_passes is False
    assert sc.scenario.section("S2", "初中").met == 6
    assert sc.scenario.resource_passes is True
    assert sc.verdicts()["resources"] == (False, True)
    diff = sc.indicator_diff()
    assert list(diff[["school_id", "stage", "key"]].itertuples(index=False, name=None)) == [("S2", "初中", "L4")]
    assert diff["after"].iloc[0] == pytest.approx(5.8)
    pd.testing.assert_frame_equal(table.sections, before)  # the input is not modified


def test_cv_diff_and_teacher_change(table):
    sc = run_scenario(table, [*add_teachers("S1", "小学", 3), add_equipment("S1", "小学", 10_000),
                              add_multimedia_rooms("S1", "小学", 1)])
    cv = sc.cv_diff().set_index(["stage", "key"])
    assert cv.loc[("小学", "L1"), "after"] != cv.loc[("小学", "L1"), "before"]
    assert sc.scenario.section("S1", "小学").numerators["teachers_above_required"] == 23


def test_moving_students(table):
    new = apply_changes(table, move_students("S3", "初中", "S4", "初中", 100)).sections
    s3 = new[(new["school_id"] == "S3")]["students"].iloc[0]
    s4 = new[(new["school_id"] == "S4") & (new["stage"] == "初中")]["students"].iloc[0]
    assert (s3, s4) == (400, 400)


@pytest.mark.parametrize("change", [
    pytest.param(Change("NOPE", "小学", "students", 1), id="unknown-section"),
    pytest.param(Change("S1", "小学", "teaching_room_area", -10_000), id="negative-result"),
])
def test_bad_changes_raise(table, change):
    with pytest.raises(ValueError):
        apply_changes(table, [change])


def test_moving_students_updates_school_size(table):
    sc = run_scenario(table, move_students("S3", "初中", "S4", "初中", 450))
    sizes = sc.scenario.table.schools.set_index("school_id")["compulsory_students"]
    assert (sizes["S3"], sizes["S4"]) == (50, 750)
    assert table.schools.set_index("school_id")["compulsory_students"]["S3"] == 500  # input untouched
