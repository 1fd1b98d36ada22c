"""Pages of dropout cases: the 控辍保学 dashboard, the case list, one case with its timeline and actions, the
复学通知书 (Word) and the case list as Excel. Scope: a township official works only their township's cases, a
school clerk their school's (by URL and by POST: 403), the leader reads, the bureau does everything."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.accounts import ROLES
from junheng.registry.store.models import School, Township
from junheng.retention.core.cases import CONTACT_KINDS, CaseError, Contact, Responsible
from junheng.retention.reports.exports import CASE_COLUMNS, write_sheets
from junheng.retention.store.audit import audit_export
from junheng.retention.store.cases import (
    PEOPLE,
    add_contact,
    assign_people,
    case_allowed,
    change_status,
    mark_reported,
    record_notice,
)
from junheng.retention.store.queries import (
    CaseDetail,
    Dashboard,
    case_detail,
    case_list,
    case_record,
    dashboard,
)
from junheng.retention.web.common import (
    DOCX,
    XLSX,
    download,
    need_writer,
    parse_day,
    settings_of,
    today,
)
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()
CASE_WRITERS = ("bureau_admin", "bureau_staff", "school_clerk", "township_official")
NOTICE_WRITERS = ("bureau_admin", "bureau_staff", "township_official")   # the township issues the notice


@dataclass
class DashboardPage:
    title: str
    board: Dashboard
    role_label: str
    tab: str = "home"


def _scope_label(session, user) -> str:
    if user.role == "school_clerk":
        school = session.get(School, user.school_id)
        return school.name if school else user.school_id
    if user.role == "township_official":
        town = session.get(Township, user.township_code)
        return town.name if town else user.township_code
    return "全县"


def home(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope):
    board = dashboard(session, scope, settings_of(deployment), today(), _scope_label(session, user))
    return render(request, "retention/dashboard.html", DashboardPage("控辍保学", board, ROLES[user.role]))


@dataclass
class CaseListPage:
    title: str
    rows: list[dict]
    filters: dict[str, str]
    statuses: list[str]
    townships: list[tuple[str, str]]
    can_create: bool
    tab: str = "cases"


@router.get("/cases")
def cases(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
          status: str = "", township: str = "", overdue: str = "", q: str = ""):
    from junheng.retention.store.queries import STATUSES

    rows = case_list(session, scope, settings_of(deployment), today(), status=status, township_code=township,
                     overdue=bool(overdue), q=q)
    towns = [(t.township_code, t.name) for t in session.scalars(select(Township).order_by(Township.township_code))
             if scope.allows_township(t.township_code)]
    page = CaseListPage("辍学个案", rows, {"status": status, "township": township, "overdue": overdue, "q": q},
                        STATUSES, towns, user.role in CASE_WRITERS)
    if request.headers.get("hx-request"):
        return render(request, "retention/_case_rows.html", page)
    return render(request, "retention/cases.html", page)


@router.get("/cases/export.xlsx")
def export_cases(session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope):
    rows = case_list(session, scope, settings_of(deployment), today())
    audit_export(session, user.username, "辍学个案名单", "cases", len(rows))
    return download(lambda p: write_sheets(p, [("辍学个案", CASE_COLUMNS, rows)]), "辍学个案名单.xlsx", XLSX)


def _case(session, scope, case_id: str):
    record = case_record(session, case_id)
    if record is None:
        raise NotFound(f"没有编号为 {case_id} 的个案")
    if not case_allowed(scope, record):
        raise Forbidden("该个案不在您的工作范围内（乡镇只办理本乡镇的个案，学校只办理本校的个案）")
    return record


@dataclass
class CasePage:
    title: str
    detail: CaseDetail
    contact_kinds: tuple[str, ...]
    people: dict[str, str]
    can_write: bool
    can_notice: bool
    message: str = ""
    error: str = ""
    today: object = None
    tab: str = "cases"
    guardian_text: str = field(default="")


def _page(session, deployment, user, record, message: str = "", error: str = "") -> CasePage:
    detail = case_detail(session, record, settings_of(deployment), today())
    return CasePage(f"个案 {record.case_id} · {record.name}", detail, CONTACT_KINDS, PEOPLE,
                    user.role in CASE_WRITERS, user.role in NOTICE_WRITERS, message, error, today())


DONE = {"contact": "已记录联系", "status": "状态已更新", "assign": "责任人已更新", "report": "已记录上报",
        "notice": "已记录发出复学通知书，可下载通知书打印送达", "created": "个案已登记"}


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
              scope: CurrentScope, done: str = ""):
    record = _case(session, scope, case_id)
    return render(request, "retention/case.html", _page(session, deployment, user, record, DONE.get(done, "")))


@router.get("/cases/{case_id}/notice.docx")
def notice(case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope):
    from junheng.retention.core.workdays import TermCalendar
    from junheng.retention.reports.notice import write_return_notice
    from junheng.retention.store.cases import entries_of, to_domain

    record = _case(session, scope, case_id)
    case = to_domain(record, entries_of(session, [case_id]).get(case_id, []))
    settings = settings_of(deployment)
    issued = case.notice_issued_on or today()
    audit_export(session, user.username, "复学通知书", case_id, 1)
    return download(lambda p: write_return_notice(case, p, issued_on=issued, settings=settings,
                                                  calendar=TermCalendar.from_settings(settings),
                                                  number=f"编号：{case_id}"),
                    f"复学通知书_{record.name}_{case_id}.docx", DOCX)


def _act(request, session, deployment, user, scope, case_id: str, action, roles=CASE_WRITERS, done: str = ""):
    """Run one action on an in-scope case; a refused move shows the page with the reason (400)."""
    need_writer(user, roles)
    record = _case(session, scope, case_id)
    try:
        action(record)
    except (CaseError, ValueError) as exc:   # raised before anything is written
        return render(request, "retention/case.html", _page(session, deployment, user, record, error=str(exc)),
                      status_code=400)
    return RedirectResponse(f"/retention/cases/{case_id}?done={done}", status_code=303)


@router.post("/cases/{case_id}/contact")
def contact(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
            scope: CurrentScope, on: str = Form(""), kind: str = Form(...), note: str = Form(""),
            person: str = Form(""), agreed: str = Form("")):
    def act(record):
        add_contact(session, record, Contact(parse_day(on, "联系日期", today()), kind, note,
                                             person.strip() or user.display_name, bool(agreed)),
                    username=user.username)
    return _act(request, session, deployment, user, scope, case_id, act, done="contact")


@router.post("/cases/{case_id}/status")
def status(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
           scope: CurrentScope, to: str = Form(...), on: str = Form(""), note: str = Form("")):
    def act(record):
        change_status(session, record, to, on=parse_day(on, "日期", today()), by=user.display_name, note=note,
                      username=user.username)
    return _act(request, session, deployment, user, scope, case_id, act, done="status")


@router.post("/cases/{case_id}/assign")
@off_the_loop
async def assign(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                 scope: CurrentScope):
    form = await request.form()

    def act(record):
        people = {k: Responsible(str(form.get(f"{k}_name", "")).strip(), str(form.get(f"{k}_unit", "")).strip(),
                                 str(form.get(f"{k}_phone", "")).strip()) for k in PEOPLE}
        assign_people(session, record, people, on=today(), username=user.username, actor=user.display_name)
    return _act(request, session, deployment, user, scope, case_id, act, done="assign")


@router.post("/cases/{case_id}/report")
def report(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
           scope: CurrentScope, on: str = Form("")):
    def act(record):
        mark_reported(session, record, on=parse_day(on, "上报日期", today()), username=user.username,
                      actor=user.display_name)
    return _act(request, session, deployment, user, scope, case_id, act, done="report")


@router.post("/cases/{case_id}/notice")
def issue(request: Request, case_id: str, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
          scope: CurrentScope, on: str = Form(""), note: str = Form("")):
    def act(record):
        record_notice(session, record, on=parse_day(on, "通知日期", today()), username=user.username, note=note,
                      actor=user.display_name)
    return _act(request, session, deployment, user, scope, case_id, act, roles=NOTICE_WRITERS, done="notice")
