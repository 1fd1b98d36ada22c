"""Administration: users, the audit log, import batches (upload with preview, confirm, undo)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.accounts import ROLES, create_user
from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.importer import import_registry
from junheng.registry.store.models import School, Township
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import AuditEntry, ImportBatch, User
from junheng.web.deps import CSRF, CurrentUser, DbSession, DeploymentDep, require_roles
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/admin", dependencies=[CSRF, require_roles("bureau_admin", "bureau_staff")])
admin_only = require_roles("bureau_admin")


@dataclass
class AuditPage:
    title: str
    entries: list[AuditEntry]
    q: str


@router.get("/audit", dependencies=[admin_only])
def audit(request: Request, session: DbSession, q: str = ""):
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)
    if q:
        stmt = stmt.where(AuditEntry.action.contains(q) | AuditEntry.username.contains(q)
                          | AuditEntry.target.contains(q))
    return render(request, "admin_audit.html", AuditPage("操作日志", list(session.scalars(stmt)), q))


@dataclass
class UsersPage:
    title: str
    users: list[User]
    schools: list[School]
    townships: list[Township]
    message: str = ""
    error: str = ""


def _users_page(session, message="", error="") -> UsersPage:
    return UsersPage("用户管理", list(session.scalars(select(User).order_by(User.id))),
                     list(session.scalars(select(School).order_by(School.school_id))),
                     list(session.scalars(select(Township).order_by(Township.township_code))), message, error)


@router.get("/users", dependencies=[admin_only])
def users(request: Request, session: DbSession):
    return render(request, "admin_users.html", _users_page(session))


@router.post("/users", dependencies=[admin_only])
def add_user(request: Request, session: DbSession, user: CurrentUser, username: str = Form(...),
             password: str = Form(...), role: str = Form(...), display_name: str = Form(""),
             school_id: str = Form(""), township_code: str = Form("")):
    try:  # the password policy is create_user's (accounts.password_problems)
        create_user(session, username, password, role, display_name, school_id or None, township_code or None,
                    by=user.username)
    except ValueError as exc:
        return render(request, "admin_users.html", _users_page(session, error=str(exc)), status_code=400)
    return render(request, "admin_users.html", _users_page(session, message=f"已创建用户 {username}（{ROLES[role]}）"))


@dataclass
class ImportsPage:
    title: str
    batches: list[ImportBatch]
    problems: list[Problem]
    preview: dict | None = None
    token: str = ""
    file_name: str = ""
    message: str = ""
    refused: UndoRefused | None = None


def _imports(session, **kw) -> ImportsPage:
    return ImportsPage("数据导入", list(session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(100))),
                       kw.pop("problems", []), **kw)


@router.get("/imports")
def imports(request: Request, session: DbSession):
    return render(request, "admin_imports.html", _imports(session))


def _upload_dir(deployment) -> Path:
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@router.post("/imports/registry")
@off_the_loop
async def upload_registry(request: Request, deployment: DeploymentDep, user: CurrentUser, file: UploadFile):
    """Validate and dry-run the import in a transaction that is rolled back: the preview shows exact counts."""
    token = secrets.token_hex(8)
    stored = _upload_dir(deployment) / f"{token}.xlsx"
    stored.write_bytes(await file.read())
    name = Path(file.filename or "上传文件.xlsx").name
    trial = deployment.db.sessions()
    try:
        result = import_registry(trial, stored, user.username, deployment.protector, name)
    except ImportFailed as failed:
        stored.unlink(missing_ok=True)
        trial.rollback()
        with deployment.db.sessions() as s:
            return render(request, "admin_imports.html", _imports(s, problems=failed.problems, file_name=name),
                          status_code=400)
    finally:
        trial.rollback()
        trial.close()
    with deployment.db.sessions() as s:
        return render(request, "admin_imports.html",
                      _imports(s, preview=result.summary(), token=token, file_name=name))


@router.post("/imports/registry/confirm")
def confirm_registry(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                     token: str = Form(...), file_name: str = Form(...)):
    stored = _upload_dir(deployment) / f"{Path(token).name}.xlsx"
    if not stored.exists():
        return render(request, "admin_imports.html", _imports(session, message="预览已失效，请重新上传"), status_code=400)
    try:
        result = import_registry(session, stored, user.username, deployment.protector, file_name)
    except ImportFailed as failed:
        return render(request, "admin_imports.html", _imports(session, problems=failed.problems, file_name=file_name),
                      status_code=400)
    stored.unlink(missing_ok=True)
    session.flush()
    return render(request, "admin_imports.html", _imports(session, message=f"导入完成：批次 {result.batch_id}"))


@router.post("/imports/{batch_id}/undo", dependencies=[admin_only])
def undo(request: Request, batch_id: int, session: DbSession, user: CurrentUser):
    try:
        rows = undo_batch(session, batch_id, user.username)
    except UndoRefused as exc:
        return render(request, "admin_imports.html", _imports(session, refused=exc), status_code=409)
    session.flush()
    return render(request, "admin_imports.html", _imports(session, message=f"已撤销批次 {batch_id}，恢复 {rows} 行"))


@router.get("/", include_in_schema=False)
def admin_root():
    return RedirectResponse("/admin/imports", status_code=303)
