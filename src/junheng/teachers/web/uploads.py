"""Uploads kept until confirmed, and a trial run of an import in a rolled-back transaction (the preview)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy.orm import Session

SUFFIXES = (".xlsx", ".xls", ".xlsm")


def upload_dir(deployment) -> Path:
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def stage(deployment, file: UploadFile) -> tuple[str, Path, str]:
    name = Path(file.filename or "上传文件.xlsx").name
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in SUFFIXES else ".xlsx"
    token = secrets.token_hex(8)
    path = upload_dir(deployment) / f"teachers-{token}{suffix}"
    path.write_bytes(await file.read())
    return token, path, name


def staged(deployment, token: str) -> Path | None:
    safe = Path(token).name
    if not safe.isalnum():
        return None
    found = sorted(upload_dir(deployment).glob(f"teachers-{safe}.*"))
    return found[0] if found else None


def trial(deployment, work: Callable[[Session], object]):
    """Run an import in a transaction that is rolled back: exact counts, nothing kept."""
    session = deployment.db.sessions()
    try:
        return work(session)
    finally:
        session.rollback()
        session.close()
