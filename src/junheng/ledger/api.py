"""What the ledger offers other modules: open an item (through the ledger's own service, so numbering, history
and audit are the ledger's), read an item's status, and the published figures ``ledger.open_items`` and
``ledger.overdue_items`` per school (state now, whatever the period; a school without items has 0 — a real zero).
The 优质均衡 shortfall intake (``create_items_from_shortfalls``, ``recheck_from_shortfalls``,
``record_indicator_results``, in ``junheng.ledger.store.intake``) is reachable from here too, for the balance
module's "send to ledger". Callers import this file only, never the ledger's store."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from junheng.ledger.core.deadlines import display_status
from junheng.ledger.store.intake import (
    create_items_from_shortfalls,
    recheck_from_shortfalls,
    record_indicator_results,
)
from junheng.ledger.store.service import LedgerError, NewItem, create, load

__all__ = ["FIGURES", "LedgerError", "create_items_from_shortfalls", "figures", "home_tiles", "item_status", "open_item",
           "recheck_from_shortfalls", "record_indicator_results"]

FIGURES: dict[str, str] = {
    "ledger.open_items": "未销号的整改事项数（待整改、整改中、待验收），当前状态",
    "ledger.overdue_items": "逾期未整改的整改事项数（待整改、整改中且已过整改期限），当前状态",
}


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


def figures(session: Session, period: str, keys: set[str] | None = None, day: dt.date | None = None) -> list:
    """Open and overdue items of every school now (the period only labels the figure)."""
    from sqlalchemy import select

    from junheng.accounts import Scope
    from junheng.figures import Figure
    from junheng.ledger.core.deadlines import is_overdue
    from junheng.ledger.core.model import Status, UnitKind
    from junheng.ledger.store.queries import full_items
    from junheng.registry.store.models import School

    wanted = [k for k in FIGURES if keys is None or k in keys]
    if not wanted:
        return []
    day = day or dt.date.today()
    open_items: dict[str, list[str]] = {}
    overdue: dict[str, list[str]] = {}
    for item in full_items(session, Scope("bureau_admin")):
        if item.unit.kind is not UnitKind.SCHOOL or item.status is Status.CLOSED:
            continue
        open_items.setdefault(item.unit.unit_id, []).append(item.item_id)
        if is_overdue(item, day):
            overdue.setdefault(item.unit.unit_id, []).append(item.item_id)
    out = []
    for code in session.scalars(select(School.school_id).order_by(School.school_id)):
        for key, found, what in (("ledger.open_items", open_items, "未销号"), ("ledger.overdue_items", overdue, "逾期")):
            if key in wanted:
                items = found.get(code, [])
                out.append(Figure(key, code, period, float(len(items)), "项", "整改台账（当前状态）",
                                  f"{day:%Y-%m-%d} {what}事项 {len(items)} 项", tuple(items)))
    return out



def home_tiles(session: Session, viewer) -> list:
    """The home page's tiles (``junheng.home``): overdue and 挂牌督办 items, items awaiting 验收, a school's or a
    township's items to answer — within the viewer's scope."""
    from junheng.ledger.store.home import tiles

    return tiles(session, viewer)
