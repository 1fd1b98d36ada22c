"""Reading health data back as frames, limited to what a user's scope allows (a school clerk: their school; a
township official: their township's schools; the bureau and the health officer: the county)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.health.store.models import (
    Aid,
    CareVisit,
    FitnessResult,
    LeftBehind,
    PsychCaseRow,
    PsychResult,
    SchoolPsych,
    SpecialEd,
    VisionResult,
)
from junheng.registry.store.models import School, Township
from junheng.store.memo import Memo


def schools(session: Session) -> pd.DataFrame:
    rows = session.execute(select(School.school_id, School.name, School.kind, School.township_code,
                                  Township.name).join(Township, Township.township_code == School.township_code,
                                                      isouter=True)).all()
    return pd.DataFrame(rows, columns=["school_id", "school_name", "kind", "township_code", "township_name"])


def allowed_schools(session: Session, scope) -> set[str] | None:
    """None = every school (county-wide scope)."""
    if scope.county_wide:
        return None
    if scope.role == "school_clerk":
        return {scope.school_id} if scope.school_id else set()
    if scope.role == "township_official":
        return set(session.scalars(select(School.school_id).where(School.township_code == scope.township_code)))
    return set()


def _frame(session: Session, model, where, allowed: set[str] | None, school_col: str = "school_id") -> pd.DataFrame:
    cols = [c.key for c in model.__table__.columns if c.key != "id"]
    # plain rows, not ORM objects: a county's 40 000 results load in a fraction of the time
    stmt = select(*(getattr(model, c) for c in cols)).where(*where)
    if allowed is not None:
        stmt = stmt.where(getattr(model, school_col).in_(sorted(allowed)))
    return pd.DataFrame(session.execute(stmt).all(), columns=cols)


def with_schools(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.merge(schools(session), on="school_id", how="left")


_FITNESS = Memo(reads=("health", "registry"), size=16)


def scope_key(allowed: set[str] | None) -> tuple[str, ...] | None:
    """``allowed`` as part of a cache key (None: the county)."""
    return None if allowed is None else tuple(sorted(allowed))


def fitness(session: Session, year: str | None = None, allowed: set[str] | None = None) -> pd.DataFrame:
    """The results as a frame (a copy: callers add columns), read again only after the data change — a county
    year is 40 000 rows that every health page needs."""
    return _FITNESS.get(session, (year, scope_key(allowed)), lambda: _read_fitness(session, year, allowed)).copy()


def _read_fitness(session: Session, year: str | None, allowed: set[str] | None) -> pd.DataFrame:
    where = [FitnessResult.year == year] if year else []
    df = _frame(session, FitnessResult, where, allowed)
    if df.empty:
        return df.assign(complete=pd.Series(dtype=bool))
    scores = pd.json_normalize(df["scores"].tolist()).add_prefix("score_")
    scores = scores.rename(columns={c: c.replace("score_bonus_", "bonus_") for c in scores.columns})
    df = pd.concat([df.drop(columns=["scores"]).reset_index(drop=True), scores], axis=1)
    df["complete"] = df["total"].notna()
    return with_schools(session, df)


def fitness_years(session: Session) -> list[str]:
    return sorted(session.scalars(select(FitnessResult.year).distinct()))


def vision(session: Session, term: str | None = None, allowed: set[str] | None = None) -> pd.DataFrame:
    where = [VisionResult.term == term] if term else []
    return with_schools(session, _frame(session, VisionResult, where, allowed))


def vision_terms(session: Session) -> list[str]:
    return sorted(session.scalars(select(VisionResult.term).distinct()))


def psych(session: Session, year: str | None = None, allowed: set[str] | None = None) -> pd.DataFrame:
    where = [PsychResult.year == year] if year else []
    return with_schools(session, _frame(session, PsychResult, where, allowed))


def psych_years(session: Session) -> list[str]:
    return sorted(session.scalars(select(PsychResult.year).distinct()))


def psych_cases(session: Session, allowed: set[str] | None = None) -> list[PsychCaseRow]:
    stmt = select(PsychCaseRow).order_by(PsychCaseRow.opened_on, PsychCaseRow.case_id)
    if allowed is not None:
        stmt = stmt.where(PsychCaseRow.school_id.in_(sorted(allowed)))
    return list(session.scalars(stmt))


def school_psych(session: Session, year: str, allowed: set[str] | None = None) -> pd.DataFrame:
    return _frame(session, SchoolPsych, [SchoolPsych.year == year], allowed)


def aid(session: Session, year: str | None = None, allowed: set[str] | None = None) -> pd.DataFrame:
    where = [Aid.term.in_([f"{year}-2", f"{int(year) + 1}-1"])] if year else []
    return with_schools(session, _frame(session, Aid, where, allowed))


def left_behind(session: Session, year: str, allowed: set[str] | None = None) -> pd.DataFrame:
    return with_schools(session, _frame(session, LeftBehind, [LeftBehind.year == year], allowed))


def visits(session: Session, allowed: set[str] | None = None) -> pd.DataFrame:
    return _frame(session, CareVisit, [], allowed)


def special_ed(session: Session, year: str, allowed: set[str] | None = None) -> pd.DataFrame:
    df = _frame(session, SpecialEd, [SpecialEd.year == year], allowed)
    return df.merge(schools(session)[["school_id", "school_name"]], on="school_id", how="left")


def special_ed_years(session: Session) -> list[str]:
    return sorted(session.scalars(select(SpecialEd.year).distinct()))
