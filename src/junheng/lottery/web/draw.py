"""The draw (reveal the secret and/or enter the public values → seed → run → store), the projector page, the
result file and the verification page (upload a result file and a list → match or the differences)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import RedirectResponse

from junheng.lottery.store import queries, service
from junheng.lottery.web.pages import (
    BUREAU,
    FLASH,
    download,
    lottery_view,
    overview,
    public_url,
    see_other,
    writer,
)
from junheng.web.deps import CurrentUser, DbSession
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(dependencies=[BUREAU])


@dataclass
class DrawPage:
    title: str
    v: queries.LotteryView
    error: str = ""
    secret: str = ""
    public_values: list[str] = field(default_factory=list)


@router.get("/{lottery_id:int}/draw")
def draw_form(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    writer(user)
    v = lottery_view(session, lottery_id)
    if v.draw is not None:
        return RedirectResponse(f"/lottery/{lottery_id}/live", status_code=303)
    if v.freeze is None:
        return overview(request, session, user, lottery_id, error="名单尚未冻结，不能抽签", status_code=409)
    return render(request, "lottery/draw.html", DrawPage(f"现场抽签 · {v.lottery.title}", v,
                                                         public_values=[""] * v.lottery.public_count))


@router.post("/{lottery_id:int}/draw")
@off_the_loop
async def draw(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    writer(user)
    form = await request.form()
    secret = str(form.get("secret") or "")
    values = [str(v) for v in form.getlist("public_value")]
    try:
        service.draw(session, lottery_id, secret, values, user.username)
    except service.LotteryError as exc:
        v = lottery_view(session, lottery_id)
        page = DrawPage(f"现场抽签 · {v.lottery.title}", v, str(exc), secret,
                        values + [""] * max(0, v.lottery.public_count - len(values)))
        return render(request, "lottery/draw.html", page, status_code=400)
    return see_other(session, f"/lottery/{lottery_id}/live")


@dataclass
class LivePage:
    title: str
    v: queries.LotteryView
    live: dict
    public_url: str


@router.get("/{lottery_id:int}/live")
def live(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    """The projector page: large type, list hash and seed, the admitted list revealed one by one."""
    v = lottery_view(session, lottery_id)
    if v.draw is None:
        return overview(request, session, user, lottery_id, error="尚未抽签", status_code=409)
    return render(request, "lottery/live.html", LivePage(v.lottery.title, v, queries.live_data(session, v),
                                                         public_url(request, lottery_id)))


@router.get("/{lottery_id:int}/result.json")
def result_file(lottery_id: int, session: DbSession, user: CurrentUser):
    v = lottery_view(session, lottery_id)
    if v.draw is None:
        return RedirectResponse(f"/lottery/{lottery_id}", status_code=303)
    return download(v.draw.result_json, f"派位结果-{lottery_id}.json", "application/json")


@router.get("/{lottery_id:int}/list.csv")
def frozen_list(lottery_id: int, session: DbSession, user: CurrentUser):
    v = lottery_view(session, lottery_id)
    if v.freeze is None:
        return RedirectResponse(f"/lottery/{lottery_id}", status_code=303)
    return download(v.freeze.canonical_csv.encode("utf-8"), f"冻结名单-{lottery_id}.csv", "text/csv; charset=utf-8")


@router.get("/{lottery_id:int}/receipts.xlsx")
def receipts_export(lottery_id: int, session: DbSession, user: CurrentUser):
    """The results with names (personal data: the export is logged)."""
    from junheng.lottery.reports.export import receipts_workbook
    from junheng.store.models.accounts import AuditEntry

    v = lottery_view(session, lottery_id)
    if v.draw is None:
        return RedirectResponse(f"/lottery/{lottery_id}", status_code=303)
    rows = queries.receipts(session, lottery_id, limit=1_000_000)
    session.add(AuditEntry(username=user.username, action="lottery:export", target=f"{lottery_id} {v.lottery.title}",
                           detail={"rows": len(rows), "personal_data": True}))
    return download(receipts_workbook(v.lottery.title, rows), f"{v.lottery.title}-派位结果.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class VerifyPage:
    title: str
    checked: bool = False
    ok: bool = False
    differences: list = field(default_factory=list)
    summary: str = ""
    error: str = ""


@router.get("/verify")
def verify_form(request: Request, user: CurrentUser):
    return render(request, "lottery/verify.html", VerifyPage("派位结果核验"))


@router.post("/verify")
@off_the_loop
async def verify(request: Request, user: CurrentUser, result: UploadFile, applicants: UploadFile):
    """Re-run a published draw from the uploaded result file and list; writes nothing (also open to the leader)."""
    from junheng.lottery.core.csvio import parse_applicants_csv
    from junheng.lottery.core.model import LotteryInputError
    from junheng.lottery.core.resultfile import load_result
    from junheng.lottery.core.verify import verify_draw

    try:
        published = load_result((await result.read()).decode("utf-8-sig"), result.filename or "结果文件")
        people = parse_applicants_csv((await applicants.read()).decode("utf-8-sig"), applicants.filename or "名单")
        check = verify_draw(published, people)
    except (LotteryInputError, UnicodeDecodeError) as exc:
        return render(request, "lottery/verify.html", VerifyPage("派位结果核验", error=str(exc)), status_code=400)
    summary = ""
    if check.ok:
        r = check.recomputed
        summary = (f"名单 SHA-256 {r.list_sha256}，种子 {r.seed}；重算得到录取 {len(r.admitted)} 人、"
                   f"候补 {len(r.waitlist)} 人，与结果文件完全一致。")
    return render(request, "lottery/verify.html",
                  VerifyPage("派位结果核验", True, check.ok, [str(d) for d in check.differences], summary))


__all__ = ["FLASH", "router"]
