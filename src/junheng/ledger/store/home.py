"""The ledger's home-page tiles (``junheng.home``): counts over the items in the viewer's scope, escalated
exactly as the ledger's dashboard does (``core.escalation``, default policy)."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.orm import Session

from junheng.home import Line, Tile, Viewer, count_status
from junheng.ledger.core.deadlines import days_overdue, days_to_deadline, is_overdue
from junheng.ledger.core.escalation import Level, escalate
from junheng.ledger.core.model import OVERDUE, Status
from junheng.ledger.store.queries import light_items

MAX_LINES = 6


def _list(status: str) -> str:
    return f"/ledger?status={quote(status)}"


def _line(item, today) -> Line:
    if is_overdue(item, today):
        note, status = f"已逾期 {days_overdue(item, today)} 天", "bad"
    else:
        left = days_to_deadline(item, today)
        note, status = (f"{left} 天后到期", "warn") if left <= 7 else (f"期限 {item.deadline:%m-%d}", "info")
    text = f"{item.unit.name}：{item.description}"
    return Line(text if len(text) <= 40 else text[:39] + "…", f"/ledger/items/{item.item_id}", note, status)


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page == "other":
        return []
    today = viewer.today
    items = light_items(session, viewer.scope)
    open_items = [i for i in items if not i.is_closed]
    overdue = [i for i in open_items if is_overdue(i, today)]
    supervised = [e for e in (escalate(i, today) for i in overdue) if e.level is Level.SUPERVISED]
    awaiting = [i for i in open_items if i.status is Status.AWAITING_CHECK]
    out = []
    if viewer.page in ("cockpit", "queue"):
        out.append(Tile("ledger", "ledger.overdue", "逾期整改事项", len(overdue), "项", count_status(len(overdue)),
                        _list(OVERDUE), f"未销号 {len(open_items)} 项中已过整改期限", headline=True))
        out.append(Tile("ledger", "ledger.supervised", "挂牌督办", len(supervised), "项",
                        count_status(len(supervised)), "/ledger/dashboard",
                        "逾期超过督办天数（严重 1 天、较重 7 天、一般 15 天）", headline=viewer.page == "cockpit",
                        lines=tuple(_line(e.item, today) for e in supervised[:MAX_LINES])))
        out.append(Tile("ledger", "ledger.awaiting_check", "待验收", len(awaiting), "项",
                        count_status(len(awaiting), bad=False) if viewer.page == "queue" else "info",
                        _list(Status.AWAITING_CHECK.value), "学校已提交整改材料，等待教育局验收销号"))
    else:  # a school's items to answer, or a township's schools' items
        answer = sorted((i for i in open_items if i.status in (Status.PENDING, Status.IN_PROGRESS)),
                        key=lambda i: (i.deadline, i.item_id))
        soon = [i for i in answer if not is_overdue(i, today) and days_to_deadline(i, today) <= 7]
        status = "bad" if overdue else ("warn" if soon else ("info" if answer else "ok"))
        who = "本校" if viewer.page == "school" else "本乡镇学校"
        out.append(Tile("ledger", "ledger.to_answer", "待整改事项", len(answer), "项", status, "/ledger",
                        f"{who}待整改、整改中的事项；其中逾期 {len(overdue)} 项" + (
                            f"，{len(awaiting)} 项待验收" if awaiting else ""),
                        lines=tuple(_line(i, today) for i in answer[:MAX_LINES])))
    return out
