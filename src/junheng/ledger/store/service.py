"""Ledger writes (database edge): create, move through the workflow, attach evidence, import an inspection's
list, generate items from the 优质均衡 shortfall list. Every change goes through the pure workflow
(``junheng.ledger.core.workflow``) and is stored as the item's new state plus one ``ledger_event`` row per new
history entry; every write is audited.

Times are local wall-clock time (deadlines and 逾期 are local dates).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.ledger.core.model import (
    Category,
    Evidence,
    LedgerItem,
    ResponsibleUnit,
    Severity,
    Source,
    Status,
    UnitKind,
)
from junheng.ledger.core.workflow import (
    TransitionError,
    accept,
    add_evidence,
    create_item,
    extend_deadline,
    reject,
    start,
    submit,
)
from junheng.ledger.store import evidence as files
from junheng.ledger.store.models import LedgerEventRecord, LedgerEvidenceRecord, LedgerItemRecord
from junheng.ledger.store.records import event_rows, item_values, new_item_row, to_item, typed
from junheng.registry.store.models import School
from junheng.store.db import lock_for_numbering
from junheng.store.models.accounts import AuditEntry

# Bureau sections (股室) that can be responsible for an item: (code, name)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("DDS", "督导室"), ("JJG", "基础教育股"), ("AQG", "安全稳定股"), ("JCG", "计划财务股"), ("RSG", "人事股"),
    ("JYS", "教研室"),
)
ITEM_PREFIX = "ZG"
SHORTFALL_PREFIX = "JH"
SHORTFALL_SOURCE = "优质均衡短板清单"


class LedgerError(ValueError):
    """A refused change; the message is Chinese and shown to the user."""


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def next_number(session: Session, prefix: str) -> int:
    """The next free sequence number of item numbers ``<prefix><n:04d>``, kept for this transaction (no other
    transaction can take it before this one ends)."""
    lock_for_numbering(session, f"ledger:{prefix}")
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    taken = [int(m.group(1)) for no in session.scalars(select(LedgerItemRecord.item_no)
                                                        .where(LedgerItemRecord.item_no.startswith(prefix)))
             if (m := pattern.match(no))]
    return max(taken, default=0) + 1


def year_prefix(prefix: str, day: dt.date) -> str:
    return f"{prefix}{day.year}-"


def responsible_units(session: Session) -> dict[str, ResponsibleUnit]:
    """Every school (by name) and bureau section that can be made responsible; the person is left empty."""
    units = {s.name: ResponsibleUnit(s.school_id, s.name, UnitKind.SCHOOL, "")
             for s in session.scalars(select(School).order_by(School.school_id))}
    units.update({name: ResponsibleUnit(code, name, UnitKind.SECTION, "") for code, name in SECTIONS})
    return units


def unit_by_id(session: Session, unit_id: str) -> ResponsibleUnit | None:
    for code, name in SECTIONS:
        if code == unit_id:
            return ResponsibleUnit(code, name, UnitKind.SECTION, "")
    school = session.get(School, unit_id)
    return ResponsibleUnit(school.school_id, school.name, UnitKind.SCHOOL, "") if school else None


def _audit(session: Session, username: str, verb: str, target: str, **detail: Any) -> None:
    session.add(AuditEntry(username=username, action=f"ledger:{verb}", target=target, detail=detail))


def _insert(session: Session, item: LedgerItem, username: str) -> LedgerItemRecord:
    row = LedgerItemRecord(**typed(new_item_row(item, username)))
    session.add(row)
    session.flush()          # the item before its events (no ORM relationship orders them)
    session.add_all(LedgerEventRecord(**typed(e)) for e in event_rows(item.item_id, item.history))
    session.flush()
    return row


@dataclass(frozen=True)
class NewItem:
    """What the web form (or a caller) gives to create one item."""

    inspection: str
    inspection_date: dt.date
    inspector: str
    category: str
    unit_id: str
    person: str
    description: str
    severity: str
    deadline: dt.date
    evidence_required: str = ""
    phone: str = ""


def create(session: Session, new: NewItem, username: str, at: dt.datetime | None = None) -> LedgerItemRecord:
    """Create one item (待整改) with its 创建 entry; raise ``LedgerError`` naming what is wrong."""
    unit = unit_by_id(session, new.unit_id)
    if unit is None:
        raise LedgerError(f"责任单位「{new.unit_id}」不存在")
    try:
        category, severity = Category(new.category), Severity(new.severity)
    except ValueError as exc:
        raise LedgerError(f"问题类别或严重程度无效：{exc}") from exc
    if not new.inspection.strip() or not new.inspector.strip():
        raise LedgerError("请填写检查名称和检查人")
    at = at or now()
    no = f"{year_prefix(ITEM_PREFIX, at.date())}{next_number(session, year_prefix(ITEM_PREFIX, at.date())):04d}"
    try:
        item = create_item(no, source=Source(new.inspection.strip(), new.inspection_date, new.inspector.strip()),
                           category=category, unit=replace(unit, person=new.person.strip(), phone=new.phone.strip()),
                           description=new.description, severity=severity, deadline=new.deadline,
                           evidence_required=new.evidence_required, at=at, by=username)
    except TransitionError as exc:
        raise LedgerError(str(exc)) from exc
    row = _insert(session, item, username)
    _audit(session, username, "create", no, unit=unit.name, category=category.value, deadline=str(new.deadline))
    return row


def load(session: Session, item_no: str, lock: bool = False) -> tuple[LedgerItemRecord, LedgerItem] | None:
    """An item row and its pure item with full history and evidence (row locked for update when asked)."""
    stmt = select(LedgerItemRecord).where(LedgerItemRecord.item_no == item_no)
    row = session.scalars(stmt.with_for_update() if lock else stmt).first()
    if row is None:
        return None
    events = list(session.scalars(select(LedgerEventRecord).where(LedgerEventRecord.item_no == item_no)
                                  .order_by(LedgerEventRecord.seq)))
    evidence = list(session.scalars(select(LedgerEvidenceRecord).where(LedgerEvidenceRecord.item_no == item_no)
                                    .order_by(LedgerEvidenceRecord.id)))
    return row, to_item(row, events, evidence)


def save(session: Session, row: LedgerItemRecord, before: LedgerItem, after: LedgerItem) -> None:
    """Store the item's new state and append its new history entries."""
    for key, value in typed(item_values(after)).items():
        setattr(row, key, value)
    new = after.history[len(before.history):]
    session.add_all(LedgerEventRecord(**typed(e)) for e in event_rows(row.item_no, new, len(before.history) + 1))
    session.flush()


