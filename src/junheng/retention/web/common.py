"""Shared pieces of the retention pages: role and scope checks, settings, uploads with a preview, file responses,
and the audit line every export of a student list writes."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.registry.store.models import School
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.store import service
from junheng.web.deps import Forbidden, NotFound

WRITERS = ("bureau_admin", "bureau_staff")
BUREAU = ("bureau_admin", "bureau_staff", "leader")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def settings_of(deployment) -> RetentionSettings:
    return service.load_settings(deployment.settings.data_dir)


def today() -> dt.date:
    return service.today()


def need_roles(user, roles: tuple[str, ...], message: str = "您的角色无权访问控辍保学的这一页面") -> None:
    if user.role not in roles:
        raise Forbidden(message)


def need_writer(user, roles: tuple[str, ...] = WRITERS) -> None:
    """POST actions: the leader's account is read-only; other roles must be in ``roles``."""
    if user.role == "leader":
        raise Forbidden("局领导账号为只读，不能修改数据")
    if user.role not in roles:
        raise Forbidden("您的角色无权执行此操作")


def visible_schools(session: Session, scope: Scope) -> list[str] | None:
    """School ids a user may see (None: the whole county)."""
    if scope.county_wide:
        return None
    if scope.role == "school_clerk":
        return [scope.school_id] if scope.school_id else []
    stmt = select(School.school_id).where(School.township_code == scope.township_code)
    return list(session.scalars(stmt))


def check_school(session: Session, scope: Scope, school_id: str) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise NotFound(f"没有学校标识码为 {school_id} 的学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden("您只能查看本单位范围内的学校")
    return school


def parse_day(text: str | None, label: str, default: dt.date | None = None) -> dt.date:
    if not text:
        if default is None:
            raise ValueError(f"请填写{label}")
        return default
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{label}「{text}」不是有效日期（YYYY-MM-DD）") from None


def upload_dir(deployment) -> Path:
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def stage(deployment, file: UploadFile) -> tuple[str, Path, str]:
    """Keep an upload until it is confirmed: (token, stored path, the user's file name)."""
    name = Path(file.filename or "上传文件.xlsx").name
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".xlsx", ".xls", ".csv", ".xlsm") else ".xlsx"
    token = secrets.token_hex(8)
    path = upload_dir(deployment) / f"retention-{token}{suffix}"
    path.write_bytes(await file.read())
    return token, path, name


def staged(deployment, token: str) -> Path | None:
    safe = Path(token).name
    found = sorted(upload_dir(deployment).glob(f"retention-{safe}.*"))
    return found[0] if found and safe.isalnum() else None


def trial(deployment, work: Callable[[Session], object]):
    """Run an import in a transaction that is rolled back: the preview shows exact counts, nothing is kept."""
    session = deployment.db.sessions()
    try:
        return work(session)
    finally:
        session.rollback()
        session.close()


def download(write: Callable[[Path], object], download_name: str, media_type: str) -> Response:
    """Write a document with ``write(path)`` into a temporary file and send its bytes as an attachment."""
    with tempfile.NamedTemporaryFile(suffix=Path(download_name).suffix, delete=False) as handle:
        path = Path(handle.name)
    try:
        write(path)
        content = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(download_name)}"})
