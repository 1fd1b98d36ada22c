"""Teachers pages: the list with filters, a teacher's profile (timeline), staffing (county and school), the
exchange page with quotas and proposals, training completion, imports with preview and undo, exports.

Every handler takes the current user; a school clerk sees only their school, a township official their
township's schools; ID numbers are shown masked; every export is logged; writes are for bureau staff."""

from __future__ import annotations

import json
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from junheng.io.problems import ImportFailed
from junheng.registry.core.codes import SECTIONS, SUBJECTS, TITLES
from junheng.registry.store.models import School
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import ImportBatch
from junheng.teachers.core.proposal import TransferError, parse_transfers
from junheng.teachers.store import queries, service
from junheng.teachers.store.intake import KINDS, import_file
from junheng.teachers.store.models import TeacherPerson
from junheng.teachers.web import pages as pg
from junheng.teachers.web.settings import router as settings_router
from junheng.teachers.web.uploads import stage, staged, trial
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/teachers", dependencies=[CSRF])
router.include_router(settings_router)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _need(user, roles, message="您的角色无权访问教师队伍的这一页面") -> None:
    if user.role not in roles:
        raise Forbidden(message)


def _writer(user) -> None:
    if user.role == "leader":
        raise Forbidden("局领导账号为只读，不能修改数据")
    _need(user, pg.WRITE_ROLES, "只有教育局工作人员可以导入教师数据或处理交流方案")


def _year(year: int | None, session=None) -> int:
    return year or service.default_year(session)


