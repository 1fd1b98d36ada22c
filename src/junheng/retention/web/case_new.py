"""Registering a case by hand (a child a teacher or a village cadre knows has stopped coming): the bureau for any
school or township, a school clerk for their own school, a township official for their own township. A 学籍号 found
in the newest stored roster fills in the rest (the ID number copied protected); an ID number typed in is stored
protected too."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.registry.store.models import School, Township
from junheng.retention.core.cases import DropoutCase
from junheng.retention.core.terms import term_on
from junheng.retention.store.case_open import open_manual_case
from junheng.retention.store.models import RosterRecord
from junheng.retention.store.rosters import stored_terms
from junheng.retention.web.common import need_writer, parse_day, today
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()
CREATORS = ("bureau_admin", "bureau_staff", "school_clerk", "township_official")


@dataclass
class NewCasePage:
    title: str
    schools: list[tuple[str, str]]
    townships: list[tuple[str, str]]
    form: dict = field(default_factory=dict)
    error: str = ""
    tab: str = "cases"


def _page(session, user, scope, form: dict | None = None, error: str = "") -> NewCasePage:
    schools = [(s.school_id, s.name) for s in session.scalars(select(School).order_by(School.school_id))
               if user.role != "school_clerk" or s.school_id == user.school_id]
    towns = [(t.township_code, t.name) for t in session.scalars(select(Township).order_by(Township.township_code))
             if user.role != "township_official" or t.township_code == user.township_code]
    return NewCasePage("登记辍学个案", schools, towns, form or {}, error)


@router.get("/cases/new")
def new_case(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    need_writer(user, CREATORS)
    return render(request, "retention/case_new.html", _page(session, user, scope))


@router.post("/cases/new")
@off_the_loop
async def create_case(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                      scope: CurrentScope, name: str = Form(""), student_id: str = Form(""),
                      id_number: str = Form(""), gender: str = Form(""), birth_date: str = Form(""),
                      school_id: str = Form(""), grade: str = Form(""), class_name: str = Form(""),
                      township_code: str = Form(""), village: str = Form(""), note: str = Form("")):
    need_writer(user, CREATORS)
    form = dict(await request.form())
    school = session.get(School, school_id) if school_id else None
    town = session.get(Township, township_code or (school.township_code if school else "")) or None
    if user.role == "school_clerk" and school_id != user.school_id:
        raise Forbidden("学校用户只能登记本校学生的个案")
    if user.role == "township_official" and (town is None or town.township_code != user.township_code):
        raise Forbidden("乡镇工作人员只能登记本乡镇的个案")
    terms = stored_terms(session)
    record = session.scalars(select(RosterRecord).where(RosterRecord.term == terms[0],
                                                        RosterRecord.student_id == student_id.strip())).first() \
        if terms and student_id.strip() else None
    try:
        if not (name.strip() or record):
            raise ValueError("请填写学生姓名（或填写花名册中的学籍号）")
        if school is None and town is None:
            raise ValueError("请至少选择学校或乡镇")
        birth = parse_day(birth_date, "出生日期").isoformat() if birth_date else (record.birth_date if record else "")
        level = int(grade) if grade.strip() else (record.grade if record else None)
    except ValueError as exc:
        return render(request, "retention/case_new.html", _page(session, user, scope, form, str(exc)),
                      status_code=400)
    protected = {}
    if record is not None:
        protected = {k: getattr(record, k) for k in ("id_number_enc", "id_number_hash", "id_number_masked")}
    elif id_number.strip():
        protected = deployment.protector.protect(id_number.strip().upper())
    case = DropoutCase(
        case_id="new", student_id=student_id.strip(), name=name.strip() or record.name, opened_on=today(),
        source="manual", birth_date=birth, gender=gender or (record.gender if record else ""),
        school_id=school.school_id if school else "", school_name=school.name if school else "", grade=level,
        class_name=class_name.strip() or (record.class_name if record else ""),
        township_code=town.township_code if town else "", township_name=town.name if town else "",
        village=village.strip() or (record.village if record else ""),
        disability=record.disability if record else "")
    case_id = open_manual_case(session, case, term=terms[0] if terms else term_on(today()), protected=protected,
                               username=user.username, note=note.strip() or f"{user.display_name}手工登记")
    return RedirectResponse(f"/retention/cases/{case_id}?done=created", status_code=303)
