"""Cohort figures for 巩固率 (DESIGN §4.1): per school section and graduation year — the intake (初一 three years
earlier, 一年级 six years earlier), transfers in, transfers out, deaths and graduates.

Two sources, in this order:

1. Imported figures (the statistics forms' 招生数 / 毕业生数 and the transfer registers), sheet 巩固率基础数据;
2. the stored term rosters and census runs, when they cover the whole cohort: intake = on roll in the first grade
   of the section in the autumn roster of the intake year; graduates = on roll in the last grade in the spring
   roster of the graduation year; transfers and deaths counted from every census run in between (a transfer
   inside the county is out of one school and into another; a new arrival in the cohort's grade is a transfer in).
   County and township figures are sums of the schools' (a move inside the county is in both and cancels out).
   Any missing roster or census run: no figure (never a guess).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.io.reader import read_sheet
from junheng.io.spec import Column as C
from junheng.io.spec import SheetSpec
from junheng.registry.store.models import School
from junheng.retention.core.terms import next_term
from junheng.retention.core.vocab import ON_ROLL
from junheng.retention.store.census import census_run, entries_frame
from junheng.retention.store.models import CohortFigures
from junheng.retention.store.rosters import roster_frame, stored_terms
from junheng.store.batches import upsert_batch

FIGURES = ("intake", "transfers_in", "transfers_out", "deaths", "graduates")
SECTIONS = {"初中": (7, 3), "小学": (1, 6)}   # first grade, years
COHORT_SHEET = SheetSpec("巩固率基础数据", "retention_cohort", (
    C("school_id", "学校标识码", width=16),
    C("section", "学段", "code", choices=tuple(SECTIONS)),
    C("year", "毕业年份", "int", minimum=2000, maximum=2100, help="该届学生毕业的年份，如 2024"),
    C("intake", "入学人数", "int", minimum=0, help="初中：三年前初一招生数；小学：六年前一年级招生数"),
    C("transfers_in", "转入人数", "int", minimum=0),
    C("transfers_out", "转出人数", "int", minimum=0),
    C("deaths", "死亡人数", "int", minimum=0),
    C("graduates", "毕业人数", "int", minimum=0),
), key=("school_id", "section", "year"))


def write_cohort_template(path: Path | str, rows: list[dict] | None = None) -> Path:
    from junheng.io.template import write_template

    return write_template(Path(path), [COHORT_SHEET], "巩固率基础数据（按学校、学段、毕业年份）",
                          {COHORT_SHEET.name: rows or []},
                          notes=["每行一所学校一个学段一届毕业生；巩固率 = 毕业人数 ÷（入学人数 + 转入 − 转出）"])


def import_cohorts(session: Session, path: Path | str, *, username: str, file_label: str | None = None):
    label = file_label or Path(path).name
    problems: list[Problem] = []
    sheet = read_sheet(Path(path), COHORT_SHEET, problems, label)
    known = set(session.scalars(select(School.school_id)))
    for record, row in zip(sheet.rows, sheet.row_numbers):
        if record["school_id"] and record["school_id"] not in known:
            problems.append(Problem(label, COHORT_SHEET.name, row, "学校标识码",
                                    f"学校「{record['school_id']}」不在学校名册中"))
    if problems:
        raise ImportFailed(problems)
    if not sheet.rows:
        raise ImportFailed([Problem(label, COHORT_SHEET.name, None, "", "没有数据行")])
    return upsert_batch(session, "cohort", label, username, [("retention_cohort", COHORT_SHEET.key, sheet.rows)])


def _imported(session: Session, section: str, year: int) -> pd.DataFrame:
    rows = session.execute(select(CohortFigures.school_id, *[getattr(CohortFigures, f) for f in FIGURES])
                           .where(CohortFigures.section == section, CohortFigures.year == year)).all()
    return pd.DataFrame(rows, columns=["school_id", *FIGURES])


def _count(frame: pd.DataFrame, key: str, name: str) -> pd.Series:
    return frame.groupby(key).size().rename(name)


def cohort_from_rosters(session: Session, section: str, year: int) -> pd.DataFrame | None:
    """The cohort figures per school from stored rosters and census runs, or None when they do not cover it."""
    first, years = SECTIONS[section]
    terms = [f"{year - years}-2"]
    while terms[-1] != f"{year}-1":
        terms.append(next_term(terms[-1]))
    stored = set(stored_terms(session))
    runs = [census_run(session, t) for t in terms[1:]]
    if terms[0] not in stored or terms[-1] not in stored or any(
            r is None or r.previous_term != p for r, p in zip(runs, terms[:-1])):
        return None
    intake = roster_frame(session, terms[0])
    intake = intake[intake["status"].isin(ON_ROLL) & (intake["grade"] == first)]
    final = roster_frame(session, terms[-1])
    final = final[final["status"].isin(ON_ROLL) & (final["grade"] == first + years - 1)]
    parts = [_count(intake, "school", "intake"), _count(final, "school", "graduates")]
    for i, run in enumerate(runs):
        grade_before, grade_after = first + i // 2, first + (i + 1) // 2
        e = entries_frame(session, run)
        # on roll last term: a leaving record carried into the next roster is not counted again
        was = e[(e["grade"] == grade_before) & (e["outcome"] != "new") & e["status"].isin(ON_ROLL)]
        arrived = e[(e["outcome"] == "new") & (e["current_grade"] == grade_after)]
        moved = was[was["outcome"] == "transferred_within"]
        parts += [_count(was[was["outcome"] == "transferred_out"], "school_id", f"out_{i}"),
                  _count(moved, "school_id", f"moved_out_{i}"), _count(moved, "current_school_id", f"moved_in_{i}"),
                  _count(arrived, "current_school_id", f"in_{i}"),
                  _count(was[was["outcome"] == "died"], "school_id", f"died_{i}")]
    table = pd.concat(parts, axis=1).fillna(0).astype("int64")
    out = pd.DataFrame({
        "intake": table["intake"], "graduates": table["graduates"],
        "transfers_in": table.filter(regex=r"^(moved_in|in)_").sum(axis=1),
        "transfers_out": table.filter(regex=r"^(moved_out|out)_").sum(axis=1),
        "deaths": table.filter(regex=r"^died_").sum(axis=1),
    })
    return out.rename_axis("school_id").reset_index()[["school_id", *FIGURES]]


def cohort_figures(session: Session, section: str, year: int) -> tuple[pd.DataFrame | None, str]:
    """(figures per school with ``township_code``, source label) — imported first, else from the rosters."""
    frame, source = _imported(session, section, year), "导入的统计数据"
    if not len(frame):
        frame, source = cohort_from_rosters(session, section, year), "学籍花名册与学期清查"
    if frame is None or not len(frame):
        return None, ""
    towns = pd.DataFrame(session.execute(select(School.school_id, School.township_code, School.name)).all(),
                         columns=["school_id", "township_code", "school_name"])
    return frame.merge(towns, on="school_id", how="left").fillna({"township_code": "", "school_name": ""}), source
