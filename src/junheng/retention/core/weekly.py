"""The weekly 控辍保学 summary (pure): what the county's weekly report and dashboard show.

For the week ``week_start``–``week_end``: open cases by township and status, cases opened and returned in the
week, overdue steps with the people responsible, notices issued and due, and (when given) the zero-report state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from junheng.retention.core.case_steps import case_board
from junheng.retention.core.cases import CaseStatus, DropoutCase
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar


@dataclass
class WeeklySummary:
    week_start: dt.date
    week_end: dt.date
    totals: dict[str, int]
    by_township: pd.DataFrame      # township × status counts (all cases), with a 合计 column
    opened: pd.DataFrame           # cases opened this week
    returned: pd.DataFrame         # cases that moved to 已复学 this week
    overdue: pd.DataFrame          # case_board rows with overdue steps
    zero_report: pd.DataFrame | None = None


def weekly_summary(cases: Iterable[DropoutCase], *, week_start: dt.date, week_end: dt.date,
                   calendar: TermCalendar, settings: RetentionSettings,
                   township_names: Mapping[str, str] | None = None,
                   zero_report: pd.DataFrame | None = None) -> WeeklySummary:
    """Summarise the cases as of ``week_end``."""
    cases = list(cases)
    board = case_board(cases, calendar=calendar, settings=settings, today=week_end)
    names = dict(township_names or {})
    board["township"] = board["township_code"].map(names).fillna(board["township_name"])

    def in_week(day: dt.date) -> bool:
        return week_start <= day <= week_end

    opened_ids = {c.case_id for c in cases if in_week(c.opened_on)}
    returned_ids = {c.case_id for c in cases
                    if any(h.to_status == CaseStatus.RETURNED and in_week(h.on) for h in c.history)}
    statuses = [s.value for s in CaseStatus]
    by_township = (pd.crosstab(board["township"], board["status"]).reindex(columns=statuses, fill_value=0)
                   if len(board) else pd.DataFrame(columns=statuses))
    by_township["合计"] = by_township.sum(axis=1)
    totals = {
        "cases": len(cases),
        "open": sum(not c.closed for c in cases),
        "opened_this_week": len(opened_ids),
        "returned_this_week": len(returned_ids),
        "overdue_cases": int(board["overdue"].sum()) if len(board) else 0,
        "notices_issued_this_week": sum(c.notice_issued_on is not None and in_week(c.notice_issued_on)
                                        for c in cases),
        "notices_due": int(board["notice_due"].sum()) if len(board) else 0,
    }
    return WeeklySummary(week_start, week_end, totals, by_township,
                         board[board["case_id"].isin(opened_ids)].reset_index(drop=True),
                         board[board["case_id"].isin(returned_ids)].reset_index(drop=True),
                         board[board["overdue"]].reset_index(drop=True), zero_report)
