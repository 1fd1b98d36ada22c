"""The term census against the database: the stored rosters of two terms through the pure ``run_census``, the result
stored per term (a rerun replaces it), and read back as the issue-4 contract, per school, and as lists.

The census sees the keyed hash of each ID number in place of the number (``roster_frame``), so matching by ID
number works exactly as on files and nothing is decrypted. Report-by dates of suspected dropouts follow
``report_deadlines`` with the census date as the day they were found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from junheng.retention.core.census import run_census
from junheng.retention.core.deadlines import report_deadlines
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.terms import default_term_start, previous_term, term_label
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.store.models import CensusEntry, CensusRun, TransferProof
from junheng.retention.store.rosters import records_of, roster_frame, rows_frame, stored_terms
from junheng.store.models.accounts import AuditEntry

ENTRY_COLUMNS = ("outcome", "student_id", "name", "gender", "birth_date", "id_number_masked", "school_id", "grade",
                 "class_name", "status", "current_student_id", "current_school_id", "current_grade", "current_status",
                 "matched_by", "returned", "proof", "township_code", "village", "report_by")


class CensusError(ValueError):
    """The census cannot run (a roster is missing); the message is for the user."""


def _entries(frame: pd.DataFrame, outcome: str | None = None) -> list[dict]:
    out = pd.DataFrame(index=frame.index)
    text = ("student_id", "name", "gender", "birth_date", "id_number_masked", "class_name", "status",
            "current_student_id", "current_status", "matched_by", "township_code", "village")
    for col in text:
        out[col] = frame[col].astype("str").fillna("").replace({"nan": "", "<NA>": "", "None": ""}) \
            if col in frame.columns else ""
    out["outcome"] = outcome if outcome is not None else frame["outcome"].astype("str")
    out["school_id"] = frame["school"].astype("str")
    out["current_school_id"] = (frame["current_school"].astype("str").fillna("").replace({"nan": "", "<NA>": ""})
                                if "current_school" in frame.columns else frame["school"].astype("str"))
    out["grade"] = frame["grade"].astype("Int64")
    out["current_grade"] = frame["current_grade"].astype("Int64") if "current_grade" in frame.columns \
        else frame["grade"].astype("Int64")
    out["returned"] = frame["returned"].astype(bool)
    out["proof"] = frame["proof"].astype(bool) if "proof" in frame.columns else False
    out["report_by"] = frame["report_by"] if "report_by" in frame.columns else None
    for col in ("name", "student_id", "current_student_id"):
        out[col] = out[col].str.slice(0, 64 if col == "name" else 32)
    return records_of(out[list(ENTRY_COLUMNS)])


def run_term_census(session: Session, term: str, *, username: str, settings: RetentionSettings | None = None,
                    term_start: dt.date | None = None, census_date: dt.date | None = None,
                    previous: str | None = None, graduating_grades: Iterable[int] = ()) -> CensusRun:
    """Compare the stored roster of ``previous`` (default: the term before) with ``term``'s and store the result."""
    settings = settings or RetentionSettings()
    calendar = TermCalendar.from_settings(settings)
    previous = previous or previous_term(term)
    prev, cur = roster_frame(session, previous), roster_frame(session, term)
    for name, frame in ((previous, prev), (term, cur)):
        if not len(frame):
            raise CensusError(f"尚未上传{term_label(name)}（{name}）的花名册，无法清查")
    earlier_term = previous_term(previous)
    earlier = roster_frame(session, earlier_term) if earlier_term in stored_terms(session) else None
    proofs = session.scalars(select(TransferProof.student_id).where(TransferProof.term == term))
    result = run_census(prev, cur, earlier=earlier, graduating_grades=graduating_grades, transfer_proofs=proofs)
    term_start = term_start or default_term_start(term, calendar)
    census_date = census_date or dt.date.today()
    students = result.students.copy()
    masked = prev.drop_duplicates("student_id").set_index("student_id")["id_number_masked"]
    students["id_number_masked"] = students["student_id"].map(masked).fillna("")
    gone = students["outcome"] == "suspected_dropout"
    if gone.any():
        due = report_deadlines(students.loc[gone, ["student_id", "school"]], term_start=term_start,
                               calendar=calendar, settings=settings, today=census_date, found_on=census_date)
        students.loc[gone, "report_by"] = pd.to_datetime(due["report_by"]).dt.date.to_numpy()
    new = result.new
    session.execute(delete(CensusEntry).where(CensusEntry.run_id.in_(
        select(CensusRun.id).where(CensusRun.term == term))))
    session.execute(delete(CensusRun).where(CensusRun.term == term))
    warnings = result.warnings.drop(columns=["id_number"], errors="ignore").fillna("").to_dict("records")
    run = CensusRun(term=term, previous_term=previous, term_start=term_start, census_date=census_date,
                    run_by=username, counts=result.counts(), warnings=warnings[:500])
    session.add(run)
    session.flush()
    rows = _entries(students) + _entries(new, "new")
    for row in rows:
        row["run_id"] = run.id
    for start in range(0, len(rows), 5000):
        session.execute(CensusEntry.__table__.insert(), rows[start:start + 5000])
    session.add(AuditEntry(username=username, action="retention:census", target=term,
                           detail={"previous_term": previous, **result.counts()}))
    session.flush()
    return run


def census_run(session: Session, term: str) -> CensusRun | None:
    return session.scalars(select(CensusRun).where(CensusRun.term == term)).first()


def latest_run(session: Session) -> CensusRun | None:
    return session.scalars(select(CensusRun).order_by(CensusRun.term.desc())).first()


def entries_frame(session: Session, run: CensusRun, school_ids: list[str] | None = None) -> pd.DataFrame:
    """The stored entries of a run (optionally of some schools: as previous or current school)."""
    cols = [CensusEntry.id, *[getattr(CensusEntry, c) for c in ENTRY_COLUMNS]]
    stmt = select(*cols).where(CensusEntry.run_id == run.id)
    if school_ids is not None:
        stmt = stmt.where(CensusEntry.school_id.in_(school_ids) | CensusEntry.current_school_id.in_(school_ids))
    frame = rows_frame(session.execute(stmt), ("entry_id", *ENTRY_COLUMNS))
    return frame.astype({"grade": "Int64", "current_grade": "Int64", "returned": bool, "proof": bool})


def census_contract(session: Session, term: str) -> dict:
    """The stored result in the machine-readable contract of issue 4 (the same JSON as the file-based CLI)."""
    run = census_run(session, term)
    if run is None:
        raise CensusError(f"{term_label(term)}尚未清查")
    e = entries_frame(session, run).sort_values("student_id", kind="stable")

    def ids(outcome: str) -> list[str]:
        return e.loc[e["outcome"] == outcome, "student_id"].tolist()

    moved = e[e["outcome"] == "transferred_within"]
    gone = e[e["outcome"] == "suspected_dropout"]
    return {
        "continuing": ids("continuing"),
        "transferred_within": [{"student_id": s, "from": f, "to": t} for s, f, t in
                               zip(moved["student_id"], moved["school_id"], moved["current_school_id"])],
        "transferred_out": ids("transferred_out"),
        "graduated": ids("graduated"),
        "suspected_dropouts": [{"student_id": s, "school": f} for s, f in zip(gone["student_id"], gone["school_id"])],
        "new": ids("new"),
    }
