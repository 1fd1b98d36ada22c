"""Term rosters (upload with preview, list, export) and the census (run, result per school, lists, transfer proofs,
export). The bureau works county-wide; a school clerk uploads and reads only their own school; township officials
have no access to student lists here."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select

from junheng.io.problems import ImportFailed, Problem
from junheng.retention.core.display import mask_student_id
from junheng.retention.core.terms import default_term_start, previous_term, term_label, term_on
from junheng.retention.reports.exports import ROSTER_COLUMNS, census_sheets, write_sheets
from junheng.retention.store.audit import audit_export
from junheng.retention.store.case_open import open_census_cases
from junheng.retention.store.census import CensusError, census_run, run_term_census
from junheng.retention.store.census_views import (
    SchoolCensus,
    SchoolLists,
    census_by_school,
    record_proof,
    school_info,
    school_lists,
)
from junheng.retention.store.models import CensusEntry, CensusRun, RosterRecord
from junheng.retention.store.rosters import RosterImport, import_roster
from junheng.retention.web.common import (
    BUREAU,
    WRITERS,
    XLSX,
    download,
    need_roles,
    need_writer,
    parse_day,
    settings_of,
    stage,
    staged,
    today,
    trial,
    visible_schools,
)
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()
READERS = (*BUREAU, "school_clerk")
UPLOADERS = (*WRITERS, "school_clerk")


@dataclass
class RostersPage:
    title: str
    terms: list[dict]
    default_term: str
    problems: list[Problem] = field(default_factory=list)
    preview: RosterImport | None = None
    token: str = ""
    term: str = ""
    file_name: str = ""
    message: str = ""
    can_upload: bool = False
    tab: str = "rosters"


def _terms(session, schools: list[str] | None) -> list[dict]:
    stmt = select(RosterRecord.term, func.count(func.distinct(RosterRecord.school_id)), func.count()) \
        .where(RosterRecord.in_roster.is_(True)).group_by(RosterRecord.term).order_by(RosterRecord.term.desc())
    if schools is not None:
        stmt = stmt.where(RosterRecord.school_id.in_(schools))
    return [{"term": t, "label": term_label(t), "schools": s, "students": n} for t, s, n in session.execute(stmt)]


def _rosters_page(session, user, scope, **kw) -> RostersPage:
    return RostersPage("学期花名册", _terms(session, visible_schools(session, scope)), term_on(today()),
                       can_upload=user.role in UPLOADERS, **kw)


@router.get("/rosters")
def rosters(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    need_roles(user, READERS)
    return render(request, "retention/rosters.html", _rosters_page(session, user, scope))


def _own(user) -> str | None:
    return user.school_id if user.role == "school_clerk" else None


@router.post("/rosters/upload")
@off_the_loop
async def upload(request: Request, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
                 file: UploadFile, term: str = Form(...)):
    need_writer(user, UPLOADERS)
    token, path, name = await stage(deployment, file)
    term = term.strip()
    try:
        result = trial(deployment, lambda s: import_roster(s, path, term=term, username=user.username,
                                                          protector=deployment.protector, file_label=name,
                                                          own_school=_own(user)))
    except ImportFailed as failed:
        path.unlink(missing_ok=True)
        with deployment.db.sessions() as s:
            return render(request, "retention/rosters.html",
                          _rosters_page(s, user, scope, problems=failed.problems, file_name=name), status_code=400)
    with deployment.db.sessions() as s:
        return render(request, "retention/rosters.html",
                      _rosters_page(s, user, scope, preview=result, token=token, term=term, file_name=name))


@router.post("/rosters/confirm")
def confirm(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
            token: str = Form(...), term: str = Form(...), file_name: str = Form(...)):
    need_writer(user, UPLOADERS)
    path = staged(deployment, token)
    if path is None:
        return render(request, "retention/rosters.html", _rosters_page(session, user, scope,
                                                                        message="预览已失效，请重新上传"), status_code=400)
    try:
        result = import_roster(session, path, term=term, username=user.username, protector=deployment.protector,
                               file_label=file_name, own_school=_own(user))
    except ImportFailed as failed:
        return render(request, "retention/rosters.html",
                      _rosters_page(session, user, scope, problems=failed.problems, file_name=file_name),
                      status_code=400)
    path.unlink(missing_ok=True)
    session.flush()
    return render(request, "retention/rosters.html", _rosters_page(
        session, user, scope, message=f"已导入{term_label(term)}花名册：{result.rows} 名学生（新增 {result.inserted}，"
                                      f"更新 {result.updated}，移出 {result.removed}），批次 {result.batch_id}"))


@router.get("/rosters/{term}/export.xlsx")
def export_roster(term: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    need_roles(user, READERS)
    schools = visible_schools(session, scope)
    info = school_info(session)
    towns = {code: name for _, code, name in info.values()}
    stmt = select(RosterRecord).where(RosterRecord.term == term, RosterRecord.in_roster.is_(True)) \
        .order_by(RosterRecord.school_id, RosterRecord.grade, RosterRecord.class_name, RosterRecord.student_id)
    if schools is not None:
        stmt = stmt.where(RosterRecord.school_id.in_(schools))
    rows = [{c: getattr(r, c) for c in ("school_id", "student_id", "name", "gender", "birth_date", "id_number_masked",
                                         "grade", "class_name", "status_label", "village")}
            | {"school_name": info.get(r.school_id, ("",))[0], "status_label": r.status_label or r.status,
               "student_id": mask_student_id(r.student_id),
               "township_name": towns.get(r.township_code, "")}
            for r in session.scalars(stmt)]
    audit_export(session, user.username, "学期花名册", term, len(rows))
    return download(lambda p: write_sheets(p, [(f"{term}花名册", ROSTER_COLUMNS, rows)]), f"花名册_{term}.xlsx", XLSX)


@dataclass
class CensusPage:
    title: str
    runs: list[CensusRun]
    run: CensusRun | None
    schools: list[SchoolCensus]
    lists: SchoolLists | None
    form: dict
    can_run: bool
    can_proof: bool
    error: str = ""
    tab: str = "census"


def _census_page(session, deployment, user, scope, term: str = "", school: str = "", error: str = "") -> CensusPage:
    runs = list(session.scalars(select(CensusRun).order_by(CensusRun.term.desc())))
    run = next((r for r in runs if r.term == term), runs[0] if runs else None)
    visible = visible_schools(session, scope)
    rows = census_by_school(session, run, visible) if run else []
    rows.sort(key=lambda r: (-r.counts["suspected_dropout"], -r.without_proof, r.school_id))
    if user.role == "school_clerk":
        school = school or user.school_id
    if school and visible is not None and school not in visible:
        raise Forbidden("您只能查看本校的清查结果")
    lists = school_lists(session, run, school) if run and school else None
    from junheng.retention.store.rosters import stored_terms

    stored = stored_terms(session)
    new_term = term or (stored[0] if stored else term_on(today()))
    form = {"term": new_term, "previous": previous_term(new_term),
            "term_start": default_term_start(new_term).isoformat(), "census_date": today().isoformat()}
    return CensusPage("学籍清查", runs, run, rows, lists, form, user.role in WRITERS, user.role in (*WRITERS, "school_clerk"),
                      error)


@router.get("/census")
def census(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
           term: str = "", school: str = ""):
    need_roles(user, READERS)
    return render(request, "retention/census.html", _census_page(session, deployment, user, scope, term, school))


@router.post("/census/run")
def run_census(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
               scope: CurrentScope, term: str = Form(...), term_start: str = Form(""), census_date: str = Form(""),
               graduating: str = Form("")):
    need_writer(user)
    try:
        grades = [int(g) for g in graduating.replace("，", ",").split(",") if g.strip()]
        run = run_term_census(session, term.strip(), username=user.username, settings=settings_of(deployment),
                              term_start=parse_day(term_start, "开学日期", default_term_start(term.strip())),
                              census_date=parse_day(census_date, "清查日期", today()), graduating_grades=grades)
        open_census_cases(session, run, username=user.username)
    except (CensusError, ValueError) as exc:
        return render(request, "retention/census.html",
                      _census_page(session, deployment, user, scope, error=str(exc)), status_code=400)
    return RedirectResponse(f"/retention/census?term={run.term}", status_code=303)


@router.post("/census/proof")
def proof(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
          entry: int = Form(...), receiving_school: str = Form(""), note: str = Form("")):
    need_writer(user, (*WRITERS, "school_clerk"))
    row = session.get(CensusEntry, entry)
    if row is None or row.outcome != "transferred_out":
        raise NotFound("没有这名转出县外的学生")
    run = session.get(CensusRun, row.run_id)
    if user.role == "school_clerk" and row.school_id != user.school_id:
        raise Forbidden("学校用户只能登记本校转出学生的接收证明")
    try:
        record_proof(session, run.term, row.student_id, receiving_school, note, user.username)
    except ValueError as exc:
        return render(request, "retention/census.html",
                      _census_page(session, deployment, user, scope, run.term, row.school_id, str(exc)),
                      status_code=400)
    return RedirectResponse(f"/retention/census?term={run.term}&school={row.school_id}#left-county", status_code=303)


@router.get("/census/{term}/export.xlsx")
def export_census(term: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    need_roles(user, READERS)
    run = census_run(session, term)
    if run is None:
        raise NotFound(f"{term_label(term)}尚未清查")
    visible = visible_schools(session, scope)
    summary = census_by_school(session, run, visible)
    lists = [school_lists(session, run, s.school_id) for s in summary]
    sheets = census_sheets(summary, lists)
    audit_export(session, user.username, "学籍清查名单", term, len(sheets[1][2]))
    return download(lambda p: write_sheets(p, sheets), f"学籍清查_{run.previous_term}至{term}.xlsx", XLSX)
