"""Write side of balance besides the school-data import: county inputs (survey result, rates, 巩固率 typed by
hand), judgements of the qualitative items with their evidence files, sending shortfalls to the ledger, and the
workbooks handed to schools. Every write is audited."""

from __future__ import annotations

import re
import secrets
from dataclasses import fields
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.balance.core.inputs import CountyInputs
from junheng.balance.store.models import BalanceCountyInput, BalanceEvidence, BalanceJudgement
from junheng.registry.store.models import School
from junheng.store.base import utcnow
from junheng.store.models.accounts import AuditEntry

INPUT_KEYS = tuple(f.name for f in fields(CountyInputs))
RATE_KEYS = ("teacher_pay_ratio", "nearby_enrolment_primary", "nearby_enrolment_junior", "quota_allocation_rate",
             "migrant_public_rate", "retention_rate_junior", "disabled_enrolment_rate", "monitoring_difference_rate",
             "survey_satisfaction")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".txt")


class InputError(ValueError):
    """Invalid input on a form (message in Chinese)."""


def _audit(session: Session, username: str, verb: str, target: str, **detail) -> None:
    session.add(AuditEntry(username=username, action=f"balance:{verb}", target=target, detail=detail))


def save_county_inputs(session: Session, county_code: str, year: int, values: dict[str, float | None],
                       username: str) -> int:
    """Set county figures (None clears one); rates are shares (0.95). Returns how many changed."""
    unknown = sorted(set(values) - set(INPUT_KEYS))
    if unknown:
        raise InputError(f"未知的县级填报项：{'、'.join(unknown)}")
    for key, value in values.items():
        if value is not None and (value < 0 or (key in RATE_KEYS and key != "teacher_pay_ratio" and value > 1)):
            raise InputError(f"{key} 的值 {value:g} 无效（比例应在 0 到 100% 之间，人数不能为负）")
    rows = {r.key: r for r in session.scalars(select(BalanceCountyInput).where(
        BalanceCountyInput.county_code == county_code, BalanceCountyInput.year == year))}
    changed = {}
    for key, value in values.items():
        row = rows.get(key)
        if row is None:
            if value is None:
                continue
            session.add(BalanceCountyInput(county_code=county_code, year=year, key=key, value=value,
                                           updated_by=username, updated_at=utcnow()))
        elif row.value == value:
            continue
        else:
            row.value, row.updated_by, row.updated_at = value, username, utcnow()
        changed[key] = value
    if changed:
        _audit(session, username, "county_inputs", f"{county_code}/{year}", **changed)
    return len(changed)


def save_judgement(session: Session, county_code: str, year: int, standard: str, item_key: str,
                   judgement: bool | None, note: str, username: str) -> None:
    row = session.scalars(select(BalanceJudgement).filter_by(county_code=county_code, year=year, standard=standard,
                                                             item_key=item_key)).first()
    if row is None:
        row = BalanceJudgement(county_code=county_code, year=year, standard=standard, item_key=item_key)
        session.add(row)
    row.judgement, row.note, row.updated_by, row.updated_at = judgement, note.strip(), username, utcnow()
    _audit(session, username, "judge", f"{county_code}/{year}/{standard}/{item_key}", judgement=judgement,
           note=note.strip())


def evidence_dir(data_dir: Path) -> Path:
    folder = Path(data_dir) / "balance-evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_evidence(session: Session, data_dir: Path, county_code: str, year: int, standard: str, item_key: str,
                 file_name: str, content: bytes, username: str) -> BalanceEvidence:
    """Store an evidence file under a random name (the user's file name is kept for display only)."""
    name = Path(file_name or "").name.strip() or "佐证材料"
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise InputError(f"不支持的文件类型「{suffix or '无扩展名'}」，可上传：{'、'.join(EVIDENCE_SUFFIXES)}")
    if not content:
        raise InputError("文件是空的")
    if len(content) > EVIDENCE_MAX_BYTES:
        raise InputError("文件超过 20 MB")
    stored = secrets.token_hex(12) + suffix
    (evidence_dir(data_dir) / stored).write_bytes(content)
    ev = BalanceEvidence(county_code=county_code, year=year, standard=standard, item_key=item_key,
                         file_name=name[:255], stored_name=stored, size=len(content), uploaded_by=username,
                         uploaded_at=utcnow())
    session.add(ev)
    session.flush()
    _audit(session, username, "evidence", f"{county_code}/{year}/{standard}/{item_key}", file=name, id=ev.id)
    return ev


def evidence_path(data_dir: Path, ev: BalanceEvidence) -> Path:
    if not re.fullmatch(r"[0-9a-f]{24}\.[a-z]{2,4}", ev.stored_name):
        raise InputError("佐证材料文件名无效")
    return evidence_dir(data_dir) / ev.stored_name


def send_to_ledger(session: Session, shortfalls: list, username: str) -> list[int] | None:
    """New 整改台账 items for the shortfalls (the ledger skips those with an open item); None without a ledger."""
    try:
        from junheng.ledger.api import create_items_from_shortfalls
    except ImportError:
        return None
    ids = create_items_from_shortfalls(session, shortfalls, username)
    _audit(session, username, "to_ledger", "短板清单", shortfalls=len(shortfalls), items=len(ids))
    return ids


def template_schools(session: Session, school_ids: list[str]) -> pd.DataFrame:
    """Schools (id, name, kind) to prefill the template with."""
    rows = session.execute(select(School.school_id, School.name, School.kind).where(School.school_id.in_(school_ids))
                           .order_by(School.township_code, School.school_id)).all()
    return pd.DataFrame(rows, columns=["school_id", "name", "kind"])
