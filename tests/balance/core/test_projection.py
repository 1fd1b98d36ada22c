"""Enrolment projection by cohort flow and the indicators that fail if nothing is built."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.balance.core.projection import project_enrolment, project_failures

pytestmark = pytest.mark.core


def enrolment():
    rows = [("P", "小学", g, n) for g, n in zip(range(1, 7), [120, 100, 100, 90, 90, 80], strict=True)]
    rows += [("J", "初中", g, n) for g, n in zip(range(7, 10), [200, 180, 160], strict=True)]
    return pd.DataFrame(rows, columns=["school_id", "stage", "grade", "students"])


def test_cohort_flow_with_flat_entry():
    pr = project_enrolment(enrolment(), base_year=2024).set_index(["school_id", "offset"])["students"]
    assert pr[("P", 0)] == 580
    # year 1: grades 2–6 = 120,100,100,90,90 (80 leave), entry = 120 → 620
    assert pr[("P", 1)] == 620
    assert pr[("J", 1)] == 200 + 200 + 180


def test_forecast_and_progression():
    pr = project_enrolment(enrolment(), entry_forecast={("J", "初中"): [250, 260, 270]}, progression=0.99)
    j = pr[pr["school_id"] == "J"].set_index("offset")["students"]
    assert j[1] == pytest.approx(250 + 200 * 0.99 + 180 * 0.99)
    assert j[3] == pytest.approx(270 + 260 * 0.99 + 250 * 0.99 ** 2)


def test_failures_when_nothing_is_built():
    sections = pd.DataFrame([
        {"school_id": "P", "school_name": "P小学", "stage": "小学", "students": 580, "teachers_above_required": 25,
         "backbone_teachers": 6, "pe_arts_teachers": 6, "teaching_room_area": 2650, "sports_area": 4400,
         "equipment_value": 1_200_000, "multimedia_rooms": 14},
    ])
    growth = project_enrolment(enrolment()[lambda d: d["stage"] == "小学"], entry_growth=0.2, base_year=2024)
    res = project_failures(sections, growth)
    assert res.assessments[0].sections()[0].passes
    later = res.failures[res.failures["offset"] == 3]
    assert {"L1", "L4"} <= set(later["key"])  # more pupils, same teachers and rooms
    assert set(res.failures["year"]) <= {2025, 2026, 2027}
