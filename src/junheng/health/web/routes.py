"""学生健康 pages: county dashboard, school page, students below 及格, vision, psychological screening (health
permission, audited), registers, imports with preview and undo, Word and upload-layout exports.

Every page is cut to the user's scope (``junheng.health.web.access``)."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from junheng.accounts import ROLES
from junheng.health.core import HealthSettings
from junheng.health.store import imports, queries
from junheng.health.store import views as pages
from junheng.health.store.cases import save_case
from junheng.health.store.models import PsychCaseRow
from junheng.health.web.access import CLERK_KINDS, PSYCH_VIEW, log, require_import, require_psych, sees_psych
from junheng.io.problems import ImportFailed
from junheng.registry.store.models import School
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import ImportBatch
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, Forbidden, NotFound, require_roles
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/health", dependencies=[CSRF, require_roles(*ROLES)])


def _settings(request: Request) -> HealthSettings:
    from junheng.health.store.settings import health_settings

    return health_settings(request.app.state.deployment)


def _today() -> dt.date:
    return dt.date.today()


def _year(session, year: str | None) -> str:
    years = queries.fitness_years(session)
    return year or (years[-1] if years else str(_today().year if _today().month >= 9 else _today().year - 1))


@dataclass
class Page:
    title: str
    data: dict
    scope_label: str = ""
    can_import: bool = False
    sees_psych: bool = False
    extra: dict = field(default_factory=dict)


def _scope_label(session, scope) -> str:
    if scope.county_wide:
        return "全县"
    if scope.role == "school_clerk":
        school = session.get(School, scope.school_id)
        return school.name if school else ""
    return "本乡镇"


def _page(session, user, scope, title: str, data: dict, **extra) -> Page:
    from junheng.health.web.access import IMPORT_ROLES

    return Page(title, data, _scope_label(session, scope), user.role in IMPORT_ROLES, sees_psych(user), extra)


@router.get("")
def dashboard(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: str | None = None):
    if scope.role == "school_clerk":
        return RedirectResponse(f"/health/schools/{scope.school_id}", status_code=303)
    y = _year(session, year)
    data = pages.fitness_summary(session, y, queries.allowed_schools(session, scope))
    return render(request, "health/dashboard.html", _page(session, user, scope, "学生体质健康", data))


@router.get("/schools/{school_id}")
def school_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, school_id: str,
                year: str | None = None):
    school = session.get(School, school_id)
    if school is None:
        raise NotFound("没有这所学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden()
    y = _year(session, year)
    data = {**pages.school_summary(session, school_id, y), "graduation": pages.graduation(session, y, school_id)}
    return render(request, "health/school.html", _page(session, user, scope, f"{school.name} · 学生体质健康", data,
                                                        school=school))


@router.get("/below-pass")
def below_pass(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: str | None = None,
               school: str = ""):
    y = _year(session, year)
    allowed = queries.allowed_schools(session, scope)
    rows = pages.below_pass(session, y, allowed)
    schools = sorted({(r["school_id"], r["school_name"]) for r in rows}, key=lambda x: x[1])
    if school:
        rows = [r for r in rows if r["school_id"] == school]
    log(session, user, "health:below-pass-view", f"体质不及格名单 {y} {school}".strip(), rows=len(rows))
    return render(request, "health/below.html", _page(session, user, scope, "体质健康不及格学生", {
        "year": y, "rows": rows, "years": queries.fitness_years(session), "schools": schools, "school": school}))


@router.get("/below-pass.xlsx")
def below_pass_export(session: DbSession, user: CurrentUser, scope: CurrentScope, year: str | None = None,
                      school: str = ""):
    from junheng.health.reports.excel import below_pass_workbook

    y = _year(session, year)
    rows = pages.below_pass(session, y, queries.allowed_schools(session, scope))
    if school:
        rows = [r for r in rows if r["school_id"] == school]
    log(session, user, "health:export", f"体质不及格名单 {y} {school}".strip(), rows=len(rows))
    content = below_pass_workbook(rows, f"{y}–{int(y) + 1} 学年体质健康测试不及格学生名单")
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''below-pass-{y}.xlsx"})


@router.get("/vision")
def vision(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, term: str | None = None):
    terms = queries.vision_terms(session)
    t = term or (terms[-1] if terms else f"{_today().year}-1")
    data = pages.vision_summary(session, t, queries.allowed_schools(session, scope), _settings(request))
    return render(request, "health/vision.html", _page(session, user, scope, "视力筛查", data))


@router.get("/psych")
def psych(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: str | None = None):
    require_psych(user)
    years = queries.psych_years(session)
    y = year or (years[-1] if years else _year(session, None))
    data = pages.psych_summary(session, y, queries.allowed_schools(session, scope), _settings(request), _today())
    log(session, user, PSYCH_VIEW, f"心理测评结果 {y}", results=len(data["results"]), cases=len(data["cases"]))
    return render(request, "health/psych.html", _page(session, user, scope, "心理健康测评", data))


def _case(session, user, case_id: str) -> PsychCaseRow:
    require_psych(user)
    row = session.scalars(select(PsychCaseRow).where(PsychCaseRow.case_id == case_id)).first()
    if row is None:
        raise NotFound("没有这个跟进个案")
    return row


@router.get("/psych/cases/{case_id}")
def psych_case(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, case_id: str,
               error: str = ""):
    row = _case(session, user, case_id)
    log(session, user, PSYCH_VIEW, f"心理跟进个案 {case_id}", student_id=row.student_id)
    data = pages.case_detail(row, _settings(request), _today())
    return render(request, "health/case.html", _page(session, user, scope, f"心理跟进个案 {case_id}", data, error=error))


@router.post("/psych/cases/{case_id}")
@off_the_loop
async def psych_case_update(request: Request, session: DbSession, user: CurrentUser, case_id: str):
    from junheng.health.core.psych import PsychCaseError, assign, close, log_contact
    from junheng.retention.core import Contact, Responsible

    row = _case(session, user, case_id)
    form = await request.form()
    action = form.get("action", "")
    case = pages.case_of(row)
    try:
        on = dt.date.fromisoformat(str(form.get("on") or _today().isoformat()))
        if action == "assign":
            case = assign(case, Responsible(str(form.get("name", "")), str(form.get("unit", "")),
                                            str(form.get("phone", ""))))
        elif action == "contact":
            case = log_contact(case, Contact(on, str(form.get("kind", "")), str(form.get("note", "")), user.username))
        elif action == "close":
            case = close(case, on, str(form.get("note", "")))
        else:
            raise PsychCaseError("未知操作")
    except (PsychCaseError, ValueError) as exc:
        from urllib.parse import quote

        return RedirectResponse(f"/health/psych/cases/{case_id}?error={quote(str(exc))}", status_code=303)
    save_case(row, case)
    log(session, user, "health:psych-case", case_id, step=action)
    return RedirectResponse(f"/health/psych/cases/{case_id}", status_code=303)


@router.get("/registers")
def registers(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: str | None = None):
    y = year or (queries.special_ed_years(session) or [_year(session, None)])[-1]
    named = scope.county_wide or scope.role == "school_clerk"
    data = pages.registers_summary(session, y, queries.allowed_schools(session, scope), named)
    return render(request, "health/registers.html", _page(session, user, scope, "资助与关爱", data))


# ---- imports --------------------------------------------------------------------------------------------------
UPLOADS: dict[str, tuple[str, str, str, Path, str]] = {}   # token → (kind, period, file name, temp path, user)


def _batches(session, user) -> list[ImportBatch]:
    kinds = list(imports.BATCH_KIND.values())
    stmt = select(ImportBatch).where(ImportBatch.kind.in_(kinds))
    if user.role == "school_clerk":
        stmt = stmt.where(ImportBatch.username == user.username)
    return list(session.scalars(stmt.order_by(ImportBatch.id.desc()).limit(30)))


def _kinds(user) -> dict[str, str]:
    if user.role == "school_clerk":
        return {k: v for k, v in imports.KIND_LABELS.items() if k in CLERK_KINDS}
    return {k: v for k, v in imports.KIND_LABELS.items() if k != "psych" or sees_psych(user)}


@router.get("/import")
def import_form(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    require_import(user)
    return render(request, "health/import.html", _page(session, user, scope, "导入健康数据", {
        "kinds": _kinds(user), "batches": _batches(session, user), "labels": {v: imports.KIND_LABELS[k] for k, v in
                                                                             imports.BATCH_KIND.items()}}))


@router.post("/import")
@off_the_loop
async def import_preview(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                         file: UploadFile):
    require_import(user)
    form = await request.form()
    kind, period = str(form.get("kind", "")), str(form.get("period", "")).strip()
    if kind not in _kinds(user):
        raise Forbidden(f"不能导入「{imports.KIND_LABELS.get(kind, kind)}」数据")
    only = user.school_id if user.role == "school_clerk" else None
    tmp = Path(tempfile.mkdtemp(prefix="health-")) / Path(file.filename or "upload.xlsx").name
    tmp.write_bytes(await file.read())
    data = {"kinds": _kinds(user), "batches": _batches(session, user), "kind": kind, "period": period,
            "file_name": tmp.name, "labels": {v: imports.KIND_LABELS[k] for k, v in imports.BATCH_KIND.items()}}
    try:
        prepared = (imports.prepare_fitness(session, tmp, period, file_label=tmp.name, only_school=only)
                    if kind == "fitness" else
                    imports.prepare_sheet(session, kind, tmp, period, tmp.name, _settings(request), _today(), only))
    except ImportFailed as exc:
        data["problems"] = [str(p) for p in exc.problems]
        return render(request, "health/import.html", _page(session, user, scope, "导入健康数据", data), status_code=422)
    token = secrets.token_urlsafe(12)
    UPLOADS[token] = (kind, period, tmp.name, tmp, user.username)
    data |= {"token": token, "summary": prepared.summary, "rows": prepared.rows}
    return render(request, "health/import.html", _page(session, user, scope, "导入健康数据", data))


@router.post("/import/confirm")
@off_the_loop
async def import_confirm(request: Request, session: DbSession, user: CurrentUser):
    require_import(user)
    form = await request.form()
    entry = UPLOADS.get(str(form.get("token", "")))
    if entry is None or entry[4] != user.username:
        raise NotFound("预览已过期，请重新上传文件")
    UPLOADS.pop(str(form.get("token", "")))
    kind, period, name, path, _ = entry
    only = user.school_id if user.role == "school_clerk" else None
    prepared = (imports.prepare_fitness(session, path, period, file_label=name, only_school=only) if kind == "fitness"
                else imports.prepare_sheet(session, kind, path, period, name, _settings(request), _today(), only))
    imports.write(session, prepared, user.username)
    return RedirectResponse("/health/import", status_code=303)


@router.post("/import/undo/{batch_id}")
def import_undo(request: Request, session: DbSession, user: CurrentUser, batch_id: int):
    require_import(user)
    batch = session.get(ImportBatch, batch_id)
    if batch is None or batch.kind not in imports.BATCH_KIND.values():
        raise NotFound("没有这个导入批次")
    if user.role == "school_clerk" and batch.username != user.username:
        raise Forbidden("学校填报员只能撤销自己导入的批次")
    worked = imports.cases_with_follow_up(session, batch_id)
    if worked:
        raise Forbidden(f"该批次建立的心理跟进个案已有跟进记录（{'、'.join(worked[:5])}），撤销会删除这些记录，不能撤销")
    try:
        undo_batch(session, batch_id, user.username)
    except UndoRefused as exc:
        raise Forbidden(str(exc)) from None
    return RedirectResponse("/health/import", status_code=303)


@router.get("/templates/{name}.xlsx")
def template_download(name: str):
    from junheng.health.readers.layout import UPLOAD
    from junheng.health.readers.registers import SPECS
    from junheng.io.template import write_template

    specs = {"fitness": [UPLOAD], "registers": list(SPECS.values())}.get(name)
    if specs is None:
        raise NotFound("没有这个模板")
    with tempfile.TemporaryDirectory() as d:
        path = write_template(Path(d) / "t.xlsx", specs, "学生健康数据模板")
        content = path.read_bytes()
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''health-{name}-template.xlsx"})


# ---- exports --------------------------------------------------------------------------------------------------
@router.get("/schools/{school_id}/report.docx")
def school_report(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, school_id: str,
                  year: str | None = None):
    from junheng.health.reports.word import school_report as build

    school = session.get(School, school_id)
    if school is None:
        raise NotFound("没有这所学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden()
    y = _year(session, year)
    content = build(session, school, y, _settings(request))
    log(session, user, "health:export", f"学校体质健康报告 {school_id} {y}")
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''health-{school_id}-{y}.docx"})


@router.get("/schools/{school_id}/upload.xlsx")
def school_upload(session: DbSession, user: CurrentUser, scope: CurrentScope, school_id: str,
                  year: str | None = None):
    from junheng.health.readers.export import write_upload

    school = session.get(School, school_id)
    if school is None:
        raise NotFound("没有这所学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden()
    y = _year(session, year)
    df = queries.fitness(session, y, {school_id})
    with tempfile.TemporaryDirectory() as d:
        path = write_upload(Path(d) / "upload.xlsx", df)
        content = path.read_bytes()
    log(session, user, "health:export", f"体测上报数据 {school_id} {y}", rows=len(df))
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''upload-{school_id}-{y}.xlsx"})
