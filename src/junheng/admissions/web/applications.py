"""The applications queue (filters, counts, paging; a clerk sees their school's only) and one application:
the facts, the rules' checks, the decision with its reason, the appeal and the history."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from junheng.admissions.store import decisions, queries
from junheng.admissions.store.applications import STATUSES, ApplicationRefused
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.web.pages import FLASH, flash, see_other, writer, year_of
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter()


@dataclass
class QueuePage:
    title: str
    year: int
    queue: queries.Queue
    filters: dict[str, str]
    statuses: tuple[str, ...]
    schools: list[tuple[str, str]]
    names: dict[str, str]
    can_write: bool
    message: str = ""


@router.get("/applications")
def application_list(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                     year: int | None = None, status: str = "", school: str = "", section: str = "", source: str = "",
                     eligible: str = "", result: str = "", q: str = "", page: int = 1):
    y = year_of(session, year)
    f = queries.Filters(status, school, section, source, eligible, result, q[:40], page)
    names = queries.school_names(session)
    schools = sorted({(r.school_id, names.get(r.school_id, r.school_id)) for r in queries.demand(session, y, "小学", scope)
                      + queries.demand(session, y, "初中", scope)}, key=lambda x: x[0])
    ctx = QueuePage("报名审核", y, queries.queue(session, scope, y, f), f.as_dict(), STATUSES, schools, names,
                    user.role in ("bureau_admin", "bureau_staff"), flash(request))
    return render(request, "admissions/queue.html", ctx)


@router.post("/applications/approve-by-rules")
def approve_by_rules(request: Request, session: DbSession, user: CurrentUser, year: int = Form(...)):
    writer(user)
    y = year_of(session, year)
    n = decisions.approve_by_rules(session, y, user.username)
    request.session[FLASH] = f"已按规则批量通过 {n} 份规则核验合格的报名（每份均记入审核记录）；规则核验不合格的须逐份审核"
    return see_other(session, f"/admissions/applications?year={y}")


@dataclass
class ApplicationPage:
    title: str
    row: AdmissionsApplication
    history: list
    names: dict[str, str]
    can_write: bool
    error: str = ""
    message: str = ""
    zone_schools: list[str] = field(default_factory=list)


def _row(session, scope, no: str) -> AdmissionsApplication:
    row = session.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == no[:32]))
    if row is None:
        raise NotFound(f"没有报名编号为 {no[:32]} 的报名")
    if not queries.visible(row, scope):
        raise Forbidden("这份报名不属于您的学校")
    return row


def _page(request, session, user, row, error: str = "", status_code: int = 200):
    ctx = ApplicationPage(f"报名 {row.application_no}", row, decisions.history(session, row), queries.school_names(session),
                          user.role in ("bureau_admin", "bureau_staff"), error, flash(request),
                          [s for s in row.zone_schools.split("|") if s])
    return render(request, "admissions/application.html", ctx, status_code=status_code)


@router.get("/applications/{no}")
def application_page(request: Request, no: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    return _page(request, session, user, _row(session, scope, no))


@router.post("/applications/{no}/decide")
def decide(request: Request, no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           outcome: str = Form(...), reason: str = Form("")):
    writer(user)
    row = _row(session, scope, no)
    try:
        decisions.decide(session, row, outcome == "approve", reason, user.username)
    except ApplicationRefused as exc:
        return _page(request, session, user, row, str(exc), 409)
    request.session[FLASH] = f"已记录审核结论：{row.status}"
    return see_other(session, f"/admissions/applications/{row.application_no}")


@router.post("/applications/{no}/appeal")
def appeal(request: Request, no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           grounds: str = Form("")):
    writer(user)
    row = _row(session, scope, no)
    try:
        decisions.appeal(session, row, grounds, user.username)
    except ApplicationRefused as exc:
        return _page(request, session, user, row, str(exc), 409)
    request.session[FLASH] = "已登记申诉，等待复核"
    return see_other(session, f"/admissions/applications/{row.application_no}")
