"""What 控辍保学 offers other modules: 巩固率 (balance Q1) and, per term, each school's dropout rate and how
punctually it sent its monthly zero-reports."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from junheng.retention.store.service import consolidation_rate

FIGURES = {
    "retention.dropout_rate": "学期辍学率（疑似辍学＋已辍学 ÷ 上学期末在籍人数，按学校）",
    "retention.zero_report_on_time": "月度零报告按时报送的月份比例（本学期已到期的月份，按学校）",
}

__all__ = ["FIGURES", "consolidation_rate", "figures", "home_tiles", "term_months"]


def term_months(term: str) -> list[str]:
    """The months of a term whose zero-reports are due: spring ``YYYY-1`` February–July, autumn ``YYYY-2``
    September–January.

    >>> term_months("2024-2")
    ['2024-09', '2024-10', '2024-11', '2024-12', '2025-01']
    """
    from junheng.retention.core.terms import parse_term

    year, half = parse_term(term)
    if half == 1:
        return [f"{year}-{m:02d}" for m in range(2, 8)]
    return [f"{year}-{m:02d}" for m in range(9, 13)] + [f"{year + 1}-01"]


def figures(session, period: str, keys: set[str] | None = None, today: dt.date | None = None) -> list:
    from sqlalchemy import select

    from junheng.figures import Figure
    from junheng.registry.store.models import School
    from junheng.retention.core.rates import dropout_rates
    from junheng.retention.core.terms import parse_term
    from junheng.retention.core.zero_report import report_due
    from junheng.retention.store.census_views import dropout_counts
    from junheng.retention.store.models import CensusRun, ZeroReport
    from junheng.retention.store.service import load_settings

    wanted = set(FIGURES) if keys is None else set(FIGURES) & set(keys)
    try:
        parse_term(period)
    except ValueError:
        return []
    out: list[Figure] = []
    run = session.scalars(select(CensusRun).where(CensusRun.term == period)).first()
    if run is not None and "retention.dropout_rate" in wanted:
        table = dropout_counts(session, run)
        rates = dropout_rates(table, "school").set_index("school_id")
        for row in table.itertuples():
            rate = rates.at[row.school_id, "dropout_rate"]
            value = None if pd.isna(rate) else float(rate)  # NaN: nobody on roll
            out.append(Figure("retention.dropout_rate", row.school_id, period, value, "", "控辍保学：学期学籍清查",
                              f"（疑似辍学 {row.suspected_dropouts} ＋ 已辍学 {row.recorded_dropouts}）÷ 在籍 "
                              f"{row.start_enrolment}"))
    if "retention.zero_report_on_time" in wanted:
        settings = load_settings(None)
        today = today or dt.date.today()
        due = {m: report_due(m, settings) for m in term_months(period)}
        months = [m for m, d in due.items() if d < today]
        if months:
            reports = session.scalars(select(ZeroReport).where(ZeroReport.month.in_(months))).all()
            schools = sorted(session.scalars(select(School.school_id)))  # a school that never reported: 0
            for school in schools:
                on_time = [r.month for r in reports if r.school_id == school and r.submitted_on <= due[r.month]]
                out.append(Figure("retention.zero_report_on_time", school, period, len(on_time) / len(months), "",
                                  "控辍保学：月度零报告",
                                  f"按时报送 {len(on_time)} 个月 ÷ 已到期 {len(months)} 个月", tuple(on_time)))
    return out


def home_tiles(session, viewer) -> list:
    """The home page's tiles (``junheng.home``): open and overdue cases, cases due this week, a school's census
    entries to confirm and its zero-report — within the viewer's scope."""
    from junheng.retention.store.home import tiles

    return tiles(session, viewer)
