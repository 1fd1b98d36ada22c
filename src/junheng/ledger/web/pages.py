"""The item page, shared by the page route and by the actions that re-render it with a message or error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import RedirectResponse

from junheng.ledger.core.deadlines import days_to_deadline, display_status
from junheng.ledger.core.escalation import Escalation, escalate
from junheng.ledger.core.model import LedgerItem
from junheng.ledger.store import queries
from junheng.ledger.store.evidence import ACCEPT
from junheng.ledger.store.service import load
from junheng.web.deps import Forbidden, NotFound
from junheng.web.render import render

FLASH = "ledger_flash"


def see_other(session, url: str) -> RedirectResponse:
    """Commit, then redirect (303). The request's session would commit only after the response has been sent,
    so the page the browser asks for next could still read the state before this change."""
    session.commit()
    return RedirectResponse(url, status_code=303)


def today() -> dt.date:
    return dt.date.today()


def visible_item(session, scope, item_no: str):
    """The item row and pure item, or NotFound / Forbidden (out of scope by URL)."""
    found = load(session, item_no)
    if found is None:
        raise NotFound(f"没有编号为 {item_no} 的整改事项")
    if not queries.can_see(session, scope, found[0]):
        raise Forbidden("您只能查看本单位范围内的整改事项")
    return found


@dataclass
class ItemPage:
    title: str
    item: LedgerItem
    status: str
    days_left: int
    escalation: Escalation
    evidence: list
    can_work: bool
    can_verify: bool
    message: str = ""
    error: str = ""
    accept: str = ACCEPT
    names: dict[str, str] = field(default_factory=dict)


def item_page(request: Request, session, user, scope, item_no: str, message: str = "", error: str = "",
              status_code: int = 200):
    """Render an item's page (also after an action, with its message or error)."""
    row, item = visible_item(session, scope, item_no)
    day = today()
    page = ItemPage(f"整改事项 {item_no}", item, display_status(item, day), days_to_deadline(item, day),
                    escalate(item, day), queries.evidence_of(session, item_no), queries.can_work(user, row),
                    queries.can_verify(user), message or request.session.pop(FLASH, ""), error,
                    names=queries.display_names(session, [h.by for h in item.history]))
    return render(request, "ledger/item.html", page, status_code=status_code)
