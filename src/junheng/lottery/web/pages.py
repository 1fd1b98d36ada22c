"""Shared pieces of the lottery pages: who may do what, loading a lottery, the overview page's context."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from junheng.accounts import WRITE_ROLES
from junheng.io.problems import Problem
from junheng.lottery.store import queries
from junheng.web.deps import Forbidden, NotFound, require_roles
from junheng.web.render import render

# Bureau admins and staff run lotteries; the leader reads; school clerks and township officials have no access.
BUREAU = require_roles("bureau_admin", "bureau_staff", "leader")
FLASH = "lottery_flash"


def see_other(session, url: str) -> RedirectResponse:
    """Commit, then redirect (303). The request's session would commit only after the response has been sent,
    so the page the browser asks for next could still read the state before this change."""
    session.commit()
    return RedirectResponse(url, status_code=303)


def writer(user) -> None:
    if user.role not in WRITE_ROLES:
        raise Forbidden("只有教育局管理员和工作人员可以操作派位（局领导为只读）")


def lottery_view(session, lottery_id: int) -> queries.LotteryView:
    v = queries.view(session, lottery_id)
    if v is None:
        raise NotFound(f"没有编号为 {lottery_id} 的派位")
    return v


def public_url(request: Request, lottery_id: int) -> str:
    return str(request.base_url).rstrip("/") + f"/lottery/public/{lottery_id}"


@dataclass
class OverviewPage:
    title: str
    v: queries.LotteryView
    applicants: list
    receipts: list
    can_write: bool
    public_url: str
    message: str = ""
    error: str = ""
    problems: list[Problem] = field(default_factory=list)
    file_name: str = ""
    q: str = ""
    result: str = ""
    names: dict[str, str] = field(default_factory=dict)


def overview(request: Request, session, user, lottery_id: int, *, message: str = "", error: str = "",
             problems: list[Problem] | None = None, file_name: str = "", q: str = "", result: str = "",
             status_code: int = 200):
    v = lottery_view(session, lottery_id)
    page = OverviewPage(v.lottery.title, v, queries.applicants(session, lottery_id, q) if v.draw is None else [],
                        queries.receipts(session, lottery_id, result) if v.draw else [], user.role in WRITE_ROLES,
                        public_url(request, lottery_id), message or request.session.pop(FLASH, ""), error,
                        problems or [], file_name, q, result,
                        queries.display_names(session, [r.frozen_by if r is v.freeze else r.drawn_by
                                                        for r in (v.freeze, v.draw) if r is not None]))
    return render(request, "lottery/overview.html", page, status_code=status_code)


def download(data: str | bytes, name: str, media_type: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
