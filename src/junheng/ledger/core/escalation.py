"""Escalation of items by deadline and severity (督办).

Levels, for an item still open:
- 临期预警 (DUE_SOON): 待整改/整改中 and at most ``due_soon_days[severity]`` days left (严重 7, 较重 5, 一般 3);
- 逾期 (OVERDUE): past the deadline (see ``deadlines``) — shown on the bureau leader's dashboard and in the
  weekly report;
- 挂牌督办 (SUPERVISED): overdue for at least ``supervise_after_days[severity]`` days (严重 1, 较重 7, 一般 15)
  — on the dashboard at the top, and in the weekly report's supervised list.
Open 严重 items are on the leader's dashboard from the day they are created (``severe_on_dashboard``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from junheng.ledger.core.deadlines import WITH_UNIT, days_overdue, days_to_deadline, is_overdue
from junheng.ledger.core.model import LedgerItem, Severity


class Level(IntEnum):
    NONE = 0
    DUE_SOON = 1
    OVERDUE = 2
    SUPERVISED = 3

    @property
    def label(self) -> str:
        return ("正常", "临期预警", "逾期", "挂牌督办")[self]


@dataclass(frozen=True)
class EscalationPolicy:
    due_soon_days: Mapping[Severity, int] = field(default_factory=lambda: {
        Severity.SEVERE: 7, Severity.SERIOUS: 5, Severity.GENERAL: 3})
    supervise_after_days: Mapping[Severity, int] = field(default_factory=lambda: {
        Severity.SEVERE: 1, Severity.SERIOUS: 7, Severity.GENERAL: 15})
    severe_on_dashboard: bool = True


DEFAULT_POLICY = EscalationPolicy()


@dataclass(frozen=True)
class Escalation:
    item: LedgerItem
    level: Level
    days_overdue: int
    days_left: int
    on_dashboard: bool
    in_weekly_report: bool
    reason: str


def escalate(item: LedgerItem, today: dt.date, policy: EscalationPolicy = DEFAULT_POLICY) -> Escalation:
    """The escalation of one item on ``today`` (rule in the module docstring)."""
    late = days_overdue(item, today)
    left = days_to_deadline(item, today)
    sev = item.severity
    if is_overdue(item, today):
        if late >= policy.supervise_after_days[sev]:
            level = Level.SUPERVISED
            reason = f"{sev.value}问题逾期 {late} 天（≥ {policy.supervise_after_days[sev]} 天），挂牌督办"
        else:
            level, reason = Level.OVERDUE, f"已逾期 {late} 天"
    elif item.status in WITH_UNIT and 0 <= left <= policy.due_soon_days[sev]:
        level, reason = Level.DUE_SOON, f"距整改期限还有 {left} 天"
    else:
        level, reason = Level.NONE, ""
    severe_open = policy.severe_on_dashboard and sev is Severity.SEVERE and not item.is_closed
    if severe_open and level < Level.OVERDUE:
        reason = "严重问题，未销号前列入领导看板" + (f"；{reason}" if reason else "")
    on_dashboard = level >= Level.OVERDUE or severe_open
    return Escalation(item, level, late, left, on_dashboard, level >= Level.OVERDUE, reason)


def _priority(e: Escalation) -> tuple:
    return (-e.level, -e.days_overdue, -e.item.severity.rank, e.item.deadline, e.item.item_id)


def leader_dashboard(items: Iterable[LedgerItem], today: dt.date,
                     policy: EscalationPolicy = DEFAULT_POLICY) -> list[Escalation]:
    """Items for the bureau leader: supervised first, then overdue (longest first), then open severe ones."""
    return sorted((e for e in (escalate(i, today, policy) for i in items) if e.on_dashboard), key=_priority)


def due_soon(items: Iterable[LedgerItem], today: dt.date,
             policy: EscalationPolicy = DEFAULT_POLICY) -> list[Escalation]:
    """Items nearing their deadline (临期预警), soonest first — for the responsible units."""
    found = [e for e in (escalate(i, today, policy) for i in items) if e.level is Level.DUE_SOON]
    return sorted(found, key=lambda e: (e.days_left, -e.item.severity.rank, e.item.item_id))
