"""The early-warning list per school: who is on it and why, whether each flagged student got a real contact (the
pure ``follow_up`` decides, never a tick box), contacts logged from the page, and the list as Excel. The bureau
sees every school; a school clerk only their own; township officials have no access to student lists here."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from junheng.retention.core.display import masked_rows
from junheng.retention.reports.exports import WARNING_COLUMNS, write_sheets
from junheng.retention.store.audit import audit_export
from junheng.retention.store.census_views import school_info
from junheng.retention.store.models import WarningFlag
from junheng.retention.store.monitor import add_warning_contact, flag_students, warning_view
from junheng.retention.store.rosters import stored_terms
from junheng.retention.web.common import (
    BUREAU,
    WRITERS,
    XLSX,
    download,
    need_roles,
    need_writer,
    parse_day,
    settings_of,
    today,
    visible_schools,
)
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter()
STATE_LABELS = {"contacted": "已有效联系", "missed": "逾期未有效联系", "pending": "待联系"}


@dataclass
class WarningPage:
    title: str
    term: str
    terms: list[str]
    school: str
    schools: list[tuple[str, str]]
    students: list[dict]
    rates: list[dict]
    contacts: list[dict]
    can_flag: bool
    can_contact: bool
    error: str = ""
    tab: str = "warnings"


def _warning_page(session, deployment, user, scope, term: str, school: str, error: str = "") -> WarningPage:
    terms = stored_terms(session)
    term = term if term in terms else (terms[0] if terms else "")
    info = school_info(session)
    visible = visible_schools(session, scope)
    if user.role == "school_clerk":
        school = school or user.school_id
    if school and visible is not None and school not in visible:
        raise Forbidden("您只能查看本校的预警名单")
    people, rates, judged = warning_view(session, term, visible, today=today(), settings=settings_of(deployment))
    names = {s: info.get(s, (s,))[0] for s in set(people["school_id"]) | set(rates.get("school_id", []))}
    rates_rows = [{**r, "name": names.get(r["school_id"], r["school_id"])} for r in rates.to_dict("records")]
    chosen = people[people["school_id"] == school] if school else people.iloc[0:0]
    students = masked_rows([{**r, "state_label": STATE_LABELS.get(r["state"], ""),
                             "school_name": names.get(r["school_id"], "")} for r in chosen.to_dict("records")],
                           "student_id")
    who = dict(zip(chosen["student_id"], chosen["name"]))
    contacts = [{**c, "name": who.get(c["student_id"], "")} for c in
                judged[judged["student_id"].isin(set(who))].sort_values("on").to_dict("records")] if len(judged) else []
    ids = sorted(info) if visible is None else visible
    return WarningPage("辍学预警", term, terms, school, [(s, info[s][0]) for s in ids], students, rates_rows,
                       contacts, user.role in (*WRITERS, "school_clerk"), user.role in (*WRITERS, "school_clerk"), error)


@router.get("/warnings")
def warnings(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
             term: str = "", school: str = ""):
    need_roles(user, (*BUREAU, "school_clerk"))
    return render(request, "retention/warnings.html", _warning_page(session, deployment, user, scope, term, school))


@router.post("/warnings/flag")
def flag(session: DbSession, deployment: DeploymentDep, user: CurrentUser, term: str = Form(...),
         school: str = Form("")):
    need_writer(user, (*WRITERS, "school_clerk"))
    schools = [user.school_id] if user.role == "school_clerk" else None
    flag_students(session, term, on=today(), username=user.username, settings=settings_of(deployment),
                  school_ids=schools)
    return RedirectResponse(f"/retention/warnings?term={term}&school={school}", status_code=303)


@router.post("/warnings/contact")
def warning_contact(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                    scope: CurrentScope, flag: int = Form(...), on: str = Form(""), kind: str = Form(...),
                    note: str = Form(""), person: str = Form("")):
    need_writer(user, (*WRITERS, "school_clerk"))
    flag_row = session.get(WarningFlag, flag)
    if flag_row is None:
        raise NotFound("该学生不在预警名单中")
    if user.role == "school_clerk" and flag_row.school_id != user.school_id:
        raise Forbidden("学校用户只能记录本校学生的联系")
    try:
        add_warning_contact(session, flag_row, on=parse_day(on, "联系日期", today()), kind=kind, note=note,
                            person=person, username=user.username)
    except ValueError as exc:
        return render(request, "retention/warnings.html", _warning_page(
            session, deployment, user, scope, flag_row.term, flag_row.school_id, str(exc)), status_code=400)
    return RedirectResponse(f"/retention/warnings?term={flag_row.term}&school={flag_row.school_id}#s-{flag_row.id}",
                            status_code=303)


@router.get("/warnings/export.xlsx")
def export_warnings(session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
                    term: str = ""):
    need_roles(user, (*BUREAU, "school_clerk"))
    terms = stored_terms(session)
    term = term if term in terms else (terms[0] if terms else "")
    people, _, _ = warning_view(session, term, visible_schools(session, scope), today=today(),
                                settings=settings_of(deployment))
    info = school_info(session)
    rows = masked_rows([{**r, "state_label": STATE_LABELS.get(r["state"], ""),
                         "school_name": info.get(r["school_id"], ("",))[0]} for r in people.to_dict("records")],
                       "student_id")
    audit_export(session, user.username, "辍学预警名单", term, len(rows))
    return download(lambda p: write_sheets(p, [("辍学预警名单", WARNING_COLUMNS, rows)]), f"辍学预警名单_{term}.xlsx", XLSX)
