"""Monthly zero-reports and the early-warning list in the database (the pure rules are in ``zero_report``,
``early_warning`` and ``follow_up``).

- Zero report: one row per school and month; a resubmission replaces the figure (audited).
- Early warning: ``flag_students`` scores every on-roll student of a term's stored roster (flags of the 学籍
  export, over-age, a repeated grade against the previous term's roster) and stores who reached the threshold
  with the reasons; a student keeps the day first flagged. Contacts with flagged families are stored as logged;
  whether each counts as a real contact is decided by ``follow_up`` when shown, never by a tick box.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.retention.core.cases import CONTACT_KINDS, CaseError
from junheng.retention.core.early_warning import risk_scores
from junheng.retention.core.follow_up import classify_contacts, follow_up
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.terms import previous_term, school_year
from junheng.retention.core.vocab import ON_ROLL
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.core.zero_report import report_due, zero_report_status
from junheng.retention.store.models import CaseRecord, WarningContact, WarningFlag, ZeroReport
from junheng.retention.store.rosters import roster_frame, stored_terms
from junheng.store.base import utcnow
from junheng.store.models.accounts import AuditEntry


def submit_zero_report(session: Session, school_id: str, month: str, dropouts: int, *, on: dt.date, note: str,
                       username: str, settings: RetentionSettings | None = None) -> ZeroReport:
    report_due(month, settings or RetentionSettings())   # validates YYYY-MM
    if dropouts < 0:
        raise ValueError("辍学人数不能为负")
    row = session.scalars(select(ZeroReport).where(ZeroReport.school_id == school_id,
                                                   ZeroReport.month == month)).first()
    if row is None:
        row = ZeroReport(school_id=school_id, month=month)
        session.add(row)
    row.submitted_on, row.dropouts, row.note = on, dropouts, note.strip()
    row.submitted_by, row.submitted_at = username, utcnow()
    session.add(AuditEntry(username=username, action="retention:zero_report", target=f"{school_id} {month}",
                           detail={"dropouts": dropouts}))
    session.flush()
    return row


def zero_report_table(session: Session, month: str, school_ids: list[str], *, today: dt.date,
                      settings: RetentionSettings | None = None) -> pd.DataFrame:
    rows = session.execute(select(ZeroReport.school_id, ZeroReport.month, ZeroReport.submitted_on,
                                  ZeroReport.dropouts).where(ZeroReport.month == month)).all()
    subs = pd.DataFrame(rows, columns=["school_id", "month", "submitted_on", "dropouts"])
    return zero_report_status(school_ids, subs, month, today=today, settings=settings)


def cases_opened_in(session: Session, school_id: str, month: str) -> int:
    """Cases of a school opened in ``month`` (the figure a school's report should carry)."""
    year, mon = (int(x) for x in month.split("-"))
    first = dt.date(year, mon, 1)
    after = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return session.scalar(select(func.count()).select_from(CaseRecord).where(
        CaseRecord.school_id == school_id, CaseRecord.opened_on >= first, CaseRecord.opened_on < after)) or 0


def flag_students(session: Session, term: str, *, on: dt.date, username: str, settings: RetentionSettings,
                  school_ids: list[str] | None = None) -> int:
    """Score the term's on-roll students and store the flagged ones; returns how many were newly flagged."""
    roster = roster_frame(session, term, school_ids)
    roster = roster[roster["status"].isin(ON_ROLL)].rename(columns={"school": "school_id"})
    if not len(roster):
        return 0
    before = previous_term(term)
    previous = (roster_frame(session, before, school_ids)[["student_id", "grade"]]
                if before in stored_terms(session) else None)
    scores = risk_scores(roster, year=school_year(term), settings=settings, previous_grades=previous,
                         health_flags=_health_flags(session, term))
    flagged = scores[scores["flagged"]]
    existing = {f.student_id: f for f in session.scalars(select(WarningFlag).where(WarningFlag.term == term))}
    new = 0
    for row in flagged.itertuples(index=False):   # flagged students: a few percent of a roster
        flag = existing.get(row.student_id)
        if flag is None:
            flag = WarningFlag(term=term, student_id=row.student_id, flagged_on=on)
            session.add(flag)
            new += 1
        flag.school_id, flag.name, flag.class_name = row.school_id, row.name, row.class_name
        flag.grade = None if pd.isna(row.grade) else int(row.grade)
        flag.risk_score, flag.reasons = float(row.risk_score), row.reasons
    session.add(AuditEntry(username=username, action="retention:warning_flag", target=term,
                           detail={"flagged": len(flagged), "new": new, "schools": school_ids or "全县"}))
    session.flush()
    return new


def _health_flags(session: Session, term: str) -> dict[str, list[str]] | None:
    """The student health module's risk factors for the term, read through its published api (None without it)."""
    from junheng.modules import api_of

    api = api_of("health")
    return api.risk_flags(session, term) if api is not None and hasattr(api, "risk_flags") else None


def add_warning_contact(session: Session, flag: WarningFlag, *, on: dt.date, kind: str, note: str, person: str,
                        username: str) -> WarningContact:
    if kind not in CONTACT_KINDS:
        raise CaseError(f"联系方式「{kind}」无效，应为：{'、'.join(CONTACT_KINDS)}")
    if not note.strip():
        raise CaseError("请写明联系情况（见到了谁、谈了什么、家长和学生的态度）")
    contact = WarningContact(student_id=flag.student_id, school_id=flag.school_id, day=on, kind=kind,
                             note=note.strip(), person=person.strip() or username, logged_by=username)
    session.add(contact)
    session.add(AuditEntry(username=username, action="retention:warning_contact", target=flag.student_id,
                           detail={"kind": kind, "on": on.isoformat()}))
    session.flush()
    return contact


def warning_view(session: Session, term: str, school_ids: list[str] | None, *, today: dt.date,
                 settings: RetentionSettings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(flagged students with follow-up state, per-school and county contact rates, every contact with
    ``counted`` and ``why_not``) for the schools given (None: all)."""
    stmt = select(WarningFlag).where(WarningFlag.term == term)
    if school_ids is not None:
        stmt = stmt.where(WarningFlag.school_id.in_(school_ids))
    flags = pd.DataFrame([{"flag_id": f.id, "student_id": f.student_id, "school_id": f.school_id, "name": f.name, "grade": f.grade,
                           "class_name": f.class_name, "risk_score": f.risk_score, "reasons": f.reasons,
                           "flagged_on": f.flagged_on} for f in session.scalars(stmt)],
                         columns=["flag_id", "student_id", "school_id", "name", "grade", "class_name", "risk_score",
                                  "reasons", "flagged_on"])
    contacts = pd.DataFrame(session.execute(select(WarningContact.student_id, WarningContact.day, WarningContact.kind,
                                                   WarningContact.note, WarningContact.person)).all(),
                            columns=["student_id", "on", "kind", "note", "person"])
    calendar = TermCalendar.from_settings(settings)
    if not len(flags):
        empty = pd.DataFrame(columns=["school_id", "flagged", "contacted", "missed", "pending", "contact_rate"])
        return flags.assign(state="", first_contact_on=None, due=None), empty, contacts.assign(counted=False,
                                                                                               why_not="")
    people, rates = follow_up(flags, contacts, calendar=calendar, settings=settings, today=today)
    judged = classify_contacts(flags, contacts, calendar=calendar, settings=settings)
    people = flags.merge(people[["student_id", "due", "first_contact_on", "state"]], on="student_id")
    return people.sort_values(["school_id", "risk_score", "student_id"], ascending=[True, False, True]), rates, judged
