"""The lottery's home-page tiles (``junheng.home``): the next lottery still to be drawn (frozen ones first, then
drafts, oldest first) — for the bureau, whose pages the lotteries are."""

from __future__ import annotations

from sqlalchemy.orm import Session

from junheng.home import Line, Tile, Viewer
from junheng.lottery.store.queries import list_lotteries
from junheng.lottery.store.service import DRAWN, FROZEN

MAX_LINES = 4


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page not in ("cockpit", "queue"):
        return []
    rows = list_lotteries(session)  # newest first
    waiting = sorted((r for r in rows if r.state != DRAWN), key=lambda r: (r.state != FROZEN, r.id))
    if not waiting:
        drawn = sum(r.state == DRAWN for r in rows)
        return [Tile("lottery", "lottery.next", "下一场派位", "暂无", status="ok", link="/lottery",
                     detail=f"已完成 {drawn} 场派位，没有待抽签的派位" if rows else "尚未建立派位")]
    nxt = waiting[0]
    what = "名单已冻结，待公开抽签" if nxt.state == FROZEN else "草稿：名单待冻结"
    status = "warn" if viewer.page == "queue" else "info"
    lines = tuple(Line(r.title, f"/lottery/{r.id}", f"{r.state} · {r.applicants} 人报名 / {r.seats} 个学位")
                  for r in waiting[:MAX_LINES])
    return [Tile("lottery", "lottery.next", "下一场派位", nxt.title, status=status, link=f"/lottery/{nxt.id}",
                 detail=f"{what}；{nxt.applicants} 人报名，{nxt.seats} 个学位（{nxt.schools}）",
                 headline=viewer.page == "cockpit", lines=lines if len(waiting) > 1 else ())]
