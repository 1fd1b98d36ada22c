"""Items as plain JSON-ready dicts and back (for files, the CLI and the database's JSON columns).

Dates are ISO 8601 text; enums are stored by their Chinese value. ``item_from_dict(item_to_dict(x)) == x``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from junheng.ledger.core.model import (
    Action,
    Category,
    Evidence,
    HistoryEntry,
    IndicatorLink,
    LedgerItem,
    ResponsibleUnit,
    Severity,
    Source,
    Status,
    UnitKind,
)


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def item_to_dict(item: LedgerItem) -> dict[str, Any]:
    ind = item.indicator
    return {
        "item_id": item.item_id,
        "source": {"inspection": item.source.inspection, "date": item.source.date.isoformat(), "by": item.source.by},
        "category": item.category.value,
        "unit": {"unit_id": item.unit.unit_id, "name": item.unit.name, "kind": item.unit.kind.value,
                 "person": item.unit.person, "phone": item.unit.phone},
        "description": item.description,
        "severity": item.severity.value,
        "deadline": item.deadline.isoformat(),
        "evidence_required": item.evidence_required,
        "status": item.status.value,
        "created_at": item.created_at.isoformat(),
        "submitted_at": item.submitted_at.isoformat() if item.submitted_at else None,
        "closed_at": item.closed_at.isoformat() if item.closed_at else None,
        "evidence": [{"name": e.name, "kind": e.kind, "ref": e.ref, "uploaded_at": e.uploaded_at.isoformat(),
                      "by": e.by, "note": e.note} for e in item.evidence],
        "history": [{"at": h.at.isoformat(), "by": h.by, "action": h.action.value,
                     "from_status": h.from_status.value if h.from_status else None, "to_status": h.to_status.value,
                     "note": h.note, "changes": [list(c) for c in h.changes]} for h in item.history],
        "indicator": None if ind is None else {
            "school_id": ind.school_id, "school_name": ind.school_name, "stage": ind.stage,
            "indicator": ind.indicator, "indicator_name": ind.indicator_name, "gap_text": ind.gap_text,
            "passing": ind.passing, "checked_at": ind.checked_at.isoformat() if ind.checked_at else None,
            "value": ind.value, "threshold": ind.threshold},
    }


def item_from_dict(data: dict[str, Any]) -> LedgerItem:
    s, u, ind = data["source"], data["unit"], data.get("indicator")
    return LedgerItem(
        item_id=data["item_id"],
        source=Source(s["inspection"], dt.date.fromisoformat(s["date"]), s["by"]),
        category=Category(data["category"]),
        unit=ResponsibleUnit(u["unit_id"], u["name"], UnitKind(u["kind"]), u["person"], u.get("phone", "")),
        description=data["description"],
        severity=Severity(data["severity"]),
        deadline=dt.date.fromisoformat(data["deadline"]),
        evidence_required=data["evidence_required"],
        status=Status(data["status"]),
        created_at=dt.datetime.fromisoformat(data["created_at"]),
        submitted_at=_dt(data.get("submitted_at")),
        closed_at=_dt(data.get("closed_at")),
        evidence=tuple(Evidence(e["name"], e["kind"], e["ref"], dt.datetime.fromisoformat(e["uploaded_at"]),
                                e["by"], e.get("note", "")) for e in data.get("evidence", ())),
        history=tuple(HistoryEntry(dt.datetime.fromisoformat(h["at"]), h["by"], Action(h["action"]),
                                   Status(h["from_status"]) if h.get("from_status") else None,
                                   Status(h["to_status"]), h.get("note", ""),
                                   tuple(tuple(c) for c in h.get("changes", ())))
                      for h in data.get("history", ())),
        indicator=None if ind is None else IndicatorLink(
            ind["school_id"], ind["school_name"], ind["stage"], ind["indicator"], ind["indicator_name"],
            ind["gap_text"], ind.get("passing"), _dt(ind.get("checked_at")), ind.get("value"), ind.get("threshold")),
    )
