"""Monthly zero-report: submitted or missing per school, late and overdue (hand-worked)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.retention.core import RetentionSettings, report_due, zero_report_status

pytestmark = pytest.mark.core
D = dt.date
SUBMISSIONS = pd.DataFrame({
    "school_id": ["A", "B", "B", "C", "D"],
    "month": ["2024-10", "2024-10", "2024-10", "2024-09", "2024-10"],
    "submitted_on": ["2024-11-03", "2024-11-02", "2024-11-07", "2024-10-01", "2024-10-31"],
    "dropouts": [0, 1, 1, 0, 2],
})


def test_status_per_school():
    table = zero_report_status(["D", "A", "B", "C", "E"], SUBMISSIONS, "2024-10", today=D(2024, 11, 20))
    got = {r.school_id: (r.status, r.zero_report, r.late, r.overdue) for r in table.itertuples()}
    assert got == {
        "A": ("已报送", True, False, False),    # 零报告 on time
        "B": ("已报送", False, True, False),    # the later of two submissions counts, after the 5th
        "C": ("未报送", False, False, True),    # only September's report
        "D": ("已报送", False, False, False),   # reported two dropouts
        "E": ("未报送", False, False, True),
    }
    assert (table["due"] == D(2024, 11, 5)).all()


def test_missing_before_due_is_not_overdue():
    table = zero_report_status(["E"], SUBMISSIONS, "2024-10", today=D(2024, 11, 5))
    assert table.loc[0, "status"] == "未报送" and not table.loc[0, "overdue"]


@pytest.mark.parametrize(("month", "day", "expected"), [
    pytest.param("2024-12", 5, D(2025, 1, 5), id="december-rolls-year"),
    pytest.param("2024-02", 10, D(2024, 3, 10), id="setting"),
])
def test_report_due(month, day, expected):
    assert report_due(month, RetentionSettings(zero_report_due_day=day)) == expected


def test_bad_month():
    with pytest.raises(ValueError, match="月份「2024-13」无效"):
        report_due("2024-13", RetentionSettings())
