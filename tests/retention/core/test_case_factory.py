"""Cases opened from the census and the reconciliation, and the record round trip."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.retention.core import (
    CaseStatus,
    Contact,
    DropoutCase,
    Guardian,
    Responsible,
    assign,
    case_from_record,
    case_to_record,
    cases_from_census,
    cases_from_reconciliation,
    issue_notice,
    log_contact,
    normalize_roster,
    reconcile,
    run_census,
    transition,
)
from tests.retention.county import CURRENT, EXPECTED, ID, PREVIOUS, idn

pytestmark = pytest.mark.core
D = dt.date


def test_cases_from_the_county_census():
    result = run_census(normalize_roster(PREVIOUS).roster, normalize_roster(CURRENT).roster)
    schools = pd.DataFrame({"school_id": ["X1", "X2", "M1", "N1"], "name": ["青山小学", "白水小学", "青山中学", "石桥学校"],
                            "township_code": ["T1", "T2", "T1", "T2"]})
    townships = pd.DataFrame({"township_code": ["T1", "T2"], "name": ["青山镇", "白水乡"]})
    cases = cases_from_census(result, opened_on=D(2024, 9, 12), schools=schools, townships=townships)
    expected = sorted([ID[x] for x, _ in EXPECTED["suspected_dropouts"]] + [ID["S15"]])
    assert [c.student_id for c in cases] == expected
    assert [c.case_id for c in cases] == [f"QC{i:05d}" for i in range(1, 6)]
    by_id = {c.student_id: c for c in cases}
    s08, s15 = by_id[ID["S08"]], by_id[ID["S15"]]
    assert (s08.status, s08.school_id, s08.school_name, s08.township_code, s08.township_name) == (
        CaseStatus.VERIFYING, "X2", "白水小学", "T2", "白水乡")
    assert (s08.birth_date, s08.grade, s08.source) == ("2013-10-04", 5, "census")
    assert s15.status == CaseStatus.CONFIRMED  # the school recorded 辍学


def test_cases_from_reconciliation():
    a, b = idn("20150301", 1), idn("20160505", 2)
    population = pd.DataFrame({"name": ["甲", "乙"], "id_number": [a, b], "birth_date": "", "township": "青山镇",
                               "village": ["东村", "西村"]})
    roster = normalize_roster(pd.DataFrame({"student_id": ["G" + a], "name": ["甲"], "id_number": [a],
                                            "school": ["X1"]})).roster
    (case,) = cases_from_reconciliation(reconcile(population, roster, year=2024), opened_on=D(2024, 9, 20))
    assert (case.case_id, case.id_number, case.village, case.township_name, case.source) == (
        "RK00001", b, "西村", "青山镇", "reconciliation")


def full_case() -> DropoutCase:
    c = DropoutCase("C1", "G1", "李小明", D(2024, 9, 9), source="census", guardians=(Guardian("李大山", "父亲"),),
                    grade=8, status_since=D(2024, 9, 9))
    c = assign(c, on=D(2024, 9, 10), township_official=Responsible("张", "青山镇", "1"),
               village_official=Responsible("刘"), school_contact=Responsible("陈"), class_teacher=Responsible("赵"))
    c = transition(transition(c, "确认辍学", on=D(2024, 9, 11), by="陈"), "劝返中", on=D(2024, 9, 12), by="张")
    c = log_contact(c, Contact(D(2024, 9, 13), "家访", "家长不同意", by="赵"))
    return issue_notice(c, D(2024, 9, 30))


def test_record_round_trip_is_exact_and_json_ready():
    case = full_case()
    record = case_to_record(case)
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert record["status"] == "劝返中" and record["history"][0]["to_status"] == "确认辍学"
    assert case_from_record(record) == case


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(list(CaseStatus)), st.dates(D(2024, 1, 1), D(2025, 1, 1)), st.text(max_size=8))
def test_round_trip_property(status, day, name):
    case = DropoutCase("C9", "G9", name, day, status=status, reported_on=day)
    assert case_from_record(case_to_record(case)) == case
