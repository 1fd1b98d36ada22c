"""责任督学 pages (roster, quota, visits with evidence, 约谈), the satisfaction survey, and the public
disclosure list of approved results."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse

from junheng.accounts import WRITE_ROLES
from junheng.evaluation.core import SurveyError, load_questionnaire
from junheng.evaluation.core.periods import term_label
from junheng.evaluation.core.survey import DEFAULT_QUESTIONNAIRE, Questionnaire, SurveyResult
from junheng.evaluation.core.visits import CheckItem, QuotaRow, load_checklist, quota_rows
from junheng.evaluation.store import inspection, rounds, surveys
from junheng.evaluation.store.models import EvaluationResult, EvaluationSurvey, EvaluationVisit
from junheng.evaluation.store.schools import inspector_of_user, schools, visible_codes
from junheng.evaluation.web.common import done, messages, require_bureau, require_school, require_writer
from junheng.io.problems import ImportFailed
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()


def _months(day: dt.date, n: int = 6) -> list[str]:
    out, y, m = [], day.year, day.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return list(reversed(out))


@dataclass
class InspectorsPage:
    title: str
    roster: list[inspection.InspectorRow]
    quota: list[QuotaRow]
    months: list[str]
    visits: list[EvaluationVisit]
    names: dict[str, str]
    inspectors: dict[int, str]
    interviews: list
    checklist: dict[str, str]
    can_write: bool
    can_visit: bool
    all_schools: list[tuple[str, str]]
    today: dt.date
    chart: dict = field(default_factory=dict)
    message: str = ""
    error: str = ""


@router.get("/inspectors")
def inspectors_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    codes = visible_codes(session, scope, user.username)
    people = inspection.roster(session, codes)
    day = dt.date.today()
    months = _months(day)
    vis = inspection.visits(session, codes)
    ids = {p.id: p.name for p in people}
    quota = quota_rows({p.name: p.monthly_quota for p in people},
                       [(ids[v.inspector_id], v.visit_date.isoformat()) for v in vis if v.inspector_id in ids], months)
    chart = {"months": months, "series": [{"name": p.name, "data": [q.visits for q in quota if q.inspector == p.name]}
                                          for p in people],
             "quota": max((p.monthly_quota for p in people), default=0)}
    names = {c: s.name for c, s in schools(session).items()}
    msg, err = messages(request)
    return render(request, "evaluation/inspectors.html", InspectorsPage(
        "责任督学与挂牌督导", people, quota, months, vis[:50], names, ids, inspection.interviews(session, codes)[:30],
        {c.id: c.name for c in load_checklist()}, user.role in WRITE_ROLES,
        user.role in WRITE_ROLES or user.role == "inspector", sorted(names.items()), day, chart, msg, err))


@router.post("/inspectors")
def add_inspector(request: Request, session: DbSession, user: CurrentUser, name: Annotated[str, Form()],
                  username: Annotated[str, Form()] = "", phone: Annotated[str, Form()] = "",
                  monthly_quota: Annotated[int, Form()] = 2, school_ids: Annotated[list[str], Form()] = ()):
    require_writer(user)
    try:
        inspection.add_inspector(session, name, username, phone, monthly_quota, list(school_ids), user.username)
    except rounds.EvaluationError as exc:
        return done(request, session, "/evaluation/inspectors", error=str(exc))
    return done(request, session, "/evaluation/inspectors", f"已添加责任督学{name}")


@dataclass
class VisitForm:
    title: str
    inspectors: list[inspection.InspectorRow]
    checklist: tuple[CheckItem, ...]
    today: dt.date
    fixed: int | None


@router.get("/visits/new")
def new_visit(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    if user.role not in WRITE_ROLES and user.role != "inspector":
        raise Forbidden("只有责任督学和教育局工作人员可以填写督导记录")
    me = inspector_of_user(session, user.username) if user.role == "inspector" else None
    people = [p for p in inspection.roster(session) if me is None or p.id == me.id]
    return render(request, "evaluation/visit_new.html",
                  VisitForm("填写督导记录", people, load_checklist(), dt.date.today(), me.id if me else None))


@router.post("/visits")
@off_the_loop
async def post_visit(request: Request, session: DbSession, user: CurrentUser, deployment: DeploymentDep,
                     inspector_id: Annotated[int, Form()], school_id: Annotated[str, Form()],
                     visit_date: Annotated[str, Form()], issues: Annotated[str, Form()] = "",
                     checked: Annotated[list[str], Form()] = (), open_ledger_item: Annotated[str, Form()] = "",
                     person: Annotated[str, Form()] = "校长", files: Annotated[list[UploadFile], File()] = ()):
    me = inspector_of_user(session, user.username) if user.role == "inspector" else None
    if user.role not in WRITE_ROLES and (me is None or me.id != inspector_id):
        raise Forbidden("只能填写本人的督导记录")
    try:
        day = dt.date.fromisoformat(visit_date)
    except ValueError:
        return done(request, session, "/evaluation/inspectors", error=f"督导日期「{visit_date}」无效")
    uploads = [(f.filename or "file", await f.read()) for f in files if f.filename]
    try:
        with session.begin_nested():          # the visit and its ledger item together, or neither
            visit = inspection.record_visit(session, inspection.NewVisit(
                inspector_id, school_id, day, list(checked), issues, bool(open_ledger_item), person=person),
                user.username, deployment.settings.data_dir, uploads)
    except rounds.EvaluationError as exc:
        return done(request, session, "/evaluation/inspectors", error=str(exc))
    note = f"，已生成整改事项 {visit.ledger_item_no}" if visit.ledger_item_no else ""
    return done(request, session, f"/evaluation/visits/{visit.id}", f"已保存督导记录{note}")


@dataclass
class VisitPage:
    title: str
    visit: EvaluationVisit
    school: str
    inspector: str
    checklist: tuple[CheckItem, ...]
    ledger_status: str | None
    message: str = ""


@router.get("/visits/{visit_id}")
def visit_page(request: Request, visit_id: int, session: DbSession, user: CurrentUser, scope: CurrentScope):
    from junheng.ledger import api as ledger

    visit = session.get(EvaluationVisit, visit_id)
    if visit is None:
        raise NotFound("没有这条督导记录")
    require_school(session, scope, user, visit.school_id)
    names = {c: s.name for c, s in schools(session).items()}
    who = {p.id: p.name for p in inspection.roster(session)}
    status = ledger.item_status(session, visit.ledger_item_no) if visit.ledger_item_no else None
    msg, _ = messages(request)
    return render(request, "evaluation/visit.html", VisitPage(
        f"督导记录 {visit.id}", visit, names.get(visit.school_id, visit.school_id), who.get(visit.inspector_id, ""),
        load_checklist(), status, msg))


@router.get("/visits/{visit_id}/evidence/{n}")
def visit_evidence(visit_id: int, n: int, session: DbSession, user: CurrentUser, scope: CurrentScope,
                   deployment: DeploymentDep):
    visit = session.get(EvaluationVisit, visit_id)
    if visit is None or not 0 <= n < len(visit.evidence):
        raise NotFound("没有这个佐证材料")
    require_school(session, scope, user, visit.school_id)
    ev = visit.evidence[n]
    try:
        path = inspection.evidence_path(deployment.settings.data_dir, ev["ref"])
    except rounds.EvaluationError as exc:  # a stored name that is not one of ours: never followed
        raise NotFound(str(exc)) from exc
    if not path.exists():
        raise NotFound("文件已不在服务器上")
    return FileResponse(path, media_type=ev["content_type"],
                        headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(ev['name'])}",
                                 "X-Content-Type-Options": "nosniff"})


@router.post("/interviews")
def post_interview(request: Request, session: DbSession, user: CurrentUser, school_id: Annotated[str, Form()],
                   interview_date: Annotated[str, Form()], reason: Annotated[str, Form()],
                   attendees: Annotated[str, Form()] = "", summary: Annotated[str, Form()] = ""):
    require_writer(user)
    try:
        inspection.record_interview(session, school_id, dt.date.fromisoformat(interview_date), reason, attendees,
                                    summary, user.username)
    except (rounds.EvaluationError, ValueError) as exc:
        return done(request, session, "/evaluation/inspectors", error=str(exc))
    return done(request, session, "/evaluation/inspectors", "已记录约谈")


@dataclass
class SurveysPage:
    title: str
    surveys: list[tuple[EvaluationSurvey, int]]
    can_write: bool
    message: str = ""
    error: str = ""


@router.get("/surveys")
def surveys_page(request: Request, session: DbSession, user: CurrentUser):
    require_bureau(user)
    msg, err = messages(request)
    return render(request, "evaluation/surveys.html",
                  SurveysPage("满意度调查", surveys.surveys(session), user.role in WRITE_ROLES, msg, err))


@router.post("/surveys")
@off_the_loop
async def import_survey(request: Request, session: DbSession, user: CurrentUser, period: Annotated[str, Form()],
                        responses: Annotated[UploadFile, File()],
                        questionnaire: Annotated[UploadFile | None, File()] = None):
    require_writer(user)
    url = "/evaluation/surveys"
    with tempfile.TemporaryDirectory() as folder:
        try:
            if questionnaire is not None and questionnaire.filename:
                qpath = Path(folder) / "q.yaml"
                qpath.write_bytes(await questionnaire.read())
                q = load_questionnaire(qpath)
            else:
                q = load_questionnaire(DEFAULT_QUESTIONNAIRE)
            name = responses.filename or "答卷.xlsx"
            rpath = Path(folder) / f"r{Path(name).suffix.lower()}"
            rpath.write_bytes(await responses.read())
            got = surveys.import_survey(session, q, period.strip(), rpath, user.username, name)
        except (SurveyError, rounds.EvaluationError) as exc:
            return done(request, session, url, error=str(exc))
        except ImportFailed as exc:           # raised before anything is written
            return done(request, session, url, error="；".join(str(p) for p in exc.problems[:8]) +
                        (f"（共 {len(exc.problems)} 处问题，未导入任何答卷）"))
    return done(request, session, f"{url}/{got.survey_id}",
                f"已导入 {got.responses} 份答卷（{got.schools} 所学校），批次 {got.batch_id} 可在数据导入页撤销")


@dataclass
class SurveyPage:
    title: str
    survey: EvaluationSurvey
    q: Questionnaire
    result: SurveyResult
    names: dict[str, str]
    rows: list[tuple[str, object]]
    bureau: bool
    chart: dict
    message: str = ""


@router.get("/surveys/{survey_id}")
def survey_page(request: Request, survey_id: int, session: DbSession, user: CurrentUser, scope: CurrentScope):
    try:
        survey, q, result = surveys.survey_result(session, survey_id)
    except rounds.EvaluationError as exc:
        raise NotFound(str(exc)) from exc
    codes = visible_codes(session, scope, user.username)
    names = {c: s.name for c, s in schools(session).items()}
    rows = sorted(((c, w) for c, w in result.schools.items() if codes is None or c in codes),
                  key=lambda x: (x[1].rate is None, x[1].rate or 0))
    groups = [g for g in q.groups if result.groups[g.id].rate is not None]
    chart = {"groups": [g.name for g in groups],
             "rates": [round(result.groups[g.id].rate * 100, 2) for g in groups],
             "low": [round(result.groups[g.id].low * 100, 2) for g in groups],
             "high": [round(result.groups[g.id].high * 100, 2) for g in groups],
             "schools": [names.get(c, c) for c, _ in rows],
             "school_rates": [None if w.rate is None else round(w.rate * 100, 2) for _, w in rows]}
    msg, _ = messages(request)
    return render(request, "evaluation/survey.html", SurveyPage(
        f"{survey.title}（{survey.period}学年）", survey, q, result, names, rows, codes is None, chart, msg))


@dataclass
class DisclosurePage:
    title: str
    blocks: list[tuple[object, str, list[tuple[str, EvaluationResult]]]]
    rubric_names: dict[str, dict[str, str]]


@router.get("/disclosure")
def disclosure(request: Request, session: DbSession, user: CurrentUser):
    """The public list: approved rounds marked for disclosure, schools by category with their totals."""
    from sqlalchemy import select

    names = {c: s.name for c, s in schools(session).items()}
    blocks = []
    cats: dict[str, dict[str, str]] = {}
    for r in rounds.rounds(session):
        if r.disclosed_at is None:
            continue
        rubric = rounds.rubric_of(session, r.rubric_id)
        cats[str(r.id)] = {c.id: c.name for c in rubric.categories}
        results = list(session.scalars(select(EvaluationResult).where(EvaluationResult.round_id == r.id)))
        results.sort(key=lambda x: ([c.id for c in rubric.categories].index(x.category)
                                    if x.category in cats[str(r.id)] else 99, x.rank is None, x.rank or 0))
        blocks.append((r, term_label(r.period), [(names.get(x.school_id, x.school_id), x) for x in results]))
    return render(request, "evaluation/disclosure.html", DisclosurePage("考核结果公开", blocks, cats))
