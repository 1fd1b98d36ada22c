"""Allocation (bureau only): the plan per school, the hand-off to the lottery, finishing with the lottery's
result, 小升初 assignment; the results export (Excel, logged) and the Word notices (logged)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from junheng.admissions.store import allocation, junior, queries
from junheng.admissions.store.applications import ApplicationRefused
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.web.pages import FLASH, bureau, download, flash, see_other, writer, year_of
from junheng.lottery import api as lottery_api
from junheng.store.models.accounts import AuditEntry
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter()
SECTIONS = ("小学", "初中")


@dataclass
class SectionView:
    section: str
    plan: object | None
    plan_error: str
    round: object | None
    lottery_state: str | None
    results: dict[str, int]


@dataclass
class AllocationPage:
    title: str
    year: int
    sections: list[SectionView]
    names: dict[str, str]
    juniors: list
    can_write: bool
    secret: str = ""
    error: str = ""
    message: str = ""
    junior_counts: dict[str, int] = field(default_factory=dict)
    junior_loads: list = field(default_factory=list)


def _section(session, y: int, section: str) -> SectionView:
    """The round's own plan once a round exists (what was handed to the lottery), else the plan as it stands."""
    from junheng.admissions.core.allocation import plan_from_dict

    rnd = allocation.latest_round(session, y, section)
    err = ""
    if rnd is not None:
        p = plan_from_dict(rnd.plan)
    else:
        try:
            p, _ = allocation.build_plan(session, y, section)
        except ApplicationRefused as exc:
            p, err = None, str(exc)
    state = lottery_api.lottery_status(session, rnd.lottery_id) if rnd is not None and rnd.lottery_id else None
    results: dict[str, int] = {}
    for stage in session.scalars(select(AdmissionsApplication.result_stage).where(
            AdmissionsApplication.year == y, AdmissionsApplication.section == section,
            AdmissionsApplication.result_stage != "")):
        results[stage] = results.get(stage, 0) + 1
    return SectionView(section, p, err, rnd, state, results)


def _page(request, session, user, scope, y: int, *, secret: str = "", error: str = "", status_code: int = 200):
    juniors = queries.junior_rows(session, y, scope)
    counts = {"assigned": sum(1 for j in juniors if j.junior_school), "exceptions": sum(1 for j in juniors if not j.junior_school)}
    ctx = AllocationPage("学位分配", y, [_section(session, y, s) for s in SECTIONS], queries.school_names(session),
                         juniors, user.role in ("bureau_admin", "bureau_staff"), secret, error, flash(request), counts,
                         queries.junior_loads(session, y, scope))
    return render(request, "admissions/allocation.html", ctx, status_code=status_code)


@router.get("/allocation")
def allocation_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    bureau(user)
    return _page(request, session, user, scope, year_of(session, year))


@router.post("/allocation/start")
def start(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int = Form(...),
          section: str = Form("小学"), random: str = Form("generate"), commitment: str = Form(""),
          public_source: str = Form(""), public_count: int = Form(0)):
    writer(user)
    y = year_of(session, year)
    try:
        rnd, secret = allocation.start_round(
            session, y, section if section in SECTIONS else "小学", user.username,
            generate_secret=random == "generate", commitment=commitment if random == "enter" else "",
            public_source=public_source, public_count=max(0, min(public_count, 10)))
    except (ApplicationRefused, lottery_api.LotteryError) as exc:
        return _page(request, session, user, scope, y, error=str(exc), status_code=409)
    if rnd.lottery_id is None:
        request.session[FLASH] = "没有超额学校，已直接完成分配"
        return see_other(session, f"/admissions/allocation?year={y}")
    return _page(request, session, user, scope, y, secret=secret)


@router.post("/allocation/{round_id:int}/finish")
def finish(request: Request, round_id: int, session: DbSession, user: CurrentUser, scope: CurrentScope,
           year: int = Form(...)):
    writer(user)
    y = year_of(session, year)
    try:
        allocation.finish_round(session, round_id, user.username)
    except ApplicationRefused as exc:
        return _page(request, session, user, scope, y, error=str(exc), status_code=409)
    request.session[FLASH] = "已按派位结果完成分配，每名儿童的结果已写入报名记录"
    return see_other(session, f"/admissions/allocation?year={y}")


@router.post("/junior")
def assign_junior(request: Request, session: DbSession, user: CurrentUser, year: int = Form(...)):
    writer(user)
    y = year_of(session, year)
    done, exceptions = junior.assign(session, y, user.username)
    session.flush()
    over = [j for j in queries.junior_loads(session, y) if j.over]
    full = "；".join(f"{j.name}超出学位 {j.over} 人" for j in over)
    request.session[FLASH] = f"小升初对口分配：{done} 名六年级学生已分配，{exceptions} 名例外须人工处理" + (
        f"。{len(over)} 所初中对口人数超过招生学位：{full}" if over else "")
    return see_other(session, f"/admissions/allocation?year={y}")


@router.get("/export.xlsx")
def export(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    """Every child's result (the clerk's: their school's), logged as an export of minors' data."""
    from junheng.admissions.reports.excel import results_workbook

    y = year_of(session, year)
    rows = list(session.scalars(queries.scoped(select(AdmissionsApplication).where(AdmissionsApplication.year == y), scope)
                                .order_by(AdmissionsApplication.application_no)))
    session.add(AuditEntry(username=user.username, action="admissions:export", target=f"{y} 招生结果",
                           detail={"rows": len(rows), "scope": scope.school_id or "全县"}))
    data = results_workbook(rows, queries.school_names(session), y)
    return download(data, f"{y}年招生结果.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.get("/applications/{no}/notice.docx")
def notice(request: Request, no: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    from junheng.admissions.reports.notice import notice_document

    row = session.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == no[:32]))
    if row is None:
        raise NotFound("没有这份报名")
    if not queries.visible(row, scope):
        raise Forbidden("这份报名不属于您的学校")
    if not row.result_stage:
        raise NotFound("尚未分配学位，还没有通知书")
    session.add(AuditEntry(username=user.username, action="admissions:notice", target=row.application_no, detail={}))
    data = notice_document(row, queries.school_names(session))
    return download(data, f"入学通知-{row.application_no}.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
