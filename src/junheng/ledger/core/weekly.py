"""The weekly report: what happened in the last seven days and what is overdue now.

The period is the ``days`` days ending on ``today`` (inclusive). New, closed and rejected items are taken from
each item's dates and history within the period; the overdue, supervised and due-soon lists are as of
``today``. Generate it at the end of each week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from junheng.ledger.core.escalation import (
    DEFAULT_POLICY,
    Escalation,
    EscalationPolicy,
    Level,
    due_soon,
    escalate,
)
from junheng.ledger.core.model import Action, LedgerItem
from junheng.ledger.core.stats import LedgerSummary, count_by_status, summary


@dataclass(frozen=True)
class WeeklyReport:
    start: dt.date
    end: dt.date
    created: tuple[LedgerItem, ...]
    closed: tuple[LedgerItem, ...]
    rejected: tuple[LedgerItem, ...]
    overdue: tuple[Escalation, ...]          # every overdue item, supervised ones included
    supervised: tuple[Escalation, ...]
    due_soon: tuple[Escalation, ...]
    status_counts: dict[str, int]
    summary: LedgerSummary


def weekly_report(items: Iterable[LedgerItem], today: dt.date, policy: EscalationPolicy = DEFAULT_POLICY,
                  days: int = 7) -> WeeklyReport:
    """Build the weekly report for the period ending ``today``."""
    items = [i for i in items if i.created_at.date() <= today]
    start = today - dt.timedelta(days=days - 1)

    def within(moment: dt.datetime | None) -> bool:
        return moment is not None and start <= moment.date() <= today

    escalations = sorted((escalate(i, today, policy) for i in items),
                         key=lambda e: (-e.level, -e.days_overdue, -e.item.severity.rank, e.item.item_id))
    overdue = tuple(e for e in escalations if e.in_weekly_report)
    return WeeklyReport(
        start, today,
        tuple(i for i in items if within(i.created_at)),
        tuple(i for i in items if within(i.closed_at)),
        tuple(i for i in items if any(h.action is Action.REJECT and within(h.at) for h in i.history)),
        overdue,
        tuple(e for e in overdue if e.level is Level.SUPERVISED),
        tuple(due_soon(items, today, policy)),
        count_by_status(items, today),
        summary(items, today),
    )
