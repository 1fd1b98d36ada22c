"""Shared pieces of the admissions pages: who may do what, the year, uploads, redirects."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from junheng.accounts import WRITE_ROLES
from junheng.admissions.store.years import current_year
from junheng.web.deps import Forbidden, require_roles

# Bureau roles and school clerks (their school only); township officials have no access to admissions.
READERS = require_roles("bureau_admin", "bureau_staff", "leader", "school_clerk")
BUREAU = ("bureau_admin", "bureau_staff", "leader")
FLASH = "admissions_flash"


def see_other(session, url: str) -> RedirectResponse:
    session.commit()
    return RedirectResponse(url, status_code=303)


def writer(user) -> None:
    if user.role not in WRITE_ROLES:
        raise Forbidden("只有教育局管理员和工作人员可以审核、导入和分配学位")


def bureau(user) -> None:
    if user.role not in BUREAU:
        raise Forbidden("学位分配和全县数据只对教育局开放；学校可查看本校的报名")


def year_of(session, year: int | None) -> int:
    return year if year and 2000 <= year <= 2100 else current_year(session)


def upload_folder(deployment) -> Path:
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def keep_upload(deployment, file, kind: str) -> tuple[Path, str]:
    """Store an upload until it is confirmed: (path, the user's file name)."""
    name = Path(file.filename or f"{kind}.xlsx").name
    token = secrets.token_hex(8)
    stored = upload_folder(deployment) / f"admissions-{kind}-{token}{Path(name).suffix.lower() or '.xlsx'}"
    stored.write_bytes(await file.read())
    return stored, name


def pending_upload(deployment, token: str) -> Path | None:
    """An upload kept for confirmation, by the token in its name (letters and digits only)."""
    if not token or not all(c.isalnum() or c in "-." for c in token):
        return None
    path = upload_folder(deployment) / token
    return path if path.is_file() and path.name.startswith("admissions-") else None


def download(data: bytes, name: str, media_type: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def flash(request: Request) -> str:
    return request.session.pop(FLASH, "")
