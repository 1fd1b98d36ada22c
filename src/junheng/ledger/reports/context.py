"""One plain context for every rectification report (Word, Excel, a bureau's own docxtpl template, the web).

Keys: ``title``, ``as_of`` (text), ``summary`` (LedgerSummary fields plus formatted rates), ``status_counts``,
``by_category`` / ``by_unit`` (list of rows: name + counts per status + 合计), ``ages``, ``overdue`` (escalated
items, supervised first) and ``items`` (every item as a row of text). Everything is text or numbers, so a
template needs no code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from junheng.ledger.core.deadlines import days_overdue, display_status
from junheng.ledger.core.escalation import DEFAULT_POLICY, EscalationPolicy, Level, escalate
from junheng.ledger.core.model import DISPLAY_STATUSES, LedgerItem
from junheng.ledger.core.stats import TOTAL, age_distribution, by_category, by_unit, count_by_status, summary


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rows(table: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [{"name": name, **counts} for name, counts in table.items()]


def item_row(item: LedgerItem, today: dt.date) -> dict[str, Any]:
    return {
        "item_id": item.item_id, "category": item.category.value, "unit": item.unit.name,
        "person": item.unit.person, "description": item.description, "severity": item.severity.value,
        "deadline": item.deadline.isoformat(), "status": display_status(item, today),
        "days_overdue": days_overdue(item, today), "source": item.source.inspection,
        "source_date": item.source.date.isoformat(), "evidence": len(item.evidence),
        "last_rejection": item.last_rejection_reason,
        "indicator_passing": ("" if item.indicator is None or item.indicator.passing is None
                              else ("已达标" if item.indicator.passing else "未达标")),
    }


def report_context(items: Iterable[LedgerItem], today: dt.date, title: str = "整改台账情况报告",
                   policy: EscalationPolicy = DEFAULT_POLICY) -> dict[str, Any]:
    items = sorted(items, key=lambda i: i.item_id)
    s = summary(items, today)
    escalations = sorted((escalate(i, today, policy) for i in items),
                         key=lambda e: (-e.level, -e.days_overdue, -e.item.severity.rank, e.item.item_id))
    overdue = [item_row(e.item, today) | {"level": e.level.label, "reason": e.reason}
               for e in escalations if e.level >= Level.OVERDUE]
    return {
        "title": title,
        "as_of": f"{today.year}年{today.month}月{today.day}日",
        "summary": asdict(s) | {"closure_rate_text": percent(s.closure_rate),
                                "overdue_rate_text": percent(s.overdue_rate),
                                "on_time_rate_text": percent(s.on_time_rate)},
        "statuses": list(DISPLAY_STATUSES),
        "total_label": TOTAL,
        "status_counts": count_by_status(items, today),
        "by_category": _rows(by_category(items, today)),
        "by_unit": _rows(by_unit(items, today)),
        "ages": age_distribution(items, today),
        "overdue": overdue,
        "items": [item_row(i, today) for i in items],
    }
