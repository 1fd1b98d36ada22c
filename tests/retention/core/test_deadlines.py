"""Census and report deadlines on a term calendar with 中秋 and 国庆 holidays and make-up days (hand-worked)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.retention.core import (
    RetentionSettings,
    TermCalendar,
    census_due,
    census_status,
    report_deadlines,
)

pytestmark = pytest.mark.core
D = dt.date
SETTINGS = RetentionSettings(holidays=("2024-09-15..2024-09-17", "2024-10-01..2024-10-07"),
                             makeup_workdays=("2024-09-14", "2024-09-29", "2024-10-12"))
CAL = TermCalendar.from_settings(SETTINGS)
START = D(2024, 9, 2)  # a Monday


def test_census_due_counts_the_makeup_saturday():
    # 3–6 Sep (4), 9–13 Sep (9), Saturday 14 Sep worked (10)
    assert census_due(START, CAL, SETTINGS) == D(2024, 9, 14)
    assert census_due(START, TermCalendar(), SETTINGS) == D(2024, 9, 16)
    assert census_due(START, CAL, RetentionSettings(census_days=5)) == D(2024, 9, 9)


@pytest.fixture
def deadlines():
    suspected = pd.DataFrame({"student_id": ["a", "b", "c", "d"], "school": ["S1", "S1", "S2", "S3"]})
    return report_deadlines(suspected, term_start=START, calendar=CAL, settings=SETTINGS, today=D(2024, 9, 23),
                            found_on={"S1": D(2024, 9, 4), "S2": D(2024, 9, 20)},
                            reported_on={"a": D(2024, 9, 6), "b": D(2024, 9, 11)}).set_index("student_id")


@pytest.mark.parametrize(("student", "report_by", "state", "days"), [
    pytest.param("a", "2024-09-09", "on_time", 0, id="found-early-reported-in-time"),
    pytest.param("b", "2024-09-09", "late", 2, id="reported-two-working-days-late"),
    pytest.param("c", "2024-09-20", "overdue", 1, id="late-census-gains-no-time"),
    pytest.param("d", "2024-09-20", "overdue", 1, id="no-census-date-uses-deadline"),
])
def test_report_by_and_state(deadlines, student, report_by, state, days):
    row = deadlines.loc[student]
    assert row["report_by"] == pd.Timestamp(report_by)
    assert row["state"] == state
    assert row["days_overdue"] == days
    assert row["overdue"] == (state == "overdue")


def test_state_labels_are_chinese(deadlines):
    assert deadlines["state_label"].tolist() == ["按时完成", "逾期完成", "逾期未完成", "逾期未完成"]


def test_one_found_date_for_all_and_pending_before_due():
    suspected = pd.DataFrame({"student_id": ["a"], "school": ["S1"]})
    out = report_deadlines(suspected, term_start=START, calendar=CAL, settings=SETTINGS, today=D(2024, 9, 5),
                           found_on=D(2024, 9, 3))
    assert out.loc[0, "report_by"] == pd.Timestamp("2024-09-06")
    assert out.loc[0, "state"] == "pending" and not out.loc[0, "overdue"]


@pytest.mark.parametrize(("today", "expected"), [
    pytest.param(D(2024, 9, 23), {"S1": ("on_time", 0), "S2": ("late", 3), "S3": ("overdue", 4)}, id="after-due"),
    pytest.param(D(2024, 9, 13), {"S1": ("on_time", 0), "S2": ("pending", 0), "S3": ("pending", 0)},
                 id="before-due"),
])
def test_census_status_per_school(today, expected):
    table = census_status(["S3", "S1", "S2", "S1"], {"S1": D(2024, 9, 4), "S2": D(2024, 9, 20)}, term_start=START,
                          calendar=CAL, settings=SETTINGS, today=today)
    if today < D(2024, 9, 20):  # S2's roster had not arrived yet on that day
        table = census_status(["S3", "S1", "S2"], {"S1": D(2024, 9, 4)}, term_start=START, calendar=CAL,
                              settings=SETTINGS, today=today)
    assert table["school"].tolist() == ["S1", "S2", "S3"]
    got = {r.school: (r.state, r.days_overdue) for r in table.itertuples()}
    assert got == expected
    assert (table["census_due"] == pd.Timestamp("2024-09-14")).all()
