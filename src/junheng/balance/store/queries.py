"""Read side of balance against the database: the frames the pure core assesses, and the cached assessment of a
county, year and standard (database edge; the pages, the CLI report and the ledger use it).

The assessment is cached per process (``junheng.store.memo``), keyed by the data revisions of the modules it
reads, so that page after page of the same county does not redo it and no page shows it stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.balance.core import Assessment, Checklist, CountyInputs, Judgement, assess
from junheng.balance.core.columns import NUMERIC_KEYS, TEACHER_KEYS
from junheng.balance.core.sections import build_sections
from junheng.balance.core.teachers import fill_teacher_columns
from junheng.balance.store.models import (
    BalanceCountyInput,
    BalanceEvidence,
    BalanceJudgement,
    BalanceSchoolYear,
)
from junheng.registry.store.models import County, School, Student, Teacher, Township
from junheng.store.memo import Memo

STANDARDS = {"quality_2017": "优质均衡", "basic_2012": "基本均衡"}
SCHOOL_COLUMNS = ("school_id", "name", "kind", "location", "ownership", "boarding", "township_code",
                  "central_school_id")
TEACHER_COLUMNS = ("school_id", "section", "full_time", "education", "title", "backbone_level", "subject",
                   "certificate", "training_hours_5y", "last_exchange_year")


class NoData(LookupError):
    """No school data for the county and year (message in Chinese)."""


def counties(session: Session) -> list[tuple[str, str]]:
    return [tuple(r) for r in session.execute(select(County.county_code, County.name).order_by(County.county_code))]


def default_county(session: Session, county_code: str = "") -> tuple[str, str]:
    """The county asked for, or the first one; ("", "") when the registry has none."""
    known = counties(session)
    for code, name in known:
        if code == county_code:
            return code, name
    return known[0] if known else ("", "")


def county_school_ids(session: Session, county_code: str) -> list[str]:
    stmt = select(School.school_id).join(Township, School.township_code == Township.township_code)
    if county_code:
        stmt = stmt.where(Township.county_code == county_code)
    return list(session.scalars(stmt.order_by(School.school_id)))


def years(session: Session, county_code: str = "") -> list[int]:
    """School years that have data, newest first."""
    stmt = select(BalanceSchoolYear.year).distinct()
    if county_code:
        stmt = stmt.where(BalanceSchoolYear.school_id.in_(county_school_ids(session, county_code)))
    return sorted(session.scalars(stmt), reverse=True)


def school_year_frame(session: Session, year: int | None = None, school_ids: list[str] | None = None) -> pd.DataFrame:
    """school_year_data rows (canonical keys, floats, NaN for blanks)."""
    cols = ["school_id", "year", "section", *NUMERIC_KEYS]
    stmt = select(*(getattr(BalanceSchoolYear, c) for c in cols))
    if year is not None:
        stmt = stmt.where(BalanceSchoolYear.year == year)
    if school_ids is not None:
        stmt = stmt.where(BalanceSchoolYear.school_id.in_(school_ids))
    df = pd.DataFrame(session.execute(stmt.order_by(BalanceSchoolYear.school_id, BalanceSchoolYear.year,
                                                    BalanceSchoolYear.section)).all(), columns=cols)
    for c in NUMERIC_KEYS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    df["school_id"] = df["school_id"].astype(str)
    return df


def schools_frame(session: Session, school_ids: list[str] | None = None) -> pd.DataFrame:
    stmt = select(*(getattr(School, c) for c in SCHOOL_COLUMNS))
    if school_ids is not None:
        stmt = stmt.where(School.school_id.in_(school_ids))
    return pd.DataFrame(session.execute(stmt).all(), columns=list(SCHOOL_COLUMNS))


def teachers_frame(session: Session, school_ids: list[str]) -> pd.DataFrame:
    stmt = select(*(getattr(Teacher, c) for c in TEACHER_COLUMNS)).where(Teacher.school_id.in_(school_ids))
    return pd.DataFrame(session.execute(stmt).all(), columns=list(TEACHER_COLUMNS))


def enrolment_by_grade(session: Session, school_ids: list[str]) -> pd.DataFrame:
    """Pupils on roll per (school_id, stage, grade) from the registry's students (for the projection)."""
    rows = session.execute(select(Student.school_id, Student.grade, func.count())
                           .where(Student.school_id.in_(school_ids), Student.status == "在读")
                           .group_by(Student.school_id, Student.grade)).all()
    df = pd.DataFrame(rows, columns=["school_id", "grade", "students"])
    df["stage"] = np.where(df["grade"] <= 6, "小学", np.where(df["grade"] <= 9, "初中", "高中"))
    return df


