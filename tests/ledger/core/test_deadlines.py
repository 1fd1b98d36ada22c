from __future__ import annotations

import datetime as dt

import pytest

from junheng.ledger.core import (
    OVERDUE,
    Status,
    accept,
    add_evidence,
    days_overdue,
    display_status,
    finished_late,
    is_overdue,
    reject,
    start,
    submit,
)
from tests.ledger.core.test_workflow import in_status
from tests.ledger.factory import hours, item, photo

pytestmark = pytest.mark.core

DEADLINE = dt.date(2026, 9, 30)


@pytest.mark.parametrize("status,today,overdue", [
    (Status.PENDING, dt.date(2026, 9, 30), False),
    (Status.PENDING, dt.date(2026, 10, 1), True),
    (Status.IN_PROGRESS, dt.date(2026, 10, 1), True),
    (Status.IN_PROGRESS, dt.date(2026, 9, 29), False),
    (Status.AWAITING_CHECK, dt.date(2026, 12, 1), False),
    (Status.CLOSED, dt.date(2026, 12, 1), False),
], ids=["pending-on-deadline-day", "pending-day-after", "in-progress-late", "in-progress-early",
        "awaiting-check-is-with-the-inspector", "closed"])
def test_overdue_is_derived_from_status_and_date(status, today, overdue):
    i = in_status(status)
    assert i.deadline == DEADLINE
    assert is_overdue(i, today) is overdue
    assert display_status(i, today) == (OVERDUE if overdue else status.value)
    assert days_overdue(i, today) == ((today - DEADLINE).days if overdue else 0)


def test_overdue_never_goes_stale_because_it_is_not_stored():
    i = item()
    assert i.status is Status.PENDING
    assert display_status(i, dt.date(2026, 9, 1)) == "待整改"
    assert display_status(i, dt.date(2026, 11, 1)) == "逾期"
    assert display_status(i, dt.date(2026, 9, 1)) == "待整改"


def test_rejection_after_the_deadline_makes_the_item_overdue_at_once():
    i = submit(add_evidence(start(item(), hours(1), "a"), photo(hours(2))), hours(3), "a")
    late = dt.date(2026, 10, 10)
    assert not is_overdue(i, late)
    assert is_overdue(reject(i, hours(24 * 39), "b", "不合格"), late)


def test_finished_late_looks_at_the_final_submission():
    base = add_evidence(start(item(), hours(1), "a"), photo(hours(2)))
    on_time = accept(submit(base, hours(24 * 28), "a"), hours(24 * 40), "b")   # submitted 9-29, closed 10-11
    late = accept(submit(base, hours(24 * 31), "a"), hours(24 * 32), "b")      # submitted 10-02
    assert not finished_late(on_time) and finished_late(late)
