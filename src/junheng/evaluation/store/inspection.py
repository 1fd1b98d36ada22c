"""责任督学: the roster and their schools (挂牌督导), visit records with checklist, issues and evidence files, the
ledger item an issue opens (through ``junheng.ledger.api`` only), 约谈 records, the monthly quota."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.evaluation.core.visits import load_checklist
from junheng.evaluation.store.models import (
    EvaluationAssignment,
    EvaluationInspector,
    EvaluationInterview,
    EvaluationVisit,
)
from junheng.evaluation.store.rounds import EvaluationError, audit
from junheng.evaluation.store.schools import schools

EVIDENCE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}
MAX_EVIDENCE = 10 * 1024 * 1024
RECTIFY_DAYS = 30


def add_inspector(session: Session, name: str, username: str | None, phone: str, monthly_quota: int,
                  school_ids: list[str], by: str) -> EvaluationInspector:
    if not name.strip():
        raise EvaluationError("请填写督学姓名")
    if monthly_quota < 0:
        raise EvaluationError("每月督导次数不能为负")
    known = schools(session)
    unknown = [s for s in school_ids if s not in known]
    if unknown:
        raise EvaluationError(f"学校 {'、'.join(unknown)} 不在名册中")
    row = EvaluationInspector(name=name.strip(), username=(username or "").strip() or None, phone=phone.strip(),
                              monthly_quota=monthly_quota)
    session.add(row)
    session.flush()
    assign(session, row.id, school_ids, by)
    audit(session, by, "inspector", str(row.id), name=name, schools=school_ids)
    return row


def assign(session: Session, inspector_id: int, school_ids: list[str], by: str) -> None:
    """Attach schools to an inspector (a school has one 责任督学: an earlier assignment moves)."""
    for code in school_ids:
        existing = session.scalars(select(EvaluationAssignment).where(EvaluationAssignment.school_id == code)).first()
        if existing:
            existing.inspector_id = inspector_id
        else:
            session.add(EvaluationAssignment(inspector_id=inspector_id, school_id=code))
    session.flush()


@dataclass(frozen=True)
class InspectorRow:
    id: int
    name: str
    username: str | None
    phone: str
    monthly_quota: int
    schools: list[tuple[str, str]]


def roster(session: Session, only: set[str] | None = None) -> list[InspectorRow]:
    names = {c: s.name for c, s in schools(session).items()}
    out = []
    for ins in session.scalars(select(EvaluationInspector).order_by(EvaluationInspector.id)):
        codes = sorted(session.scalars(select(EvaluationAssignment.school_id)
                                       .where(EvaluationAssignment.inspector_id == ins.id)))
        if only is not None and not set(codes) & only:
            continue
        out.append(InspectorRow(ins.id, ins.name, ins.username, ins.phone, ins.monthly_quota,
                                [(c, names.get(c, c)) for c in codes]))
    return out


def _store_file(data_dir: Path, name: str, content: bytes) -> dict:
    suffix = Path(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise EvaluationError(f"佐证「{name}」的类型不支持：只能上传 jpg、png 照片或 pdf")
    if len(content) > MAX_EVIDENCE:
        raise EvaluationError(f"佐证「{name}」超过 10 MB")
    ref = f"{uuid.uuid4().hex}{suffix}"
    folder = data_dir / "evaluation" / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ref).write_bytes(content)
    safe = re.sub(r"[\\/\x00-\x1f]", "_", Path(name).name)[:120]
    return {"name": safe, "ref": ref, "content_type": EVIDENCE_TYPES[suffix], "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest()}


def evidence_path(data_dir: Path, ref: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}\.(jpg|jpeg|png|pdf)", ref):
        raise EvaluationError("佐证文件名无效")
    return data_dir / "evaluation" / "evidence" / ref


@dataclass(frozen=True)
class NewVisit:
    inspector_id: int
    school_id: str
    visit_date: dt.date
    checked: list[str]
    issues: str
    open_ledger_item: bool = False
    severity: str = "一般"
    deadline: dt.date | None = None
    person: str = "校长"          # the school's person responsible for the rectification


def record_visit(session: Session, new: NewVisit, by: str, data_dir: Path | None = None,
                 files: list[tuple[str, bytes]] = ()) -> EvaluationVisit:
    """Record a visit; an issue found with ``open_ledger_item`` opens a ledger item linked back to the visit."""
    from junheng.ledger import api as ledger

    inspector = session.get(EvaluationInspector, new.inspector_id)
    if inspector is None:
        raise EvaluationError("没有这名督学")
    assigned = set(session.scalars(select(EvaluationAssignment.school_id)
                                   .where(EvaluationAssignment.inspector_id == inspector.id)))
    if new.school_id not in assigned:
        raise EvaluationError(f"学校 {new.school_id} 不是督学{inspector.name}的挂牌学校")
    valid = {c.id for c in load_checklist()}
    bad = [c for c in new.checked if c not in valid]
    if bad or not new.checked:
        raise EvaluationError("请至少勾选一项检查事项" if not bad else f"检查事项 {'、'.join(bad)} 不在清单中")
    if new.visit_date > dt.date.today():
        raise EvaluationError("督导日期不能晚于今天")
    if new.open_ledger_item and not new.issues.strip():
        raise EvaluationError("要生成整改事项，请先填写发现的问题")
    evidence = [_store_file(data_dir, n, c) for n, c in files if c] if data_dir is not None else []
    visit = EvaluationVisit(inspector_id=inspector.id, school_id=new.school_id, visit_date=new.visit_date,
                            checked=list(new.checked), issues=new.issues.strip(), evidence=evidence, created_by=by)
    session.add(visit)
    session.flush()
    if new.open_ledger_item:
        try:
            visit.ledger_item_no = ledger.open_item(
                session, school_id=new.school_id, inspection=f"责任督学挂牌督导（督导记录 {visit.id}）",
                inspection_date=new.visit_date, inspector=inspector.name, description=new.issues.strip(),
                deadline=new.deadline or (new.visit_date + dt.timedelta(days=RECTIFY_DAYS)), username=by,
                severity=new.severity, person=new.person.strip() or "校长")
        except ledger.LedgerError as exc:
            raise EvaluationError(f"整改事项未能生成：{exc}") from exc
        session.flush()
    audit(session, by, "visit", str(visit.id), school=new.school_id, ledger=visit.ledger_item_no,
          files=len(evidence))
    return visit


def visits(session: Session, only: set[str] | None = None, inspector_id: int | None = None,
           school_id: str | None = None) -> list[EvaluationVisit]:
    stmt = select(EvaluationVisit).order_by(EvaluationVisit.visit_date.desc(), EvaluationVisit.id.desc())
    if inspector_id is not None:
        stmt = stmt.where(EvaluationVisit.inspector_id == inspector_id)
    if school_id is not None:
        stmt = stmt.where(EvaluationVisit.school_id == school_id)
    rows = list(session.scalars(stmt))
    return rows if only is None else [v for v in rows if v.school_id in only]


def record_interview(session: Session, school_id: str, day: dt.date, reason: str, attendees: str, summary: str,
                     by: str, round_id: int | None = None) -> EvaluationInterview:
    if school_id not in schools(session):
        raise EvaluationError(f"学校 {school_id} 不在名册中")
    if not reason.strip():
        raise EvaluationError("请填写约谈事由")
    row = EvaluationInterview(school_id=school_id, interview_date=day, reason=reason.strip(),
                              attendees=attendees.strip(), summary=summary.strip(), round_id=round_id, created_by=by)
    session.add(row)
    session.flush()
    audit(session, by, "interview", str(row.id), school=school_id)
    return row


def interviews(session: Session, only: set[str] | None = None) -> list[EvaluationInterview]:
    rows = list(session.scalars(select(EvaluationInterview).order_by(EvaluationInterview.interview_date.desc())))
    return rows if only is None else [r for r in rows if r.school_id in only]
