"""Opening dropout cases in the database: from a census run, from the population reconciliation, or by hand.

Case ids are a prefix per source and term (``QC20242`` census, ``RK20242`` reconciliation, ``SG20242`` by hand)
and a five-digit number. A student or child with a case still open (or, for a census, any case of that term) gets
no second one; the ID number is copied protected from the roster or the population list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.registry.store.models import School, Township
from junheng.retention.core.case_factory import cases_from_census, cases_from_reconciliation
from junheng.retention.core.cases import DropoutCase
from junheng.retention.store.cases import _entry
from junheng.retention.store.models import CaseRecord, CensusEntry, CensusRun, RosterRecord
from junheng.store.db import lock_for_numbering
from junheng.store.models.accounts import AuditEntry

PREFIXES = {"census": "QC", "reconciliation": "RK", "manual": "SG"}


def _next_number(session: Session, prefix: str) -> int:
    lock_for_numbering(session, f"retention:{prefix}")  # kept for this transaction: see lock_for_numbering
    last = session.scalar(select(func.max(CaseRecord.case_id)).where(CaseRecord.case_id.startswith(prefix)))
    return int(last[len(prefix):]) + 1 if last else 1


def case_prefix(source: str, term: str) -> str:
    """>>> case_prefix("census", "2024-2")
    'QC20242'
    """
    return f"{PREFIXES[source]}{term[:4]}{term[-1]}"


def _store(session: Session, case: DropoutCase, *, term: str, protected: dict, username: str, note: str) -> str:
    rec = CaseRecord(case_id=case.case_id, source=case.source, term=term, student_id=case.student_id,
                     name=case.name[:64], gender=case.gender[:2], birth_date=case.birth_date,
                     id_number_enc=protected.get("id_number_enc", ""),
                     id_number_hash=protected.get("id_number_hash", ""),
                     id_number_masked=protected.get("id_number_masked", ""), school_id=case.school_id,
                     school_name=case.school_name, grade=case.grade, class_name=case.class_name,
                     township_code=case.township_code, township_name=case.township_name, village=case.village,
                     disability=case.disability, status=case.status.value, status_since=case.status_since,
                     opened_on=case.opened_on, people={}, guardians=[], created_by=username)
    session.add(rec)
    session.flush()   # the case row before its timeline (no ORM relationship orders them)
    _entry(session, case.case_id, "open", case.opened_on, username, username, note)
    return case.case_id


def _registry_frames(session: Session) -> tuple[pd.DataFrame, pd.DataFrame]:
    schools = pd.DataFrame(session.execute(select(School.school_id, School.name, School.township_code)).all(),
                           columns=["school_id", "name", "township_code"])
    towns = pd.DataFrame(session.execute(select(Township.township_code, Township.name)).all(),
                         columns=["township_code", "name"])
    return schools, towns


def open_census_cases(session: Session, run: CensusRun, *, username: str) -> list[str]:
    """A case for every suspected or recorded dropout of the run who has none yet (reruns add nothing twice)."""
    rows = session.execute(select(CensusEntry).where(
        CensusEntry.run_id == run.id, CensusEntry.outcome.in_(["suspected_dropout", "dropped_out"]))).scalars().all()
    have = set(session.scalars(select(CaseRecord.student_id).where(
        (CaseRecord.term == run.term) | CaseRecord.status.notin_(["已复学", "已转学核实", "送教上门", "其他"]))))
    rows = [r for r in rows if r.student_id not in have]
    if not rows:
        return []
    frame = pd.DataFrame([{"student_id": r.student_id, "name": r.name, "id_number": "", "birth_date": r.birth_date,
                           "gender": r.gender, "school": r.school_id, "grade": r.grade, "class_name": r.class_name,
                           "township_code": r.township_code, "village": r.village, "outcome": r.outcome}
                          for r in rows])
    schools, towns = _registry_frames(session)
    prefix = case_prefix("census", run.term)
    cases = cases_from_census(SimpleNamespace(students=frame), opened_on=run.census_date, schools=schools,
                              townships=towns, prefix=prefix, first_number=_next_number(session, prefix))
    protected = {(r.school_id, r.student_id): r for r in session.scalars(select(RosterRecord).where(
        RosterRecord.term == run.previous_term, RosterRecord.student_id.in_([c.student_id for c in cases])))}
    for case in cases:
        src = protected.get((case.school_id, case.student_id))
        ids = {k: getattr(src, k) for k in ("id_number_enc", "id_number_hash", "id_number_masked")} if src else {}
        if src is not None:
            case = replace(case, disability=src.disability or "")
        _store(session, case, term=run.term, protected=ids, username=username,
               note=f"学籍清查（{run.previous_term}→{run.term}）发现" + ("已登记辍学" if case.status != "核查中" else "疑似辍学"))
    session.add(AuditEntry(username=username, action="retention:open_cases", target=run.term,
                           detail={"source": "census", "cases": [c.case_id for c in cases]}))
    session.flush()
    return [c.case_id for c in cases]


def open_reconciliation_cases(session: Session, unenrolled: pd.DataFrame, *, term: str, opened_on: dt.date,
                              username: str, protected: dict[str, dict]) -> list[str]:
    """A case for every child of age enrolled nowhere who has no open case (``unenrolled`` keyed by the ID hash in
    ``id_number``; ``protected``: hash → stored columns)."""
    have = set(session.scalars(select(CaseRecord.id_number_hash).where(CaseRecord.id_number_hash != "")))
    todo = unenrolled[~unenrolled["id_number"].isin(have)]
    if not len(todo):
        return []
    prefix = case_prefix("reconciliation", term)
    cases = cases_from_reconciliation(SimpleNamespace(unenrolled=todo), opened_on=opened_on, prefix=prefix,
                                      first_number=_next_number(session, prefix))
    for case in cases:
        ids = protected.get(case.id_number, {})
        _store(session, replace(case, id_number=""), term=term, protected=ids, username=username,
               note="适龄人口比对：户籍在本县的适龄儿童未在任何学校在籍")
    session.add(AuditEntry(username=username, action="retention:open_cases", target=term,
                           detail={"source": "reconciliation", "cases": [c.case_id for c in cases]}))
    session.flush()
    return [c.case_id for c in cases]


def open_manual_case(session: Session, case: DropoutCase, *, term: str, protected: dict, username: str,
                     note: str) -> str:
    """Store a case registered by hand (``case.case_id`` is replaced by the next number)."""
    prefix = case_prefix("manual", term)
    case = replace(case, case_id=f"{prefix}{_next_number(session, prefix):05d}", source="manual")
    _store(session, case, term=term, protected=protected, username=username, note=note or "手工登记")
    session.add(AuditEntry(username=username, action="retention:open_cases", target=case.case_id,
                           detail={"source": "manual"}))
    session.flush()
    return case.case_id
