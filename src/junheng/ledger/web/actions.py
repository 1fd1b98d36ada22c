"""Ledger writes on the web: create an item, import an inspection's list, generate items from the shortfall
list, and the workflow steps of one item (evidence, submit, accept/reject, extend).

Who may do what: bureau admins and staff create, import, verify (accept/reject) and extend; the responsible
school's clerk (and bureau staff, e.g. for a section's items) uploads evidence and submits; the leader and
township officials read only (a POST is refused with 403).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse
from sqlalchemy import select

from junheng.io.problems import ImportFailed, Problem
from junheng.ledger.core.model import Category, Severity, Source
from junheng.ledger.store import intake, queries, service
from junheng.ledger.store.evidence import MAX_BYTES, EvidenceRefused, check_upload
from junheng.ledger.web.pages import FLASH, item_page, see_other, today, visible_item
from junheng.registry.store.models import School
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()


def _writer(user) -> None:
    if not queries.can_verify(user):
        raise Forbidden("只有教育局管理员和工作人员可以执行此操作（局领导为只读）")


def _done(request: Request, session, item_no: str, message: str) -> RedirectResponse:
    request.session[FLASH] = message
    return see_other(session, f"/ledger/items/{item_no}")


@dataclass
class NewItemPage:
    title: str
    schools: list[tuple[str, str]]
    sections: tuple[tuple[str, str], ...]
    categories: list[str]
    severities: list[str]
    form: dict[str, str] = field(default_factory=dict)
    error: str = ""


def _new_page(session, form=None, error="") -> NewItemPage:
    schools = [(s.school_id, s.name) for s in session.scalars(select(School).order_by(School.township_code,
                                                                                        School.school_id))]
    day = today()
    defaults = {"inspection_date": day.isoformat(), "deadline": (day + dt.timedelta(days=30)).isoformat(),
                "severity": Severity.GENERAL.value}
    return NewItemPage("新建整改事项", schools, service.SECTIONS, [c.value for c in Category],
                       [s.value for s in Severity], {**defaults, **(form or {})}, error)


@router.get("/new")
def new_form(request: Request, session: DbSession, user: CurrentUser):
    _writer(user)
    return render(request, "ledger/new.html", _new_page(session))


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise service.LedgerError(f"{what}「{text}」不是有效日期（应为 YYYY-MM-DD）") from exc


@router.post("/new")
def create(request: Request, session: DbSession, user: CurrentUser, inspection: str = Form(""),
           inspection_date: str = Form(""), inspector: str = Form(""), category: str = Form(""),
           unit_id: str = Form(""), person: str = Form(""), phone: str = Form(""), description: str = Form(""),
           severity: str = Form(""), deadline: str = Form(""), evidence_required: str = Form("")):
    _writer(user)
    form = {k: v for k, v in locals().items() if isinstance(v, str)}
    try:
        new = service.NewItem(inspection, _date(inspection_date, "检查日期"), inspector, category, unit_id, person,
                              description, severity, _date(deadline, "整改期限"), evidence_required, phone)
        row = service.create(session, new, user.username)
    except service.LedgerError as exc:
        return render(request, "ledger/new.html", _new_page(session, form, str(exc)), status_code=400)
    return _done(request, session, row.item_no, f"已创建整改事项 {row.item_no}")


@dataclass
class ImportPage:
    title: str
    problems: list[Problem] = field(default_factory=list)
    file_name: str = ""
    message: str = ""
    batch_id: int | None = None
    created: int = 0
    form: dict[str, str] = field(default_factory=dict)


@router.get("/import")
def import_form(request: Request, user: CurrentUser):
    _writer(user)
    return render(request, "ledger/import.html", ImportPage("导入检查问题清单"))


@router.post("/import")
@off_the_loop
async def import_list(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                      file: UploadFile, inspection: str = Form(""), inspection_date: str = Form(""),
                      inspector: str = Form("")):
    """Validate the whole file, then write every item (with its 创建 entry) as one import batch."""
    from python_calamine import CalamineError

    _writer(user)
    name = Path(file.filename or "检查问题清单.xlsx").name
    form = {"inspection": inspection, "inspection_date": inspection_date, "inspector": inspector}
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"ledger-{secrets.token_hex(8)}{Path(name).suffix.lower() or '.xlsx'}"
    stored.write_bytes(await file.read())
    try:
        source = None
        if inspection.strip() or inspector.strip() or inspection_date.strip():
            source = Source(inspection.strip(), _date(inspection_date, "检查日期"), inspector.strip())
        result = intake.import_inspection(session, stored, user.username, name, source)
    except ImportFailed as failed:
        return render(request, "ledger/import.html", ImportPage("导入检查问题清单", failed.problems, name, form=form),
                      status_code=400)
    except service.LedgerError as exc:
        problems = [Problem(name, "", None, "检查日期", str(exc))]
        return render(request, "ledger/import.html", ImportPage("导入检查问题清单", problems, name, form=form),
                      status_code=400)
    except CalamineError as exc:
        problems = [Problem(name, "", None, "", f"无法读取该文件（{exc}），请上传 Excel 文件（.xlsx 或 .xls）")]
        return render(request, "ledger/import.html", ImportPage("导入检查问题清单", problems, name, form=form),
                      status_code=400)
    finally:
        stored.unlink(missing_ok=True)
    created = result.counts["ledger_item"].inserted
    page = ImportPage("导入检查问题清单", [], name, f"已导入 {created} 项整改事项（批次 {result.batch_id}，"
                      "可在「数据导入」中撤销）", result.batch_id, created)
    return render(request, "ledger/import.html", page)


@router.get("/template.xlsx")
def template(user: CurrentUser, deployment: DeploymentDep):
    from junheng.ledger.reports.excel import write_inspection_template

    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = write_inspection_template(folder / "检查问题清单导入模板.xlsx")
    return FileResponse(path, filename="检查问题清单导入模板.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.post("/shortfalls")
def from_shortfalls(request: Request, session: DbSession, user: CurrentUser):
    """Generate 均衡短板 items from the balance module's current shortfall list (when it provides one)."""
    from junheng.ledger.store.shortfall_source import current_shortfalls

    _writer(user)
    rows = current_shortfalls(session)
    if rows is None:
        request.session[FLASH] = "优质均衡模块尚未提供短板清单，暂不能生成整改事项"
        return RedirectResponse("/ledger", status_code=303)
    rechecked = intake.recheck_from_shortfalls(session, rows, user.username)
    ids = intake.create_items_from_shortfalls(session, rows, user.username)
    message = (f"已按短板清单生成 {len(ids)} 项整改事项" if ids
               else "短板清单为空，没有新增" if not rows else "短板清单中的问题都已有未销号的整改事项，没有新增")
    request.session[FLASH] = message + (f"；{rechecked} 项已关联事项按新数据复核" if rechecked else "")
    return see_other(session, "/ledger?category=均衡短板")


