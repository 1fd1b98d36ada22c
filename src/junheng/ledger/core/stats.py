"""Ledger statistics: counts by status, unit, category and age, and the headline summary.

Status here is the displayed status (``deadlines.display_status``): an overdue item counts under 逾期, not
under 待整改/整改中, so every item is counted exactly once. Age buckets are for open (not 已销号) items, by
days since creation: 0–7, 8–30, 31–90, over 90 (edges configurable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from junheng.ledger.core.deadlines import age_days, display_status, finished_late, is_overdue
from junheng.ledger.core.model import DISPLAY_STATUSES, OVERDUE, Category, LedgerItem, Status

TOTAL = "合计"
AGE_EDGES = (7, 30, 90)


def count_by_status(items: Iterable[LedgerItem], today: dt.date) -> dict[str, int]:
    """Items per displayed status, in the order 待整改, 整改中, 待验收, 逾期, 已销号 (zeros included)."""
    counts = dict.fromkeys(DISPLAY_STATUSES, 0)
    for item in items:
        counts[display_status(item, today)] += 1
    return counts


def crosstab(items: Iterable[LedgerItem], today: dt.date, key: Callable[[LedgerItem], str],
             order: Sequence[str] = ()) -> dict[str, dict[str, int]]:
    """Rows by ``key`` (listed ``order`` first, then others alphabetically), columns by status plus 合计."""
    rows: dict[str, dict[str, int]] = {k: dict.fromkeys((*DISPLAY_STATUSES, TOTAL), 0) for k in order}
    for item in items:
        row = rows.setdefault(key(item), dict.fromkeys((*DISPLAY_STATUSES, TOTAL), 0))
        row[display_status(item, today)] += 1
        row[TOTAL] += 1
    rest = sorted(k for k in rows if k not in order)
    return {k: rows[k] for k in (*order, *rest)}


def by_unit(items: Iterable[LedgerItem], today: dt.date) -> dict[str, dict[str, int]]:
    """Status counts per responsible unit (by name): most overdue first, then most items, then name."""
    table = crosstab(items, today, lambda i: i.unit.name)
    order = sorted(table, key=lambda k: (-table[k][OVERDUE], -table[k][TOTAL], k))
    return {k: table[k] for k in order}


def by_category(items: Iterable[LedgerItem], today: dt.date) -> dict[str, dict[str, int]]:
    """Status counts per category, every category listed in its standard order."""
    return crosstab(items, today, lambda i: i.category.value, [c.value for c in Category])


def age_labels(edges: Sequence[int] = AGE_EDGES) -> list[str]:
    labels, low = [], 0
    for edge in edges:
        labels.append(f"{low}–{edge}天")
        low = edge + 1
    return labels + [f"超过{edges[-1]}天"]


def age_distribution(items: Iterable[LedgerItem], today: dt.date,
                     edges: Sequence[int] = AGE_EDGES) -> dict[str, int]:
    """Open items by days since creation, in buckets closed on the right (e.g. 8–30 includes 30)."""
    labels = age_labels(edges)
    counts = dict.fromkeys(labels, 0)
    for item in items:
        if item.is_closed:
            continue
        days = age_days(item, today)
        index = next((k for k, edge in enumerate(edges) if days <= edge), len(edges))
        counts[labels[index]] += 1
    return counts


@dataclass(frozen=True)
class LedgerSummary:
    total: int
    open: int
    closed: int
    awaiting_check: int
    overdue: int
    finished_late: int
    closure_rate: float | None      # closed / total
    overdue_rate: float | None      # overdue / open
    on_time_rate: float | None      # closed on time / closed


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def summary(items: Iterable[LedgerItem], today: dt.date) -> LedgerSummary:
    """Headline figures: totals, closure rate, overdue rate, on-time closure rate."""
    items = list(items)
    closed = sum(1 for i in items if i.is_closed)
    late = sum(1 for i in items if finished_late(i))
    overdue = sum(1 for i in items if is_overdue(i, today))
    awaiting = sum(1 for i in items if i.status is Status.AWAITING_CHECK)
    open_ = len(items) - closed
    return LedgerSummary(len(items), open_, closed, awaiting, overdue, late, _ratio(closed, len(items)),
                         _ratio(overdue, open_), _ratio(closed - late, closed))
