"""The household registry's school-age list in the database, and its reconciliation with a stored term roster.

Import: validate, then one undoable batch (kind ``population``); the list replaces the previous one (children no
longer listed are marked ``in_list = false``). ID numbers are stored protected like the registry's.

Reconciliation runs the pure ``reconcile`` twice: first county-wide on keyed hashes (exact matching by ID number
needs no decryption), then on the few fuzzy candidates with their ID numbers decrypted, so that a mistyped digit
is recognised (the +0.2 of the rule) and shown in the reason. Decisions (确认/否定) are stored per child and
roster record and fed back to ``reconcile``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School, Township
from junheng.retention.core.reconcile import reconcile
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.terms import school_year
from junheng.retention.readers.roster_io import RosterFileError, read_population
from junheng.retention.store.models import MatchDecision, PopulationRecord, RosterRecord
from junheng.retention.store.rosters import _protected, _text, records_of, roster_frame, rows_frame
from junheng.store.base import utcnow
from junheng.store.batches import upsert_batch
from junheng.store.models.accounts import AuditEntry, ImportBatch
from junheng.store.protect import IdProtector

TABLE = "retention_population"


def import_population(session: Session, path: Path | str, *, username: str, protector: IdProtector,
                      file_label: str | None = None) -> tuple[int, dict[str, int], list[Problem]]:
    """Returns (batch id, counts, warnings) or raises ``ImportFailed``."""
    label = file_label or Path(path).name
    try:
        check = read_population(path)
    except RosterFileError as exc:
        raise ImportFailed([Problem(label, "", None, "", str(exc))]) from None
    if check.problems:
        raise ImportFailed([Problem(label, p.sheet, p.row, p.column, p.reason) for p in check.problems])
    people = check.roster
    if not len(people):
        raise ImportFailed([Problem(label, "", None, "", "名单中没有人员记录")])
    names = {name: code for code, name in session.execute(select(Township.township_code, Township.name)).all()}
    township = _text(people, "township")
    code = township.map(names).fillna("")
    warnings = [Problem(label, "", None, "乡镇", f"乡镇「{t}」不在学校名册的乡镇中，该乡镇的个案需由教育局分派")
                for t in sorted(set(township[(code == "") & (township != "")]))]
    ids = people["id_number"]
    gender = _text(people, "gender")
    digit = pd.to_numeric(ids.str.slice(16, 17), errors="coerce")
    gender = gender.mask(gender == "", np.where(digit.fillna(0) % 2 == 1, "男", "女"))
    rows = pd.DataFrame({"name": people["name"].str.slice(0, 64), "gender": gender.str.slice(0, 2),
                         "birth_date": people["birth_date"], "township": township.str.slice(0, 64),
                         "township_code": code, "village": _text(people, "village").str.slice(0, 64),
                         "in_list": True})
    rows = pd.concat([rows, _protected(ids, protector)], axis=1)
    records = records_of(rows)
    listed = set(rows["id_number_hash"])
    gone = [{"id_number_hash": h, "in_list": False} for h in session.scalars(
        select(PopulationRecord.id_number_hash).where(PopulationRecord.in_list.is_(True))) if h not in listed]
    result = upsert_batch(session, "population", label, username, [(TABLE, ("id_number_hash",), records + gone)],
                          not_compared={TABLE: {"id_number_enc"}})
    c = result.counts[TABLE]
    return result.batch_id, {"rows": len(records), "inserted": c.inserted, "updated": c.updated - len(gone),
                             "unchanged": c.unchanged, "removed": len(gone)}, warnings


def population_frame(session: Session) -> pd.DataFrame:
    cols = ["id_number_hash", "id_number_masked", "name", "gender", "birth_date", "township", "township_code",
            "village"]
    rows = session.execute(select(*[getattr(PopulationRecord, c) for c in cols])
                           .where(PopulationRecord.in_list.is_(True)))
    return rows_frame(rows, cols).rename(columns={"id_number_hash": "id_number"}).astype("str")


def decisions_frame(session: Session) -> pd.DataFrame:
    rows = session.execute(select(MatchDecision.person_hash, MatchDecision.student_id, MatchDecision.accepted)).all()
    return pd.DataFrame(rows, columns=["id_number", "student_id", "accepted"])


@dataclass
class ReconcileView:
    term: str
    year: int
    people: pd.DataFrame        # of-age children; ``id_number`` is the keyed hash
    candidates: pd.DataFrame    # fuzzy pairs with score, reason, decision; ``id_number`` is the keyed hash
    counts: dict[str, int]

    @property
    def unenrolled(self) -> pd.DataFrame:
        return self.people[self.people["match"] == "none"]


def _decrypted(session: Session, protector: IdProtector, person_hashes: set[str],
               student_ids: set[str], term: str) -> tuple[dict[str, str], dict[str, str]]:
    """hash → ID number for the few candidate children and roster records."""
    people = session.execute(select(PopulationRecord.id_number_hash, PopulationRecord.id_number_enc)
                             .where(PopulationRecord.id_number_hash.in_(person_hashes))).all()
    records = session.execute(select(RosterRecord.id_number_hash, RosterRecord.id_number_enc).where(
        RosterRecord.term == term, RosterRecord.student_id.in_(student_ids), RosterRecord.id_number_hash != "")).all()
    return ({h: protector.decrypt(e) for h, e in people}, {h: protector.decrypt(e) for h, e in records})


def reconcile_term(session: Session, protector: IdProtector, term: str,
                   settings: RetentionSettings | None = None) -> ReconcileView:
    """Reconcile the stored list with the county's stored roster of ``term`` (ages on the settings' reference day
    of the term's school year)."""
    settings = settings or RetentionSettings()
    year = school_year(term)
    # the core upper-cases ID numbers (the check character x → X): give it upper-case hashes on both sides
    people, roster, decisions = population_frame(session), roster_frame(session, term), decisions_frame(session)
    people["id_number"], roster["id_number"] = people["id_number"].str.upper(), roster["id_number"].str.upper()
    decisions["id_number"] = decisions["id_number"].str.upper()
    first = reconcile(people, roster, year=year, settings=settings, decisions=decisions)
    result_people, candidates = first.people, first.candidates
    if len(candidates):
        who, rec = _decrypted(session, protector, {h.lower() for h in candidates["id_number"]},
                              set(candidates["student_id"]), term)
        who = {h.upper(): v for h, v in who.items()}
        rec = {h.upper(): v for h, v in rec.items()}
        back = {v: k for k, v in who.items()}
        sub_people = people[people["id_number"].isin(who)].assign(id_number=lambda f: f["id_number"].map(who))
        sub_roster = roster[roster["student_id"].isin(set(candidates["student_id"]))].copy()
        sub_roster["id_number"] = sub_roster["id_number"].map(rec).fillna("")
        sub_decisions = decisions.assign(id_number=decisions["id_number"].map(who)).dropna(subset=["id_number"])
        second = reconcile(sub_people, sub_roster, year=year, settings=settings, decisions=sub_decisions)
        candidates = second.candidates.assign(id_number=second.candidates["id_number"].map(back))
        redone = second.people.assign(id_number=second.people["id_number"].map(back)).set_index("id_number")
        result_people = result_people.set_index("id_number")
        result_people.loc[redone.index, ["match", "student_id", "school"]] = redone[["match", "student_id", "school"]]
        result_people = result_people.reset_index()
    result_people["id_number"] = result_people["id_number"].str.lower()
    candidates = candidates.assign(id_number=candidates["id_number"].str.lower())
    m = result_people["match"]
    counts = {"people": len(result_people), "matched": int((m == "id_number").sum()),
              "confirmed": int((m == "confirmed").sum()), "pending": int((m == "pending").sum()),
              "unenrolled": int((m == "none").sum()), "candidates": len(candidates),
              "listed": len(people)}
    return ReconcileView(term, year, result_people, candidates, counts)


