"""What the ledger offers other modules: open an item (through the ledger's own service, so numbering, history
and audit are the ledger's) and read an item's status. Callers import this file only, never the ledger's store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from junheng.ledger.core.deadlines import display_status
from junheng.ledger.store.service import LedgerError, NewItem, create, load

__all__ = ["LedgerError", "item_status", "open_item"]


def open_item(session: Session, *, school_id: str, inspection: str, inspection_date: dt.date, inspector: str,
              description: str, deadline: dt.date, username: str, category: str = "教学管理",
              severity: str = "一般", person: str = "", evidence_required: str = "") -> str:
    """Create one ledger item (待整改) for a school and return its number; ``LedgerError`` if refused."""
    row = create(session, NewItem(inspection=inspection, inspection_date=inspection_date, inspector=inspector,
                                  category=category, unit_id=school_id, person=person, description=description,
                                  severity=severity, deadline=deadline, evidence_required=evidence_required),
                 username)
    return row.item_no


def item_status(session: Session, item_no: str, day: dt.date | None = None) -> str | None:
    """The item's status as the ledger shows it (逾期 derived from its deadline), or None if there is none."""
    found = load(session, item_no)
    if found is None:
        return None
    return display_status(found[1], day or dt.date.today())