def _school(session, scope, school_id: str) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise NotFound(f"没有学校标识码为 {school_id} 的学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden("您只能查看本单位范围内的学校")
    return school


def _file(content: bytes, name: str, media: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


LIST_LIMIT = 300  # rows the list page shows; the export has them all


def _masks(session, teacher_ids=None) -> dict[str, str | None]:
    stmt = select(TeacherPerson.teacher_id, TeacherPerson.id_number_masked)
    if teacher_ids is not None:
        stmt = stmt.where(TeacherPerson.teacher_id.in_(list(teacher_ids)))
    return dict(session.execute(stmt).all())


def _filters(**kw) -> dict[str, str]:
    return {k: (v or "") for k, v in kw.items()}


@router.get("")
def teacher_list(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
                 school: str = "", section: str = "", subject: str = "", title: str = "", backbone: str = "",
                 behind: str = "", eligible: str = "", veto: str = "", q: str = ""):
    _need(user, pg.VIEW_ROLES)
    v = service.year_view(session, _year(year, session))
    visible = queries.visible_school_ids(session, scope)
    f = _filters(school=school, section=section, subject=subject, title=title, backbone=backbone, behind=behind,
                 eligible=eligible, veto=veto, q=q)
    shown = pg.teacher_frame(v, visible, f)
    summary = pg.roster_summary(pg.teacher_frame(v, visible, {}) if any(f.values()) else shown)
    rows = pg.teacher_records(shown.head(LIST_LIMIT), _masks(session, shown["teacher_id"].head(LIST_LIMIT)))
    page = pg.ListPage("教师队伍", v.year, pg.years(v), rows, len(shown), len(rows), f,
                       queries.school_options(session, visible), SUBJECTS, TITLES, user.role in pg.WRITE_ROLES,
                       summary, request.session.pop("teachers_flash", ""))
    return render(request, "teachers/list.html", page)


@router.get("/export.xlsx")
def teacher_export(session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
                   school: str = "", section: str = "", subject: str = "", title: str = "", backbone: str = "",
                   behind: str = "", eligible: str = "", veto: str = "", q: str = ""):
    _need(user, pg.VIEW_ROLES)
    from junheng.teachers.reports.excel import teacher_list_xlsx

    v = service.year_view(session, _year(year, session))
    f = _filters(school=school, section=section, subject=subject, title=title, backbone=backbone, behind=behind,
                 eligible=eligible, veto=veto, q=q)
    rows = pg.teacher_rows(v, queries.visible_school_ids(session, scope), f, _masks(session))
    service.log_export(session, user.username, "教师名单", f"{v.year} 学年", len(rows))
    return _file(teacher_list_xlsx(rows), f"教师名单_{v.year}.xlsx", XLSX)


@router.get("/t/{teacher_id}")
def profile(request: Request, teacher_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
            year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    person = queries.person(session, teacher_id)
    if person is None:
        raise NotFound(f"没有工号为 {teacher_id} 的教师")
    v = service.year_view(session, _year(year, session))
    posts = v.history.posts[v.history.posts["teacher_id"] == teacher_id]
    visible = queries.visible_school_ids(session, scope)
    if visible is not None and not set(posts["school_id"]) & visible:
        raise Forbidden("您只能查看本单位教师的档案")
    rows = pg.teacher_rows(v, None, {"q": teacher_id}, {teacher_id: person.id_number_masked})
    current = next((r for r in rows if r["teacher_id"] == teacher_id), None)
    el = v.quota.eligible
    el = el[el["teacher_id"] == teacher_id]
    eligibility = None if el.empty else {"eligible": bool(el.iloc[0]["eligible"]), "why": el.iloc[0]["why"],
                                         "tenure": int(el.iloc[0]["tenure_years"])}
    tr = v.training.table
    tr = tr[tr["teacher_id"] == teacher_id]
    hours = None if tr.empty else tr.iloc[0].to_dict()
    line = queries.timeline(session, teacher_id)
    vetoes = [x["text"] for x in line if x.get("veto")]
    page = pg.ProfilePage(f"{person.name} · 教师档案", person, v.year, current, line, eligibility, hours, vetoes)
    return render(request, "teachers/profile.html", page)


# --- exchange ----------------------------------------------------------------------------------------------
def _exchange_page(session, user, scope, year: int, error: str = "", transfers_text: str = "") -> pg.ExchangePage:
    v = service.year_view(session, year)
    visible = queries.visible_school_ids(session, scope)
    rows = pg.quota_rows(v, visible)
    moved = pg.moved_rows(v, visible)
    directions: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for m in moved:
        directions[m["direction"]] = directions.get(m["direction"], 0) + 1
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    county = v.quota.county if visible is None else None
    chart = {"schools": [r.school for r in rows if r.eligible], "rates": [round((r.rate or 0) * 100, 1) for r in rows
                                                                         if r.eligible],
             "min": v.settings.exchange_rate_min * 100, "directions": sorted(directions.items())}
    props = service.proposals(session, year) if user.role in pg.BUREAU_ROLES else []
    return pg.ExchangePage("交流轮岗", year, pg.years(v), county, rows, sorted(directions.items()), sorted(kinds.items()),
                           pg.not_moved_rows(v, visible), moved, props, user.role in pg.WRITE_ROLES, visible is None,
                           chart, error, transfers_text)


@router.get("/exchange")
def exchange(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    return render(request, "teachers/exchange.html", _exchange_page(session, user, scope, _year(year, session)))


@router.post("/exchange/proposal")
def proposal_create(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                    transfers: str = Form(...), year: int | None = Form(None)):
    """The balance plan page posts its transfers here (JSON list); the named teachers are shown to confirm."""
    _writer(user)
    y = _year(year, session)
    try:
        data = json.loads(transfers)
        items = parse_transfers(data)
    except (ValueError, TransferError) as exc:
        message = str(exc) if isinstance(exc, TransferError) else f"交流方案不是有效的 JSON：{exc}"
        return render(request, "teachers/exchange.html",
                      _exchange_page(session, user, scope, y, message, transfers), status_code=422)
    known = set(session.scalars(select(School.school_id)))
    unknown = sorted(({t.from_school for t in items} | {t.to_school for t in items}) - known)
    if unknown:
        return render(request, "teachers/exchange.html",
                      _exchange_page(session, user, scope, y, f"学校标识码不在学校名册中：{'、'.join(unknown)}",
                                     transfers), status_code=422)
    row = service.create_proposal(session, y, items, user.username)
    return RedirectResponse(f"/teachers/exchange/proposal/{row.id}", status_code=303)



@router.get("/exchange/proposal/{proposal_id}")
def proposal_view(request: Request, proposal_id: int, session: DbSession, user: CurrentUser):
    _need(user, pg.BUREAU_ROLES, "交流提名方案只对教育局开放")
    from junheng.teachers.store.models import ExchangeProposal

    row = session.get(ExchangeProposal, proposal_id)
    if row is None:
        raise NotFound(f"没有编号为 {proposal_id} 的交流提名方案")
    sn = dict(session.execute(select(School.school_id, School.name)).all())
    page = {"title": f"交流提名方案 {row.id}", "proposal": row, "names": sn, "can_write": user.role in pg.WRITE_ROLES,
            "message": request.session.pop("teachers_flash", "")}
    return render(request, "teachers/proposal.html", page)


@router.post("/exchange/proposal/{proposal_id}/decide")
@off_the_loop
async def proposal_decide(request: Request, proposal_id: int, session: DbSession, user: CurrentUser):
    _writer(user)
    form = await request.form()
    confirm = form.get("action") == "confirm"
    keep = {str(k) for k in form.getlist("keep")}
    try:
        service.decide_proposal(session, proposal_id, user.username, confirm, str(form.get("comment", ""))[:500],
                                keep if confirm else None)
    except service.ProposalRefused as exc:
        request.session["teachers_flash"] = str(exc)
    else:
        request.session["teachers_flash"] = "方案已确认，已记入操作日志" if confirm else "方案已撤回"
    return RedirectResponse(f"/teachers/exchange/proposal/{proposal_id}", status_code=303)


@router.get("/exchange/summary.docx")
def exchange_summary(session: DbSession, user: CurrentUser, year: int | None = None):
    _need(user, pg.BUREAU_ROLES, "交流轮岗汇总表只对教育局开放")
    from junheng.teachers.reports.word import exchange_summary_docx

    v = service.year_view(session, _year(year, session))
    service.log_export(session, user.username, "交流轮岗汇总表", f"{v.year} 学年", len(v.quota.moved))
    return _file(exchange_summary_docx(v, queries.county_label(session)), f"交流轮岗汇总表_{v.year}.docx", DOCX)


# --- training ----------------------------------------------------------------------------------------------
@router.get("/training")
def training_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                  year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    v = service.year_view(session, _year(year, session))
    visible = queries.visible_school_ids(session, scope)
    schools, behind, chart = pg.training_tables(v, visible)
    n = sum(s["teachers"] for s in schools)
    k = sum(s["complete"] for s in schools)
    page = pg.TrainingPage("培训学时", v.year, pg.years(v), v.training.cycle, v.settings.required_hours, n, k,
                           k / n if n else None, schools, behind, chart)
    return render(request, "teachers/training.html", page)


@router.get("/training/behind.xlsx")
def training_behind(session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    from junheng.teachers.reports.excel import behind_xlsx

    v = service.year_view(session, _year(year, session))
    _, behind, _ = pg.training_tables(v, queries.visible_school_ids(session, scope))
    service.log_export(session, user.username, "学时未完成名单", f"{v.year} 学年", len(behind))
    return _file(behind_xlsx(behind, v), f"培训学时未完成名单_{v.year}.xlsx", XLSX)


# --- staffing ----------------------------------------------------------------------------------------------
def _staffing(session, scope, year, school_id=None, **kw) -> pg.StaffingPage:
    v = service.year_view(session, year)
    visible = queries.visible_school_ids(session, scope)
    rows, subj, ages, bands, totals = pg.staffing_tables(v, visible, school_id)
    chart = {"bands": bands, "ages": [totals["ages"][b] for b in bands],
             "subjects": list(totals["subject_short"]), "short": list(totals["subject_short"].values())}
    return pg.StaffingPage("编制核算", v.year, pg.years(v), rows, subj, list(pg.STAFFING_SUBJECTS), ages, bands,
                           totals, chart=chart, **kw)


@router.get("/staffing")
def staffing_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                  year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    if scope.role == "school_clerk" and scope.school_id:
        return RedirectResponse(f"/teachers/staffing/{scope.school_id}" + (f"?year={year}" if year else ""), 303)
    page = _staffing(session, scope, _year(year, session), can_write=user.role in pg.WRITE_ROLES)
    return render(request, "teachers/staffing.html", page)


@router.post("/staffing/payroll")
@off_the_loop
async def payroll_check(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                        file: UploadFile, timetable: UploadFile | None = None, year: int | None = Form(None)):
    """在编不在岗 check: the payroll list against every school's posts on the reference day and, when given, the
    teachers named in the schools' timetables."""
    _writer(user)
    import tempfile
    from pathlib import Path

    from junheng.teachers.core.staffing import absent_from_post
    from junheng.teachers.readers.workbook import read_payroll, read_timetable

    y = _year(year, session)
    name = Path(file.filename or "工资名册.xlsx").name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("payroll" + (Path(name).suffix or ".xlsx"))
        path.write_bytes(await file.read())
        problems: list = []
        payroll = read_payroll(path, problems, label=name)
        on_timetable: set[str] = set()
        if timetable is not None and timetable.filename:
            tname = Path(timetable.filename).name
            tpath = Path(tmp) / ("timetable" + (Path(tname).suffix or ".xlsx"))
            tpath.write_bytes(await timetable.read())
            on_timetable = read_timetable(tpath, problems, label=tname)
    if problems:
        page = _staffing(session, scope, y, can_write=True,
                         error="；".join(str(p) for p in sorted(problems)[:20]))
        return render(request, "teachers/staffing.html", page, status_code=422)
    v = service.year_view(session, y)
    out = absent_from_post(v.history, payroll, v.settings.reference_date(y), v.settings, on_timetable)
    sn = pg.names(v)
    absent = [{"teacher_id": r.teacher_id, "name": r.name, "unit": r.unit or "",
               "last": sn.get(r.last_school_id, r.last_school_id or ""), "why": r.why}
              for r in out.itertuples(index=False)]
    service.log_export(session, user.username, "在编不在岗核查", name, len(absent))
    page = _staffing(session, scope, y, can_write=True, absent=absent)
    return render(request, "teachers/staffing.html", page)


@router.get("/staffing/{school_id}")
def school_staffing(request: Request, school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
                    year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    school = _school(session, scope, school_id)
    page = _staffing(session, scope, _year(year, session), school_id,
                     school={"school_id": school.school_id, "name": school.name, "kind": school.kind,
                             "location": school.location})
    return render(request, "teachers/school.html", page)


@router.get("/staffing/{school_id}/report.docx")
def school_report(school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    _need(user, pg.VIEW_ROLES)
    from junheng.teachers.reports.word import staffing_report_docx

    school = _school(session, scope, school_id)
    v = service.year_view(session, _year(year, session))
    rows, subj, ages, bands, _ = pg.staffing_tables(v, None, school_id)
    service.log_export(session, user.username, "学校编制核算报告", school.name, len(rows))
    return _file(staffing_report_docx(v, school, rows, subj, ages, bands), f"编制核算_{school.name}_{v.year}.docx",
                 DOCX)


# --- imports -----------------------------------------------------------------------------------------------
def _batches(session) -> list[ImportBatch]:
    return list(session.scalars(select(ImportBatch).where(ImportBatch.kind.like("teachers:%"))
                                .order_by(ImportBatch.id.desc()).limit(30)))


@router.get("/import")
def import_page(request: Request, session: DbSession, user: CurrentUser):
    _writer(user)
    return render(request, "teachers/import.html", {"title": "导入教师数据", "kinds": KINDS, "batches": _batches(session),
                                                     "message": request.session.pop("teachers_flash", "")})


@router.post("/import")
@off_the_loop
async def import_preview(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                         file: UploadFile, kind: str = Form(...)):
    """Validate the whole file and show what it would change; nothing is written until confirmed."""
    _writer(user)
    token, path, name = await stage(deployment, file)
    ctx = {"title": "导入教师数据", "kinds": KINDS, "batches": _batches(session), "kind": kind, "file_name": name}
    try:
        result = trial(deployment, lambda s: import_file(s, kind, path, user.username, deployment.protector, name))
    except ImportFailed as exc:
        path.unlink(missing_ok=True)
        return render(request, "teachers/import.html", {**ctx, "problems": exc.problems[:200],
                                                         "problem_count": len(exc.problems)}, status_code=422)
    return render(request, "teachers/import.html", {**ctx, "preview": result.summary(), "token": token})


@router.post("/import/confirm")
def import_confirm(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                   token: str = Form(...), kind: str = Form(...), file_name: str = Form(...)):
    _writer(user)
    path = staged(deployment, token)
    if path is None:
        raise NotFound("上传的文件已过期，请重新上传")
    try:
        result = import_file(session, kind, path, user.username, deployment.protector, file_name)
    except ImportFailed as exc:
        request.session["teachers_flash"] = f"导入失败：{exc}"
        return RedirectResponse("/teachers/import", status_code=303)
    finally:
        path.unlink(missing_ok=True)
    counts = "；".join(f"{k} 新增 {v['inserted']}、更新 {v['updated']}" for k, v in result.summary().items())
    request.session["teachers_flash"] = f"已导入「{file_name}」（批次 {result.batch_id}）：{counts}"
    return RedirectResponse("/teachers/import", status_code=303)


@router.post("/import/{batch_id}/undo")
def import_undo(request: Request, batch_id: int, session: DbSession, user: CurrentUser):
    _writer(user)
    batch = session.get(ImportBatch, batch_id)
    if batch is None or not batch.kind.startswith("teachers:"):
        raise NotFound("没有这个教师数据导入批次")
    try:
        n = undo_batch(session, batch_id, user.username)
        request.session["teachers_flash"] = f"已撤销批次 {batch_id}（恢复 {n} 行）"
    except UndoRefused as exc:
        request.session["teachers_flash"] = str(exc)
    return RedirectResponse("/teachers/import", status_code=303)


_ = SECTIONS  # the section filter's choices come from the registry's code list (used by the template)
