"""Dropout cases in the database: stored rows ↔ the pure ``DropoutCase``, opening cases (census, reconciliation,
by hand) and every action through the pure state machine, each written as a timeline entry and audited.

A stored case is ``CaseRecord`` plus its ``CaseEntry`` lines (opened, status, contact, assign, report, notice);
``to_domain`` rebuilds the immutable ``DropoutCase`` from them, an action runs the pure function (which refuses a
move the rules forbid with ``CaseError``) and ``_persist`` writes the result back. Opening cases:
``junheng.retention.store.case_open``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.retention.core.cases import (
    CaseError,
    CaseStatus,
    Contact,
    DropoutCase,
    Responsible,
    StatusChange,
    assign,
    issue_notice,
    log_contact,
    record_report,
    transition,
)
from junheng.retention.store.models import CaseEntry, CaseRecord
from junheng.store.models.accounts import AuditEntry

PEOPLE = {"township_official": "乡镇责任人", "village_official": "村（社区）责任人", "school_contact": "学校责任人",
          "class_teacher": "班主任"}
ENTRY_LABELS = {"open": "立案", "status": "状态变更", "contact": "联系", "assign": "明确责任人", "report": "上报",
                "notice": "发出复学通知书"}


def case_allowed(scope: Scope, record: CaseRecord) -> bool:
    """Bureau roles: every case; a school clerk: their school's; a township official: their township's."""
    if scope.county_wide:
        return True
    if scope.role == "school_clerk":
        return record.school_id == scope.school_id
    if scope.role == "township_official":
        return bool(record.township_code) and record.township_code == scope.township_code
    return False


def scope_filter(stmt, scope: Scope):
    if scope.role == "school_clerk":
        return stmt.where(CaseRecord.school_id == scope.school_id)
    if scope.role == "township_official":
        return stmt.where(CaseRecord.township_code == scope.township_code)
    return stmt if scope.county_wide else stmt.where(CaseRecord.case_id.is_(None))


def _person(data) -> Responsible | None:
    return Responsible(**data) if data and data.get("name") else None


def to_domain(rec: CaseRecord, entries: Iterable[CaseEntry]) -> DropoutCase:
    entries = sorted(entries, key=lambda e: (e.day, e.id or 0))
    contacts = tuple(Contact(e.day, e.contact_kind, e.note, e.person, e.agreed) for e in entries if e.kind == "contact")
    history = tuple(StatusChange(e.day, CaseStatus(e.from_status), CaseStatus(e.to_status), e.person, e.note)
                    for e in entries if e.kind == "status")
    people = rec.people or {}
    return DropoutCase(
        case_id=rec.case_id, student_id=rec.student_id, name=rec.name, opened_on=rec.opened_on, source=rec.source,
        id_number="", birth_date=rec.birth_date, gender=rec.gender, school_id=rec.school_id,
        school_name=rec.school_name, grade=rec.grade, class_name=rec.class_name, township_code=rec.township_code,
        township_name=rec.township_name, village=rec.village, disability=rec.disability,
        status=CaseStatus(rec.status), status_since=rec.status_since,
        **{k: _person(people.get(k)) for k in PEOPLE}, assigned_on=rec.assigned_on, reported_on=rec.reported_on,
        notice_issued_on=rec.notice_issued_on, contacts=contacts, history=history)


def entries_of(session: Session, case_ids: list[str]) -> dict[str, list[CaseEntry]]:
    out: dict[str, list[CaseEntry]] = defaultdict(list)
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        for e in session.scalars(select(CaseEntry).where(CaseEntry.case_id.in_(chunk))):
            out[e.case_id].append(e)
    return out


def load_cases(session: Session, scope: Scope, **where) -> list[tuple[CaseRecord, DropoutCase]]:
    """The cases a user may see (optionally filtered by column values), each with its domain object."""
    stmt = scope_filter(select(CaseRecord), scope)
    for key, value in where.items():
        if value:
            stmt = stmt.where(getattr(CaseRecord, key) == value)
    records = list(session.scalars(stmt.order_by(CaseRecord.case_id)))
    entries = entries_of(session, [r.case_id for r in records])
    return [(r, to_domain(r, entries.get(r.case_id, []))) for r in records]


def _entry(session: Session, case_id: str, kind: str, day: dt.date, person: str, username: str, note: str = "",
           **extra) -> None:
    session.add(CaseEntry(case_id=case_id, kind=kind, day=day, person=person, note=note,
                          contact_kind=extra.get("contact_kind", ""), agreed=extra.get("agreed", False),
                          from_status=extra.get("from_status", ""), to_status=extra.get("to_status", ""),
                          logged_by=username))


def _persist(session: Session, rec: CaseRecord, case: DropoutCase, username: str, action: str, detail: dict) -> None:
    rec.status, rec.status_since = case.status.value, case.status_since
    rec.assigned_on, rec.reported_on, rec.notice_issued_on = case.assigned_on, case.reported_on, case.notice_issued_on
    rec.people = {k: vars(getattr(case, k)) for k in PEOPLE if getattr(case, k) is not None}
    session.add(AuditEntry(username=username, action=f"retention:{action}", target=rec.case_id, detail=detail))
    session.flush()


def _domain(session: Session, rec: CaseRecord) -> DropoutCase:
    return to_domain(rec, entries_of(session, [rec.case_id]).get(rec.case_id, []))


def assign_people(session: Session, rec: CaseRecord, people: dict[str, Responsible], *, on: dt.date,
                  username: str, actor: str = "") -> DropoutCase:
    """Name (or rename) the people on both lines."""
    named = {k: v for k, v in people.items() if k in PEOPLE and v is not None and v.name.strip()}
    if not named:
        raise CaseError("请至少填写一位责任人的姓名")
    case = assign(_domain(session, rec), on=on, **named)
    text = "；".join(f"{PEOPLE[k]}：{p.name}{'（' + p.unit + '）' if p.unit else ''}" for k, p in named.items())
    _entry(session, rec.case_id, "assign", on, actor or username, username, text)
    _persist(session, rec, case, username, "assign", {k: vars(p) for k, p in named.items()})
    return case


def add_contact(session: Session, rec: CaseRecord, contact: Contact, *, username: str) -> DropoutCase:
    case = log_contact(_domain(session, rec), contact)
    _entry(session, rec.case_id, "contact", contact.on, contact.by, username, contact.note,
           contact_kind=contact.kind, agreed=contact.agreed)
    _persist(session, rec, case, username, "contact", {"kind": contact.kind, "on": contact.on.isoformat()})
    return case


def change_status(session: Session, rec: CaseRecord, to: str, *, on: dt.date, by: str, note: str,
                  username: str) -> DropoutCase:
    before = rec.status
    case = transition(_domain(session, rec), to, on=on, by=by, note=note)
    _entry(session, rec.case_id, "status", on, by, username, note.strip(), from_status=before,
           to_status=case.status.value)
    _persist(session, rec, case, username, "status", {"from": before, "to": case.status.value})
    return case


def mark_reported(session: Session, rec: CaseRecord, *, on: dt.date, username: str, actor: str = "") -> DropoutCase:
    if rec.reported_on is not None:
        raise CaseError(f"个案已于 {rec.reported_on} 上报")
    case = record_report(_domain(session, rec), on)
    _entry(session, rec.case_id, "report", on, actor or username, username, "已上报教育局和乡镇")
    _persist(session, rec, case, username, "report", {"on": on.isoformat()})
    return case


def record_notice(session: Session, rec: CaseRecord, *, on: dt.date, username: str, note: str = "",
                  actor: str = "") -> DropoutCase:
    case = issue_notice(_domain(session, rec), on)
    _entry(session, rec.case_id, "notice", on, actor or username, username,
           note.strip() or "乡镇人民政府发出书面复学通知书")
    _persist(session, rec, case, username, "notice", {"on": on.isoformat()})
    return case