def _retention_inputs(session: Session, year: int) -> tuple[dict[str, float], str]:
    """初中 cohort figures published by the retention module (``junheng.retention.api.consolidation_rate``)."""
    from junheng.modules import api_of

    api = api_of("retention")
    if api is None:
        return {}, ""
    consolidation_rate = api.consolidation_rate
    try:
        junior = consolidation_rate(session, year).get("junior") or {}
    except Exception as exc:  # noqa: BLE001 — another module's failure must not break the balance pages
        return {}, f"控辍保学模块读取巩固率失败：{exc}"
    if not junior.get("available"):
        return {}, ""
    figures = {"junior_graduates": junior.get("graduates"), "junior_intake": junior.get("intake"),
               "junior_transfers_in": junior.get("transfers_in"), "junior_transfers_out": junior.get("transfers_out"),
               "junior_deaths": junior.get("deaths")}
    return {k: float(v) for k, v in figures.items() if v is not None}, f"控辍保学模块（{junior.get('source', '')}）"


@dataclass
class CountyFigures:
    inputs: CountyInputs
    stored: dict[str, float | None]
    sources: dict[str, str] = field(default_factory=dict)  # key → 县级填报 | 控辍保学模块 …
    note: str = ""


# County inputs that another module measures: S1 from the satisfaction survey, Q2 from the special-education
# register. Measured figures win over typed ones: the typed value was a stand-in for the measurement.
MODULE_INPUTS = {"evaluation.survey_satisfaction": "survey_satisfaction",
                 "health.disabled_enrolment_rate": "disabled_enrolment_rate"}


def _module_county_inputs(session: Session, year: int) -> list[tuple[str, float, str]]:
    from junheng.modules import collect_figures

    out = []
    for f in collect_figures(session, str(year), set(MODULE_INPUTS)):
        if f.key in MODULE_INPUTS and f.school is None and f.value is not None:
            out.append((MODULE_INPUTS[f.key], float(f.value), f"{f.source}：{f.arithmetic}" if f.arithmetic
                        else f.source))  # fmt: skip
    return out


def county_figures(session: Session, county_code: str, year: int) -> CountyFigures:
    """Typed county inputs, except what another module measures (S1, Q2: the measurement wins); 巩固率 figures
    come from the retention module when none were typed."""
    stored = dict(session.execute(select(BalanceCountyInput.key, BalanceCountyInput.value).where(
        BalanceCountyInput.county_code == county_code, BalanceCountyInput.year == year)).all())
    values = {k: v for k, v in stored.items() if v is not None}
    sources = {k: "县级填报" for k in values}
    typed_retention = any(k in values for k in ("retention_rate_junior", "junior_graduates", "junior_intake"))
    retention, note = _retention_inputs(session, year)
    if retention and not typed_retention:
        values.update(retention)
        sources.update({k: note for k in retention})
        note = ""
    for key, value, source in _module_county_inputs(session, year):
        values[key] = value
        sources[key] = source
    known = set(CountyInputs.__dataclass_fields__)
    return CountyFigures(CountyInputs.from_mapping({k: v for k, v in values.items() if k in known}), stored,
                         sources, note)


def checklist(session: Session, county_code: str, year: int, standard: str) -> Checklist:
    where = {"county_code": county_code, "year": year, "standard": standard}
    evidence: dict[str, list[str]] = {}
    for ev in session.scalars(select(BalanceEvidence).filter_by(**where).order_by(BalanceEvidence.id)):
        evidence.setdefault(ev.item_key, []).append(ev.file_name)
    out: Checklist = {}
    for j in session.scalars(select(BalanceJudgement).filter_by(**where)):
        out[j.item_key] = Judgement(j.judgement, tuple(evidence.pop(j.item_key, [])), j.note or "", j.updated_by,
                                    f"{j.updated_at:%Y-%m-%d}")
    for key, files in evidence.items():
        out[key] = Judgement(None, tuple(files))
    return out