_CACHE: dict[tuple[str, str], tuple[tuple, ReconcileView]] = {}


def reconcile_cached(session: Session, protector: IdProtector, term: str,
                     settings: RetentionSettings | None = None) -> ReconcileView:
    """``reconcile_term`` computed again only when an import batch, an undo or a decision changed its inputs (the
    page is opened far more often than the data change; a county reconciliation takes a second or two)."""
    settings = settings or RetentionSettings()
    version = (
        session.scalar(select(func.max(ImportBatch.id))),
        session.scalar(select(func.count()).select_from(ImportBatch).where(ImportBatch.undone_at.is_not(None))),
        session.scalar(select(func.max(MatchDecision.decided_at))),
        session.scalar(select(func.count()).select_from(MatchDecision)),
        settings.model_dump_json(),
    )
    key = (str(session.get_bind().url), term)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    view = reconcile_term(session, protector, term, settings)
    _CACHE[key] = (version, view)
    return view


def decide(session: Session, person_hash: str, student_id: str, accepted: bool, *, username: str) -> None:
    """Record (or change) a person's decision on one candidate pair."""
    row = session.scalars(select(MatchDecision).where(MatchDecision.person_hash == person_hash,
                                                      MatchDecision.student_id == student_id)).first()
    if row is None:
        session.add(MatchDecision(person_hash=person_hash, student_id=student_id, accepted=accepted,
                                  decided_by=username))
    else:
        row.accepted, row.decided_by, row.decided_at = accepted, username, utcnow()
    masked = session.scalar(select(PopulationRecord.id_number_masked)
                            .where(PopulationRecord.id_number_hash == person_hash)) or ""
    session.add(AuditEntry(username=username, action="retention:match_decision", target=masked,
                           detail={"student_id": student_id, "accepted": accepted}))
    session.flush()


def protected_people(session: Session, hashes: list[str]) -> dict[str, dict]:
    rows = session.scalars(select(PopulationRecord).where(PopulationRecord.id_number_hash.in_(hashes)))
    return {r.id_number_hash: {"id_number_enc": r.id_number_enc, "id_number_hash": r.id_number_hash,
                               "id_number_masked": r.id_number_masked} for r in rows}


def school_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(School.school_id, School.name)).all())
