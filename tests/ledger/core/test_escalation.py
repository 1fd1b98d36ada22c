from __future__ import annotations

import datetime as dt

import pytest

from junheng.ledger.core import (
    EscalationPolicy,
    Level,
    Severity,
    accept,
    add_evidence,
    due_soon,
    escalate,
    leader_dashboard,
    reject,
    start,
    submit,
    weekly_report,
)
from tests.ledger.factory import hours, item, photo

pytestmark = pytest.mark.core

DEADLINE = dt.date(2026, 9, 30)


def day(n: int) -> dt.date:
    """n days after the deadline (negative: before)."""
    return DEADLINE + dt.timedelta(days=n)


@pytest.mark.parametrize("severity,offset,level", [
    (Severity.GENERAL, -4, Level.NONE),
    (Severity.GENERAL, -3, Level.DUE_SOON),
    (Severity.GENERAL, 0, Level.DUE_SOON),
    (Severity.GENERAL, 1, Level.OVERDUE),
    (Severity.GENERAL, 14, Level.OVERDUE),
    (Severity.GENERAL, 15, Level.SUPERVISED),
    (Severity.SERIOUS, -5, Level.DUE_SOON),
    (Severity.SERIOUS, 6, Level.OVERDUE),
    (Severity.SERIOUS, 7, Level.SUPERVISED),
    (Severity.SEVERE, -7, Level.DUE_SOON),
    (Severity.SEVERE, -8, Level.NONE),
    (Severity.SEVERE, 1, Level.SUPERVISED),
], ids=lambda v: getattr(v, "value", str(v)))
def test_levels_by_severity_and_days(severity, offset, level):
    e = escalate(item(severity=severity), day(offset))
    assert e.level is level
    assert e.in_weekly_report is (level >= Level.OVERDUE)
    assert e.on_dashboard is (level >= Level.OVERDUE or severity is Severity.SEVERE)


def test_severe_items_leave_the_dashboard_when_closed():
    i = item(severity=Severity.SEVERE)
    assert escalate(i, day(-20)).on_dashboard
    closed = accept(submit(add_evidence(start(i, hours(1), "a"), photo(hours(2))), hours(3), "a"), hours(4), "b")
    assert not escalate(closed, day(30)).on_dashboard


def test_policy_is_a_setting():
    policy = EscalationPolicy(supervise_after_days={s: 30 for s in Severity}, severe_on_dashboard=False)
    e = escalate(item(severity=Severity.SEVERE), day(10), policy)
    assert e.level is Level.OVERDUE
    assert not escalate(item(severity=Severity.SEVERE), day(-20), policy).on_dashboard


def test_leader_dashboard_order():
    items = [item("A", severity=Severity.GENERAL), item("B", severity=Severity.SERIOUS),
             item("C", severity=Severity.SEVERE, deadline=dt.date(2026, 12, 31)),
             item("D", severity=Severity.GENERAL, deadline=dt.date(2026, 10, 5)),
             item("E", deadline=dt.date(2026, 12, 31))]
    board = leader_dashboard(items, day(8))      # 2026-10-08
    assert [e.item.item_id for e in board] == ["B", "A", "D", "C"]
    assert [e.level for e in board] == [Level.SUPERVISED, Level.OVERDUE, Level.OVERDUE, Level.NONE]


def test_due_soon_list():
    items = [item("A", deadline=dt.date(2026, 9, 12)), item("B", deadline=dt.date(2026, 9, 11)),
             item("C", deadline=dt.date(2026, 9, 30))]
    assert [e.item.item_id for e in due_soon(items, dt.date(2026, 9, 10))] == ["B", "A"]


def test_weekly_report():
    base = add_evidence(start(item("A"), hours(1), "a"), photo(hours(2)))
    closed_this_week = accept(submit(base, hours(24 * 30), "a"), hours(24 * 31), "b")      # closed 10-02
    rejected_this_week = reject(submit(add_evidence(start(item("B"), hours(1), "a"), photo(hours(2))),
                                       hours(24 * 29), "a"), hours(24 * 33), "b", "材料不全")  # rejected 10-04
    created_this_week = item("C", at=dt.datetime(2026, 10, 3, 8), deadline=dt.date(2026, 10, 20))
    old_open = item("D")
    future = item("E", at=dt.datetime(2026, 10, 9, 8), deadline=dt.date(2026, 11, 1))
    report = weekly_report([closed_this_week, rejected_this_week, created_this_week, old_open, future],
                           dt.date(2026, 10, 5))
    assert (report.start, report.end) == (dt.date(2026, 9, 29), dt.date(2026, 10, 5))
    assert [i.item_id for i in report.created] == ["C"]
    assert [i.item_id for i in report.closed] == ["A"]
    assert [i.item_id for i in report.rejected] == ["B"]
    assert sorted(e.item.item_id for e in report.overdue) == ["B", "D"]
    assert report.summary.total == 4   # E does not exist yet on 10-05
    assert report.status_counts["逾期"] == 2 and report.status_counts["已销号"] == 1
