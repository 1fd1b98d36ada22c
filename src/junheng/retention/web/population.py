"""The school-age population list and its reconciliation with the stored roster (bureau only): upload with a
preview, fuzzy matches a person confirms or rejects, the children enrolled nowhere (each becomes a case)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.io.problems import ImportFailed, Problem
from junheng.retention.core.display import mask_student_id
from junheng.retention.core.terms import term_label
from junheng.retention.reports.exports import UNENROLLED_COLUMNS, write_sheets
from junheng.retention.store.audit import audit_export
from junheng.retention.store.case_open import open_reconciliation_cases
from junheng.retention.store.models import CaseRecord, PopulationRecord, RosterRecord
from junheng.retention.store.population import (
    ReconcileView,
    decide,
    import_population,
    protected_people,
    reconcile_cached,
    school_names,
)
from junheng.retention.store.rosters import stored_terms
from junheng.retention.web.common import (
    BUREAU,
    XLSX,
    download,
    need_roles,
    need_writer,
    settings_of,
    stage,
    staged,
    today,
    trial,
)
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()


@dataclass
class ReconcilePage:
    title: str
    terms: list[str]
    view: ReconcileView | None
    candidates: list[dict]
    unenrolled: list[dict]
    problems: list[Problem] = field(default_factory=list)
    preview: dict | None = None
    warnings: list[Problem] = field(default_factory=list)
    token: str = ""
    file_name: str = ""
    message: str = ""
    can_write: bool = False
    tab: str = "reconcile"


def _view(session, deployment, term: str = "") -> tuple[list[str], ReconcileView | None]:
    terms = stored_terms(session)
    term = term if term in terms else (terms[0] if terms else "")
    if not term:
        return terms, None
    view = reconcile_cached(session, deployment.protector, term, settings_of(deployment))
    return terms, view if view.counts["listed"] else None


def _page(session, deployment, user, term: str = "", **kw) -> ReconcilePage:
    terms, view = _view(session, deployment, term)
    candidates, unenrolled = [], []
    if view is not None:
        names = school_names(session)
        people = view.people.set_index("id_number")
        cases = dict(session.execute(select(CaseRecord.id_number_hash, CaseRecord.case_id)).all())
        pairs = view.candidates.to_dict("records")
        person_ids = dict(session.execute(select(PopulationRecord.id_number_hash, PopulationRecord.id).where(
            PopulationRecord.id_number_hash.in_([r["id_number"] for r in pairs]))).all())
        record_ids = dict(session.execute(select(RosterRecord.student_id, RosterRecord.id).where(
            RosterRecord.term == view.term, RosterRecord.student_id.in_([r["student_id"] for r in pairs]))).all())
        for r in pairs:   # forms carry row ids, never an identifier
            person = people.loc[r["id_number"]]
            candidates.append({**r, "person_masked": person["id_number_masked"], "person_birth": person["birth_date"],
                               "township": person["township"], "village": person["village"],
                               "school_name": names.get(r["school"], r["school"]),
                               "person_id": person_ids.get(r["id_number"]), "record_id": record_ids.get(r["student_id"]),
                               "student_id_label": mask_student_id(r["student_id"])})
        for r in view.unenrolled.to_dict("records"):
            hint = r.get("hint") or ""
            for sid, name in names.items():
                hint = hint.replace(sid, name) if sid in hint else hint
            unenrolled.append({**r, "hint": hint, "case_id": cases.get(r["id_number"], "")})
    return ReconcilePage("适龄人口比对", terms, view, candidates, unenrolled, can_write=user.role in ("bureau_admin",
                                                                                               "bureau_staff"), **kw)


@router.get("/reconcile")
def reconcile_page(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                   term: str = ""):
    need_roles(user, BUREAU)
    return render(request, "retention/reconcile.html", _page(session, deployment, user, term))


@router.post("/population/upload")
@off_the_loop
async def upload(request: Request, deployment: DeploymentDep, user: CurrentUser, file: UploadFile):
    need_writer(user)
    token, path, name = await stage(deployment, file)
    try:
        _, counts, warnings = trial(deployment, lambda s: import_population(
            s, path, username=user.username, protector=deployment.protector, file_label=name))
    except ImportFailed as failed:
        path.unlink(missing_ok=True)
        with deployment.db.sessions() as s:
            return render(request, "retention/reconcile.html",
                          _page(s, deployment, user, problems=failed.problems, file_name=name), status_code=400)
    with deployment.db.sessions() as s:
        return render(request, "retention/reconcile.html", _page(
            s, deployment, user, preview=counts, warnings=warnings, token=token, file_name=name))


@router.post("/population/confirm")
def confirm(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
            token: str = Form(...), file_name: str = Form(...)):
    need_writer(user)
    path = staged(deployment, token)
    if path is None:
        return render(request, "retention/reconcile.html", _page(session, deployment, user,
                                                                  message="预览已失效，请重新上传"), status_code=400)
    try:
        batch, counts, _ = import_population(session, path, username=user.username, protector=deployment.protector,
                                             file_label=file_name)
    except ImportFailed as failed:
        return render(request, "retention/reconcile.html", _page(session, deployment, user, problems=failed.problems,
                                                                  file_name=file_name), status_code=400)
    path.unlink(missing_ok=True)
    session.flush()
    return render(request, "retention/reconcile.html", _page(
        session, deployment, user, message=f"已导入适龄人口名单 {counts['rows']} 人（批次 {batch}）"))


@router.post("/reconcile/decide")
def decide_match(session: DbSession, user: CurrentUser, person: int = Form(...), record: int = Form(...),
                 accepted: str = Form(...), term: str = Form("")):
    need_writer(user)
    child, student = session.get(PopulationRecord, person), session.get(RosterRecord, record)
    if child is None or student is None:
        raise NotFound("没有这对疑似对应记录")
    decide(session, child.id_number_hash, student.student_id, accepted == "1", username=user.username)
    return RedirectResponse(f"/retention/reconcile?term={term}#candidates", status_code=303)


@router.post("/reconcile/cases")
def open_cases(session: DbSession, deployment: DeploymentDep, user: CurrentUser, term: str = Form("")):
    need_writer(user)
    _, view = _view(session, deployment, term)
    if view is not None:
        unenrolled = view.unenrolled
        open_reconciliation_cases(session, unenrolled, term=view.term, opened_on=today(), username=user.username,
                                  protected=protected_people(session, unenrolled["id_number"].tolist()))
    return RedirectResponse(f"/retention/reconcile?term={term}#unenrolled", status_code=303)


@router.get("/reconcile/export.xlsx")
def export(session: DbSession, deployment: DeploymentDep, user: CurrentUser, term: str = ""):
    need_roles(user, BUREAU)
    page = _page(session, deployment, user, term)
    audit_export(session, user.username, "未在籍适龄儿童名单", page.view.term if page.view else "", len(page.unenrolled))
    label = term_label(page.view.term) if page.view else ""
    return download(lambda p: write_sheets(p, [("未在籍适龄儿童", UNENROLLED_COLUMNS, page.unenrolled)]),
                    f"未在籍适龄儿童_{label}.xlsx", XLSX)
