"""Deadlines and the derived 逾期 (overdue) status.

Decision: 逾期 is computed, never stored. An item is overdue on day ``today`` when it is still with the
responsible unit (待整改 or 整改中) and ``today`` is after its deadline (the deadline day itself is not late).
An item 待验收 is not overdue: the unit has handed in its work and the next step is the inspector's; if the
inspector rejects it after the deadline, it is 整改中 again and therefore overdue at once. An item closed
after its deadline counts as 逾期完成 (``finished_late``) in the statistics.
"""

from __future__ import annotations

import datetime as dt

from junheng.ledger.core.model import OVERDUE, LedgerItem, Status

WITH_UNIT = frozenset({Status.PENDING, Status.IN_PROGRESS})


def is_overdue(item: LedgerItem, today: dt.date) -> bool:
    """True when the item is 待整改/整改中 and ``today`` is after the deadline."""
    return item.status in WITH_UNIT and today > item.deadline


def days_overdue(item: LedgerItem, today: dt.date) -> int:
    """Whole days past the deadline for an overdue item, else 0."""
    return (today - item.deadline).days if is_overdue(item, today) else 0


def days_to_deadline(item: LedgerItem, today: dt.date) -> int:
    """Days left until the deadline (0 on the day itself, negative once past)."""
    return (item.deadline - today).days


def display_status(item: LedgerItem, today: dt.date) -> str:
    """The status to show: 逾期 when overdue, else the stored status."""
    return OVERDUE if is_overdue(item, today) else item.status.value


def finished_late(item: LedgerItem) -> bool:
    """A closed item whose final submission for verification came after the deadline (逾期完成)."""
    return item.is_closed and item.submitted_at is not None and item.submitted_at.date() > item.deadline


def age_days(item: LedgerItem, today: dt.date) -> int:
    """Days since the item was created (for open items: how long it has been open)."""
    return (today - item.created_at.date()).days