def _step(request, session, user, scope, item_no: str, step: str, note: str, done: str):
    row, _ = visible_item(session, scope, item_no)
    if step in ("accept", "reject"):
        _writer(user)
    elif not queries.can_work(user, row):
        raise Forbidden("只有责任学校的填报员或教育局工作人员可以执行此操作")
    try:
        service.transition(session, item_no, step, user.username, note)
    except service.LedgerError as exc:
        return item_page(request, session, user, scope, item_no, error=str(exc), status_code=400)
    return _done(request, session, item_no, done)


@router.post("/items/{item_no}/start")
def start(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
          note: str = Form("")):
    return _step(request, session, user, scope, item_no, "start", note, "已开始整改")


@router.post("/items/{item_no}/submit")
def submit(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           note: str = Form("")):
    return _step(request, session, user, scope, item_no, "submit", note, "已提交验收，等待教育局验收")


@router.post("/items/{item_no}/accept")
def accept(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           note: str = Form("")):
    return _step(request, session, user, scope, item_no, "accept", note, "验收通过，事项已销号")


@router.post("/items/{item_no}/reject")
def reject(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           reason: str = Form("")):
    return _step(request, session, user, scope, item_no, "reject", reason, "验收不通过，已退回责任单位继续整改")


@router.post("/items/{item_no}/extend")
def extend(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           deadline: str = Form(""), reason: str = Form("")):
    visible_item(session, scope, item_no)
    _writer(user)
    try:
        service.extend(session, item_no, _date(deadline, "新的整改期限"), reason, user.username)
    except service.LedgerError as exc:
        return item_page(request, session, user, scope, item_no, error=str(exc), status_code=400)
    return _done(request, session, item_no, f"整改期限已延至 {deadline}")


@router.post("/items/{item_no}/evidence")
@off_the_loop
async def upload(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
                 deployment: DeploymentDep, files: Annotated[list[UploadFile], File()], note: str = Form("")):
    uploads = [(f.filename or "", await f.read(MAX_BYTES + 1)) for f in files if f.filename]
    row, _ = visible_item(session, scope, item_no)
    if not queries.can_work(user, row):
        raise Forbidden("只有责任学校的填报员或教育局工作人员可以上传佐证材料")
    if not uploads:
        return item_page(request, session, user, scope, item_no, error="请选择要上传的文件", status_code=400)
    for filename, content in uploads:    # check every file before storing any
        try:
            check_upload(filename, content)
        except EvidenceRefused as exc:
            return item_page(request, session, user, scope, item_no, error=f"「{filename}」：{exc}", status_code=400)
    names = []
    for filename, content in uploads:
        try:
            record = service.attach_evidence(session, deployment.settings.data_dir, item_no, user.username,
                                             filename, content, note)
        except service.LedgerError as exc:
            return item_page(request, session, user, scope, item_no, error=f"「{filename}」：{exc}",
                             status_code=400)
        names.append(record.name)
    return _done(request, session, item_no, f"已上传佐证材料：{'、'.join(names)}")