@dataclass(frozen=True)
class CountyAssessment:
    """An assessment with what the pages need beside it."""

    county_code: str
    county_name: str
    year: int
    standard: str
    assessment: Assessment
    data: pd.DataFrame  # school_year_data of the year after teacher derivation
    derived: frozenset[tuple[str, str, str]]  # (school_id, section, column) filled from the registry's teachers
    figures: CountyFigures
    # (school_id, section, column) → (arithmetic, teachers behind it) where the teacher module supplied the count
    from_teacher_module: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = field(default_factory=dict)


# What an assessment reads: the school data and county inputs, the registry, and the figures other modules publish
# for it (teachers' counts, 巩固率, the survey's S1, special education's Q2). A write to any of them — an import,
# a settings change, a census run on the web — makes the next page compute it again.
_ASSESSMENTS = Memo(reads=("balance", "registry", "teachers", "retention", "evaluation", "health"), size=32)


def compute_assessment(session: Session, year: int, standard: str = "quality_2017",
                       county_code: str = "") -> CountyAssessment:
    """The county's assessment for a year from the stored data (teacher columns derived where blank)."""
    code, name = default_county(session, county_code)
    ids = county_school_ids(session, code)
    data = school_year_frame(session, year, ids)
    if data.empty:
        raise NoData(f"{name or '本县'} {year} 年尚无办学条件数据，请先导入办学条件采集表")
    teachers = teachers_frame(session, ids)
    blank = data[list(TEACHER_KEYS)].isna().to_numpy()
    filled = fill_teacher_columns(data, teachers, standard, year=year) if len(teachers) else data
    now = filled[list(TEACHER_KEYS)].notna().to_numpy()
    rows, cols = np.nonzero(blank & now)
    derived = frozenset((data["school_id"].iat[r], data["section"].iat[r], TEACHER_KEYS[c])
                        for r, c in zip(rows, cols, strict=True))
    filled, from_module = apply_teacher_module(session, filled, year)
    derived = frozenset(k for k in derived if k not in from_module)
    figures = county_figures(session, code, year)
    table = build_sections(filled, standard, schools=schools_frame(session, ids), year=year)
    a = assess(table, standard, county=figures.inputs, checklist=checklist(session, code, year, standard))
    return CountyAssessment(code, name, year, standard, a, filled, derived, figures, from_module)


TEACHER_FIGURES = {f"teachers.{key}": key for key in TEACHER_KEYS}


def apply_teacher_module(session: Session, data: pd.DataFrame, year: int):
    """Teacher counts (G8, G10, G11, L1–L3 …) from the teacher module's records where it has them for the year
    (published as ``teachers.<column>`` per ``<学校标识码>|<学部>``); the typed or derived columns otherwise."""
    from junheng.modules import collect_figures

    found = [f for f in collect_figures(session, str(year), set(TEACHER_FIGURES))
             if f.key in TEACHER_FIGURES and f.value is not None and f.school and "|" in f.school]  # fmt: skip
    if not found:
        return data, {}
    out = data.copy()
    position = {(sid, sec): i for i, (sid, sec) in enumerate(zip(out["school_id"], out["section"], strict=True))}
    from_module: dict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = {}
    for f in found:
        school_id, section = f.school.split("|", 1)
        row = position.get((school_id, section))
        if row is None:
            continue
        column = TEACHER_FIGURES[f.key]
        out.iloc[row, out.columns.get_loc(column)] = f.value
        from_module[(school_id, section, column)] = (f.arithmetic, tuple(f.detail))
    return out, from_module


def county_assessment(session: Session, year: int, standard: str = "quality_2017",
                      county_code: str = "") -> CountyAssessment:
    """:func:`compute_assessment`, computed once per change of the data it reads (shared: do not modify it)."""
    return _ASSESSMENTS.get(session, (county_code, year, standard),
                            lambda: compute_assessment(session, year, standard, county_code))


def current_shortfalls(session: Session) -> list:
    """The shortfall list of the newest year (quality_2017) — the contract the ledger reads
    (``junheng.ledger.store.shortfall_source``)."""
    from junheng.balance.core.shortfalls import shortfalls

    found = years(session)
    if not found:
        return []
    try:
        return shortfalls(county_assessment(session, found[0]).assessment)
    except NoData:
        return []
