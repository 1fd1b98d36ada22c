"""Database rows ↔ pure ledger items (database edge).

The pure ``LedgerItem`` is rebuilt from an item row, its event rows (the history) and its evidence rows through
``junheng.ledger.core.serialize`` (the tested JSON form), and written back the same way: every column value is
JSON-ready text, so the same dicts go into an import batch's log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from junheng.ledger.core.model import HistoryEntry, LedgerItem
from junheng.ledger.core.serialize import item_from_dict, item_to_dict
from junheng.ledger.store.models import LedgerEventRecord, LedgerEvidenceRecord, LedgerItemRecord

ITEM_COLUMNS = ("source_inspection", "source_date", "source_by", "category", "unit_id", "unit_name", "unit_kind",
                "person", "phone", "description", "severity", "deadline", "evidence_required", "status",
                "created_at", "submitted_at", "closed_at", "indicator")


DATE_COLUMNS = ("source_date", "deadline")
DATETIME_COLUMNS = ("created_at", "submitted_at", "closed_at", "at", "uploaded_at")


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """The same values with ISO text turned back into ``date``/``datetime`` (for ORM attributes)."""
    out = dict(values)
    for key in DATE_COLUMNS:
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    for key in DATETIME_COLUMNS:
        if isinstance(out.get(key), str):
            out[key] = dt.datetime.fromisoformat(out[key])
    return out


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def record_dict(row: LedgerItemRecord, events: Sequence[LedgerEventRecord] = (),
                evidence: Sequence[LedgerEvidenceRecord] = ()) -> dict[str, Any]:
    """The ``serialize`` form of a stored item."""
    return {
        "item_id": row.item_no,
        "source": {"inspection": row.source_inspection, "date": row.source_date.isoformat(), "by": row.source_by},
        "category": row.category,
        "unit": {"unit_id": row.unit_id, "name": row.unit_name, "kind": row.unit_kind, "person": row.person,
                 "phone": row.phone},
        "description": row.description, "severity": row.severity, "deadline": row.deadline.isoformat(),
        "evidence_required": row.evidence_required, "status": row.status,
        "created_at": row.created_at.isoformat(), "submitted_at": _iso(row.submitted_at),
        "closed_at": _iso(row.closed_at),
        "evidence": [{"name": e.name, "kind": e.kind, "ref": e.ref, "uploaded_at": e.uploaded_at.isoformat(),
                      "by": e.by, "note": e.note} for e in evidence],
        "history": [{"at": e.at.isoformat(), "by": e.by, "action": e.action, "from_status": e.from_status,
                     "to_status": e.to_status, "note": e.note, "changes": e.changes} for e in events],
        "indicator": row.indicator,
    }


def to_item(row: LedgerItemRecord, events: Sequence[LedgerEventRecord] = (),
            evidence: Sequence[LedgerEvidenceRecord] = ()) -> LedgerItem:
    """The pure item (with its history and evidence when they are given)."""
    return item_from_dict(record_dict(row, events, evidence))


def item_values(item: LedgerItem) -> dict[str, Any]:
    """Column values of an item (JSON-ready: dates as ISO text), without ``item_no`` and ``created_by``."""
    d = item_to_dict(item)
    return {
        "source_inspection": d["source"]["inspection"], "source_date": d["source"]["date"],
        "source_by": d["source"]["by"], "category": d["category"], "unit_id": d["unit"]["unit_id"],
        "unit_name": d["unit"]["name"], "unit_kind": d["unit"]["kind"], "person": d["unit"]["person"],
        "phone": d["unit"]["phone"], "description": d["description"], "severity": d["severity"],
        "deadline": d["deadline"], "evidence_required": d["evidence_required"], "status": d["status"],
        "created_at": d["created_at"], "submitted_at": d["submitted_at"], "closed_at": d["closed_at"],
        "indicator": d["indicator"],
    }


def new_item_row(item: LedgerItem, created_by: str) -> dict[str, Any]:
    return {"item_no": item.item_id, **item_values(item), "created_by": created_by}


def event_rows(item_no: str, entries: Iterable[HistoryEntry], first_seq: int = 1) -> list[dict[str, Any]]:
    """History entries as ``ledger_event`` rows numbered from ``first_seq``."""
    rows = []
    for seq, h in enumerate(entries, first_seq):
        rows.append({"item_no": item_no, "seq": seq, "at": h.at.isoformat(), "by": h.by, "action": h.action.value,
                     "from_status": h.from_status.value if h.from_status else None, "to_status": h.to_status.value,
                     "note": h.note, "changes": [list(c) for c in h.changes]})
    return rows
