"""Term rosters in the database: import (validate everything, then one transaction as an undoable batch) and read.

A bureau uploads the county's roster (the 学籍 system's export or the registry's 学生 sheet; every school in the
file), a school clerk their own school's (rows of another school are refused). Rows keep the 学籍 fields the
census and early warning need; the ID number is stored protected (encrypted, keyed hash, mask) exactly as the
registry stores it. A student a later upload of the same school and term no longer lists is marked
``in_roster = false`` (an update the batch can undo), never deleted. The household township comes from
户籍乡镇代码 or is recognised in 户口所在地 by the registry's township names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import County, School, Township
from junheng.retention.core.terms import parse_term
from junheng.retention.readers.roster_io import RosterFileError, read_roster_located
from junheng.retention.store.models import RosterRecord
from junheng.store.batches import upsert_batch
from junheng.store.protect import IdProtector

TABLE = "retention_roster"
KEY = ("record_key",)   # term|school_id|student_id in one indexed column: batch lookups by a plain IN
FLAGS = {"left_behind": "非留守儿童", "migrant": "否", "disability": "", "low_income": "否"}
MAX_LISTED = 50


@dataclass
class RosterImport:
    batch_id: int
    term: str
    schools: list[str]
    rows: int
    inserted: int
    updated: int
    unchanged: int
    removed: int
    warnings: list[Problem] = field(default_factory=list)


def batch_kind(term: str) -> str:
    """Every upload of a term is one kind of batch: they are undone newest first."""
    return f"roster:{term}"


def _text(frame: pd.DataFrame, key: str, default: str = "") -> pd.Series:
    if key not in frame.columns:
        return pd.Series(default, index=frame.index, dtype="str")
    return frame[key].astype("str").fillna("").str.strip().replace("", default)


def household(roster: pd.DataFrame, townships: list[tuple[str, str]], county_names: list[str]) -> pd.DataFrame:
    """``township_code`` and ``village`` of each child's household: given, or read from 户口所在地 when it names one
    of the county's townships (e.g. 示范县东城街道东关社区 → 东城街道's code, 东关社区)."""
    code, village = _text(roster, "township_code"), _text(roster, "village")
    place = _text(roster, "household")
    for county in county_names:
        place = place.str.removeprefix(county)
    for town_code, name in sorted(townships, key=lambda t: -len(t[1])):  # a few dozen townships
        hit = (code == "") & place.str.startswith(name)
        code = code.mask(hit, town_code)
        village = village.mask(hit & (village == ""), place.str.slice(len(name)))
    return pd.DataFrame({"township_code": code, "village": village.str.slice(0, 64)})


def _where(numbers: np.ndarray, sheet: str, label: str):
    def problem(i: int, column: str, reason: str) -> Problem:
        return Problem(label, sheet, int(numbers[i]), column, reason)
    return problem


def _own_checks(roster: pd.DataFrame, numbers: np.ndarray, sheet: str, label: str, headers: dict[str, str],
                known: set[str], own_school: str | None) -> list[Problem]:
    """Schools must be in the registry (and the clerk's own); a student once per school."""
    at = _where(numbers, sheet, label)
    school_header = headers.get("school", "学校标识码")
    problems = []
    unknown = np.flatnonzero(~roster["school"].isin(known).to_numpy() & (roster["school"] != "").to_numpy())
    problems += [at(i, school_header, f"学校「{roster['school'].iat[i]}」不在学校名册中，请先导入或核对学校标识码")
                 for i in unknown[:MAX_LISTED]]
    if own_school is not None:
        other = np.flatnonzero((roster["school"] != own_school).to_numpy() & (roster["school"] != "").to_numpy())
        problems += [at(i, school_header, f"学校「{roster['school'].iat[i]}」不是本校（{own_school}），"
                                          "学校用户只能上传本校花名册") for i in other[:MAX_LISTED]]
    dup = np.flatnonzero(roster.duplicated(["school", "student_id"], keep="first").to_numpy()
                         & (roster["student_id"] != "").to_numpy())
    problems += [at(i, headers.get("student_id", "学籍号"), f"学籍号「{roster['student_id'].iat[i]}」在同一学校重复出现")
                 for i in dup[:MAX_LISTED]]
    too_long = np.flatnonzero((roster["student_id"].str.len() > 32).to_numpy())
    problems += [at(i, headers.get("student_id", "学籍号"), "学籍号超过 32 个字符") for i in too_long[:MAX_LISTED]]
    return problems


def _protected(ids: pd.Series, protector: IdProtector) -> pd.DataFrame:
    """Encrypted, hashed and masked ID numbers; blanks stay blank (one encryption per student: no way around it)."""
    values = ids.tolist()
    enc = [protector.encrypt(v) if v else "" for v in values]
    digest = [protector.hash(v) if v else "" for v in values]
    from junheng.registry.core.codes import mask_id_number

    masked = [mask_id_number(v) if v else "" for v in values]
    return pd.DataFrame({"id_number_enc": enc, "id_number_hash": digest, "id_number_masked": masked},
                        index=ids.index)


def import_roster(session: Session, path: Path | str, *, term: str, username: str, protector: IdProtector,
                  file_label: str | None = None, own_school: str | None = None,
                  sheet: str | None = None) -> RosterImport:
    """Raise ``ImportFailed`` with every problem and write nothing, or write the roster as one batch.
    ``own_school``: the uploading clerk's school (required when the file has no school column)."""
    label = file_label or Path(path).name
    try:
        parse_term(term)
    except ValueError as exc:
        raise ImportFailed([Problem(label, "", None, "学期", str(exc))]) from None
    schools = dict(session.execute(select(School.school_id, School.name)).all())
    try:
        check, numbers, sheet_name, headers = read_roster_located(
            path, sheet=sheet, school=own_school, school_names={name: sid for sid, name in schools.items()})
    except RosterFileError as exc:
        raise ImportFailed([Problem(label, "", None, "", str(exc))]) from None
    check.problems = [Problem(label, p.sheet, p.row, p.column, p.reason) for p in check.problems]
    problems = list(check.problems)
    roster = check.roster
    if not problems:
        problems += _own_checks(roster, numbers, sheet_name, label, headers, set(schools), own_school)
    if not problems and not len(roster):
        problems.append(Problem(label, sheet_name, None, "", "文件中没有学生记录"))
    if problems:
        raise ImportFailed(problems)
    towns = [tuple(r) for r in session.execute(select(Township.township_code, Township.name)).all()]
    home = household(roster, towns, list(session.scalars(select(County.name))))
    rows = pd.DataFrame({
        "record_key": term + "|" + roster["school"] + "|" + roster["student_id"],
        "term": term, "school_id": roster["school"], "student_id": roster["student_id"],
        "name": roster["name"].str.slice(0, 64), "gender": _text(roster, "gender").str.slice(0, 2),
        "birth_date": roster["birth_date"], "grade": roster["grade"].astype("object").where(roster["grade"].notna(), None),
        "class_name": _text(roster, "class_name").str.slice(0, 32), "status": roster["status"],
        "status_label": roster["status_label"].str.slice(0, 16), **home,
        **{k: _text(roster, k, default).str.slice(0, 8) for k, default in FLAGS.items()},
        "in_roster": True,
    })
    rows = pd.concat([rows, _protected(roster["id_number"], protector)], axis=1)
    records = records_of(rows)
    gone = _absent(session, term, set(rows["school_id"]), set(zip(rows["school_id"], rows["student_id"])))
    result = upsert_batch(session, batch_kind(term), label, username, [(TABLE, KEY, records + gone)],
                          not_compared={TABLE: {"id_number_enc"}})
    counts = result.counts[TABLE]
    return RosterImport(result.batch_id, term, sorted(set(rows["school_id"])), len(records),
                        counts.inserted, counts.updated - len(gone), counts.unchanged, len(gone),
                        [Problem(label, w.sheet, w.row, w.column, w.reason) for w in check.warnings])


def _absent(session: Session, term: str, schools: set[str], listed: set[tuple[str, str]]) -> list[dict]:
    """Rows of the uploaded schools that the new file no longer lists: marked out of the roster."""
    stored = session.execute(select(RosterRecord.school_id, RosterRecord.student_id).where(
        RosterRecord.term == term, RosterRecord.in_roster.is_(True), RosterRecord.school_id.in_(schools))).all()
    return [{"record_key": f"{term}|{s}|{i}", "in_roster": False} for s, i in stored if (s, i) not in listed]


def records_of(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (``DataFrame.to_dict`` is several times slower on wide frames)."""
    columns = list(frame.columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


ROSTER_FRAME = ("student_id", "name", "gender", "birth_date", "school_id", "grade", "class_name", "status",
                "status_label", "id_number_hash", "id_number_masked", "township_code", "village", "left_behind",
                "migrant", "disability", "low_income")


def roster_frame(session: Session, term: str, school_ids: list[str] | None = None) -> pd.DataFrame:
    """A stored term roster as the census core reads it: ``school`` for school_id and the keyed hash in place of the
    ID number (equal hashes ⇔ equal ID numbers, so matching is unchanged and nothing is decrypted)."""
    cols = [getattr(RosterRecord, c) for c in ROSTER_FRAME]
    stmt = select(*cols).where(RosterRecord.term == term, RosterRecord.in_roster.is_(True))
    if school_ids is not None:
        stmt = stmt.where(RosterRecord.school_id.in_(school_ids))
    frame = rows_frame(session.execute(stmt), ROSTER_FRAME)
    frame = frame.rename(columns={"school_id": "school", "id_number_hash": "id_number"})
    frame["grade"] = frame["grade"].astype("Int64")
    for col in frame.columns:
        if col != "grade":
            frame[col] = frame[col].astype("str")
    return frame


def rows_frame(result, columns) -> pd.DataFrame:
    """A query result as a DataFrame (plain tuples: pandas probing SQLAlchemy rows costs seconds per 50,000)."""
    return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(columns))


def stored_terms(session: Session) -> list[str]:
    """Terms that have a stored roster, newest first."""
    terms = session.scalars(select(RosterRecord.term).where(RosterRecord.in_roster.is_(True)).distinct())
    return sorted(terms, reverse=True)