STEPS: dict[str, Callable[..., LedgerItem]] = {
    "start": lambda item, at, by, note: start(item, at, by, note),
    "submit": lambda item, at, by, note: submit(start(item, at, by) if item.status is Status.PENDING else item,
                                                at, by, note),
    "accept": lambda item, at, by, note: accept(item, at, by, note),
    "reject": lambda item, at, by, note: reject(item, at, by, note),
}


def transition(session: Session, item_no: str, step: str, username: str, note: str = "",
               at: dt.datetime | None = None) -> LedgerItem:
    """Apply one workflow step (start, submit, accept, reject) to a stored item; ``LedgerError`` if refused.

    ``submit`` on an item still 待整改 records 开始整改 first."""
    found = load(session, item_no, lock=True)
    if found is None:
        raise LedgerError(f"没有编号为 {item_no} 的整改事项")
    row, item = found
    try:
        after = STEPS[step](item, at or now(), username, note)
    except TransitionError as exc:
        raise LedgerError(str(exc)) from exc
    save(session, row, item, after)
    _audit(session, username, step, item_no, status=after.status.value, note=note)
    return after


def extend(session: Session, item_no: str, new_deadline: dt.date, reason: str, username: str,
           at: dt.datetime | None = None) -> LedgerItem:
    found = load(session, item_no, lock=True)
    if found is None:
        raise LedgerError(f"没有编号为 {item_no} 的整改事项")
    row, item = found
    try:
        after = extend_deadline(item, new_deadline, at or now(), username, reason)
    except TransitionError as exc:
        raise LedgerError(str(exc)) from exc
    save(session, row, item, after)
    _audit(session, username, "extend", item_no, deadline=str(new_deadline), reason=reason)
    return after


def attach_evidence(session: Session, data_dir: Path, item_no: str, username: str, filename: str, content: bytes,
                    note: str = "", at: dt.datetime | None = None) -> LedgerEvidenceRecord:
    """Store a file and record it on the item (待整改 becomes 整改中 first); ``LedgerError`` if refused."""
    found = load(session, item_no, lock=True)
    if found is None:
        raise LedgerError(f"没有编号为 {item_no} 的整改事项")
    row, item = found
    at = at or now()
    if item.status not in (Status.PENDING, Status.IN_PROGRESS):
        raise LedgerError(f"事项 {item_no} 当前状态为「{item.status.value}」，不能上传佐证材料")
    try:
        stored = files.store(data_dir, item_no, filename, content)
    except files.EvidenceRefused as exc:
        raise LedgerError(str(exc)) from exc
    try:
        working = start(item, at, username, "上传佐证材料") if item.status is Status.PENDING else item
        after = add_evidence(working, Evidence(stored.name, stored.kind, stored.ref, at, username, note.strip()))
        save(session, row, item, after)
        record = LedgerEvidenceRecord(item_no=item_no, name=stored.name, kind=stored.kind, ref=stored.ref,
                                      content_type=stored.content_type, size=stored.size, sha256=stored.sha256,
                                      uploaded_at=at, by=username, note=note.strip()[:255])
        session.add(record)
        session.flush()
    except Exception:
        files.path_of(data_dir, stored.ref).unlink(missing_ok=True)
        raise
    _audit(session, username, "evidence", item_no, file=stored.name, size=stored.size, sha256=stored.sha256)
    return record
