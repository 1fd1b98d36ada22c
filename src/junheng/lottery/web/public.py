"""Public pages of a lottery — deliberately without login (parents, the press, anyone):

- ``/lottery/public/{id}``: the frozen list's SHA-256, the commitment and public source, and a search by
  application number that shows that one receipt only (number, tier, result, rule) — never a name, an ID
  number or anyone else's data;
- ``/lottery/public/{id}/list.csv`` and ``/result.json``: the published frozen list and result file.

Only frozen lotteries have public pages (a draft is 404). The search is a POST (the number stays out of URLs
and logs) limited to ``LOOKUPS_PER_MINUTE`` per client address; every receipt it can show is in the published
result file anyway, so the limit only protects the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Form, Request

from junheng.lottery.store import queries
from junheng.lottery.store.models import LotteryApplicant, LotteryReceipt
from junheng.lottery.web.pages import download
from junheng.web.deps import DbSession, NotFound
from junheng.web.render import render
from junheng.web.security import RateLimiter

router = APIRouter(prefix="/public")
LOOKUPS_PER_MINUTE = 10
MAX_NUMBER_LENGTH = 32


def _public_view(session, lottery_id: int) -> queries.LotteryView:
    v = queries.view(session, lottery_id)
    if v is None or v.freeze is None:
        raise NotFound("没有这个已公示的派位")
    return v


def _limiter(request: Request) -> RateLimiter:
    state = request.app.state
    if not hasattr(state, "lottery_lookups"):
        state.lottery_lookups = RateLimiter(LOOKUPS_PER_MINUTE)
    return state.lottery_lookups


@dataclass
class PublicPage:
    title: str
    v: queries.LotteryView
    number: str = ""
    receipt: LotteryReceipt | None = None
    listed: LotteryApplicant | None = None
    searched: bool = False
    error: str = ""


@router.get("/{lottery_id:int}")
def public_page(request: Request, lottery_id: int, session: DbSession):
    v = _public_view(session, lottery_id)
    return render(request, "lottery/public.html", PublicPage(v.lottery.title, v))


@router.post("/{lottery_id:int}")
def lookup(request: Request, lottery_id: int, session: DbSession, number: str = Form("")):
    """One application number → that applicant's receipt only."""
    v = _public_view(session, lottery_id)
    number = number.strip()[:MAX_NUMBER_LENGTH]
    client = request.client.host if request.client else "unknown"
    limiter = _limiter(request)
    if limiter.blocked(f"ip:{client}"):
        page = PublicPage(v.lottery.title, v, number, error="查询过于频繁，请一分钟后再试。")
        return render(request, "lottery/public.html", page, status_code=429)
    limiter.fail(f"ip:{client}")
    if not number:
        return render(request, "lottery/public.html", PublicPage(v.lottery.title, v, error="请输入报名编号"),
                      status_code=400)
    receipt = queries.receipt_for(session, lottery_id, number) if v.draw else None
    listed = None if v.draw else queries.listed(session, lottery_id, number)
    return render(request, "lottery/public.html", PublicPage(v.lottery.title, v, number, receipt, listed, True))


@router.get("/{lottery_id:int}/list.csv")
def public_list(lottery_id: int, session: DbSession):
    v = _public_view(session, lottery_id)
    return download(v.freeze.canonical_csv.encode("utf-8"), f"冻结名单-{lottery_id}.csv", "text/csv; charset=utf-8")


@router.get("/{lottery_id:int}/result.json")
def public_result(lottery_id: int, session: DbSession):
    v = _public_view(session, lottery_id)
    if v.draw is None:
        raise NotFound("尚未抽签，还没有结果文件")
    return download(v.draw.result_json, f"派位结果-{lottery_id}.json", "application/json")
