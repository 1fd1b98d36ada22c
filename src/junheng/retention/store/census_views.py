"""Read side of a stored census: per school counts, and one school's lists (for the census page and its export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.registry.store.models import School, Township
from junheng.retention.core.census import OUTCOME_LABELS
from junheng.retention.core.display import masked_rows
from junheng.retention.store.census import entries_frame
from junheng.retention.store.models import CaseRecord, CensusEntry, CensusRun, TransferProof

COUNTED = ("continuing", "transferred_within", "transferred_out", "graduated", "died", "dropped_out", "other",
           "suspected_dropout")


@dataclass
class SchoolCensus:
    school_id: str
    name: str
    township: str
    counts: dict[str, int]
    transfers_in: int
    new: int
    without_proof: int
    first_report_by: dt.date | None

    @property
    def previous_total(self) -> int:
        return sum(self.counts.values())


@dataclass
class SchoolLists:
    school_id: str
    name: str
    moved_out: list[dict] = field(default_factory=list)      # 县内转出 (to another county school)
    moved_in: list[dict] = field(default_factory=list)       # 县内转入 (from another county school)
    left_county: list[dict] = field(default_factory=list)    # 转出县外 with proof state
    graduated: list[dict] = field(default_factory=list)
    died_other: list[dict] = field(default_factory=list)     # 死亡、已登记辍学、其他
    suspected: list[dict] = field(default_factory=list)      # with report-by and case
    new: list[dict] = field(default_factory=list)


def school_info(session: Session) -> dict[str, tuple[str, str, str]]:
    """school_id → (name, township_code, township name)."""
    towns = dict(session.execute(select(Township.township_code, Township.name)).all())
    return {s: (n, t, towns.get(t, "")) for s, n, t in
            session.execute(select(School.school_id, School.name, School.township_code)).all()}


def census_by_school(session: Session, run: CensusRun, school_ids: list[str] | None = None) -> list[SchoolCensus]:
    """Counts per school, aggregated in the database (tens of rows back, not the run's tens of thousands)."""
    info = school_info(session)
    e = CensusEntry
    by_outcome = session.execute(select(e.school_id, e.outcome, func.count()).where(
        e.run_id == run.id, e.outcome != "new").group_by(e.school_id, e.outcome)).all()
    moved = dict(session.execute(select(e.current_school_id, func.count()).where(
        e.run_id == run.id, e.outcome == "transferred_within").group_by(e.current_school_id)).all())
    new = dict(session.execute(select(e.school_id, func.count()).where(
        e.run_id == run.id, e.outcome == "new").group_by(e.school_id)).all())
    no_proof = dict(session.execute(select(e.school_id, func.count()).where(
        e.run_id == run.id, e.outcome == "transferred_out", e.proof.is_(False)).group_by(e.school_id)).all())
    first_due = dict(session.execute(select(e.school_id, func.min(e.report_by)).where(
        e.run_id == run.id, e.outcome == "suspected_dropout").group_by(e.school_id)).all())
    counts: dict[str, dict[str, int]] = {}
    for school, outcome, n in by_outcome:
        counts.setdefault(school, dict.fromkeys(COUNTED, 0))[outcome] = n
    schools = sorted(set(counts) | set(moved) | set(new))
    if school_ids is not None:
        schools = [s for s in schools if s in set(school_ids)]
    out = []
    for sid in schools:   # one row per school (tens)
        name, _, town = info.get(sid, (sid, "", ""))
        out.append(SchoolCensus(sid, name, town, counts.get(sid, dict.fromkeys(COUNTED, 0)), moved.get(sid, 0),
                                new.get(sid, 0), no_proof.get(sid, 0), first_due.get(sid)))
    return out


def _rows(frame: pd.DataFrame, info: dict, other: str | None = None) -> list[dict]:
    records = frame.sort_values(["grade", "student_id"], na_position="last").to_dict("records")
    masked_rows(records, "student_id", "current_student_id")
    for r in records:
        if other:
            r["other_school"] = info.get(r[other], (r[other],))[0]
        r["outcome_label"] = OUTCOME_LABELS.get(r["outcome"], r["outcome"])
    return records


def school_lists(session: Session, run: CensusRun, school_id: str) -> SchoolLists:
    e = entries_frame(session, run, [school_id])
    info = school_info(session)
    mine, arrived = e[e["school_id"] == school_id], e[e["current_school_id"] == school_id]
    proofs = {p.student_id: p for p in session.scalars(select(TransferProof).where(TransferProof.term == run.term))}
    cases = dict(session.execute(select(CaseRecord.student_id, CaseRecord.case_id)
                                 .where(CaseRecord.school_id == school_id)).all())
    lists = SchoolLists(school_id, info.get(school_id, (school_id,))[0])
    lists.moved_out = _rows(mine[mine["outcome"] == "transferred_within"], info, "current_school_id")
    lists.moved_in = _rows(arrived[(arrived["outcome"] == "transferred_within") & (arrived["school_id"] != school_id)],
                           info, "school_id")
    lists.left_county = _rows(mine[mine["outcome"] == "transferred_out"], info)
    for r in lists.left_county:
        p = proofs.get(r["student_id"])
        r["proof_text"] = f"{p.receiving_school}{'（' + p.note + '）' if p.note else ''}" if p else ""
    lists.graduated = _rows(mine[mine["outcome"] == "graduated"], info, "current_school_id")
    lists.died_other = _rows(mine[mine["outcome"].isin(["died", "dropped_out", "other"])], info)
    lists.suspected = _rows(mine[mine["outcome"] == "suspected_dropout"], info)
    for r in lists.suspected + [r for r in lists.died_other if r["outcome"] == "dropped_out"]:
        r["case_id"] = cases.get(r["student_id"], "")
    lists.new = _rows(e[(e["outcome"] == "new") & (e["school_id"] == school_id)], info)
    return lists


def record_proof(session: Session, term: str, student_id: str, receiving_school: str, note: str,
                 username: str) -> None:
    """Record a receiving school's proof for a student who left the county; the next census counts it."""
    from junheng.store.models.accounts import AuditEntry

    if not receiving_school.strip():
        raise ValueError("请填写接收学校")
    row = session.scalars(select(TransferProof).where(TransferProof.term == term,
                                                      TransferProof.student_id == student_id)).first()
    if row is None:
        row = TransferProof(term=term, student_id=student_id)
        session.add(row)
    row.receiving_school, row.note, row.recorded_by = receiving_school.strip()[:128], note.strip(), username
    run = session.scalars(select(CensusRun).where(CensusRun.term == term)).first()
    if run is not None:
        for entry in session.scalars(select(CensusEntry).where(CensusEntry.run_id == run.id,
                                                               CensusEntry.student_id == student_id,
                                                               CensusEntry.outcome == "transferred_out")):
            entry.proof = True
    session.add(AuditEntry(username=username, action="retention:transfer_proof", target=student_id,
                           detail={"term": term, "receiving_school": receiving_school}))
    session.flush()


def dropout_counts(session: Session, run: CensusRun) -> pd.DataFrame:
    """Per school of a census run: students on roll at the start, suspected and recorded dropouts, their sum
    ``dropouts`` and the school's ``township_code`` — aggregated in the database."""
    from sqlalchemy import case, func

    from junheng.retention.core.vocab import ON_ROLL

    e = CensusEntry
    on_roll = e.status.in_(list(ON_ROLL))
    rows = session.execute(select(
        e.school_id, func.sum(case((on_roll, 1), else_=0)),
        func.sum(case((on_roll & (e.outcome == "suspected_dropout"), 1), else_=0)),
        func.sum(case((e.outcome == "dropped_out", 1), else_=0)),
    ).where(e.run_id == run.id, e.outcome != "new").group_by(e.school_id)).all()
    table = pd.DataFrame(rows, columns=["school_id", "start_enrolment", "suspected_dropouts", "recorded_dropouts"])
    table = table.astype({c: "int64" for c in table.columns if c != "school_id"})
    table["dropouts"] = table["suspected_dropouts"] + table["recorded_dropouts"]
    info = school_info(session)
    table["township_code"] = table["school_id"].map(lambda s: info.get(s, ("", ""))[1])
    return table
