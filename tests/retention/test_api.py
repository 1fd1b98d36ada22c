"""The figures 控辍保学 publishes for other modules (junheng.retention.api), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.retention import api
from junheng.retention.store.census_views import dropout_counts
from junheng.retention.store.models import CensusRun
from junheng.retention.store.monitor import submit_zero_report

pytestmark = pytest.mark.db


def test_dropout_rate_per_school_is_the_census_arithmetic(censused):
    from sqlalchemy import select

    with censused.db.transaction() as s:
        run = s.scalars(select(CensusRun).where(CensusRun.term == "2024-2")).one()
        table = dropout_counts(s, run).set_index("school_id")
        found = [f for f in api.figures(s, "2024-2", {"retention.dropout_rate"}) if f.key == "retention.dropout_rate"]
    assert {f.school for f in found} == set(table.index)
    assert table["dropouts"].sum() > 0  # the fixture has suspected dropouts: the figure is not trivially 0
    for f in found:
        row = table.loc[f.school]
        assert f.value == pytest.approx(row["dropouts"] / row["start_enrolment"])
        assert f"在籍 {row['start_enrolment']}" in f.arithmetic


def test_zero_report_punctuality_counts_only_months_already_due(censused):
    with censused.db.transaction() as s:
        school = dropout_counts(s, s.query(CensusRun).one()).school_id.iloc[0]
        submit_zero_report(s, school, "2024-09", 0, on=dt.date(2024, 10, 3), note="", username="clerk")  # on time
        submit_zero_report(s, school, "2024-10", 0, on=dt.date(2024, 11, 20), note="", username="clerk")  # late
        found = api.figures(s, "2024-2", {"retention.zero_report_on_time"}, today=dt.date(2024, 12, 1))
    mine = next(f for f in found if f.school == school)
    assert mine.value == pytest.approx(1 / 2)  # September, October due by 1 December (5th of next month); November not yet
    assert mine.detail == ("2024-09",)
    others = [f for f in found if f.school != school]
    assert others and all(f.value == 0 for f in others)  # a school that never reported


@pytest.mark.core
def test_term_months():
    assert api.term_months("2025-1") == ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]


def test_a_school_year_is_not_a_term(censused):
    with censused.db.transaction() as s:
        assert api.figures(s, "2024", None) == []
