"""Enrolment projection: each section's pupils three years ahead, and which indicators fail if nothing is built.

Cohort flow: next year's grade g = this year's grade g−1 × progression (default 1: no loss); the entry grade
(1 for 小学, 7 for 初中) comes from an editable entry-cohort forecast (default: this year's entry cohort
× (1 + growth)ᵏ); the top grade leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from junheng.balance.core.assess import assess
from junheng.balance.core.results import Assessment
from junheng.balance.core.sections import SectionTable
from junheng.standards import Standard

GRADES: dict[str, tuple[int, ...]] = {"小学": (1, 2, 3, 4, 5, 6), "初中": (7, 8, 9)}


def project_enrolment(
    enrolment: pd.DataFrame,
    *,
    years: int = 3,
    entry_forecast: Mapping[tuple[str, str], Sequence[float]] | None = None,
    entry_growth: float = 0.0,
    progression: float = 1.0,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Projected students per (school_id, stage) for offsets 0..years.

    enrolment: school_id, stage, grade, students (this year). entry_forecast: (school_id, stage) → the entry
    cohort for years 1..years (overrides the default). Returns school_id, stage, offset, year, students.
    """
    forecast = dict(entry_forecast or {})
    out = []
    for stage, grades in GRADES.items():
        e = enrolment[enrolment["stage"] == stage]
        if e.empty:
            continue
        wide = e.pivot_table(index="school_id", columns="grade", values="students", aggfunc="sum")
        wide = wide.reindex(columns=list(grades)).fillna(0.0)
        cur = wide.to_numpy(dtype=float)
        ids = wide.index.astype(str).to_numpy()
        entry0 = cur[:, 0].copy()
        fc = np.array([forecast.get((i, stage), [np.nan] * years) for i in ids], dtype=float).reshape(len(ids), -1)
        frames = [pd.DataFrame({"school_id": ids, "stage": stage, "offset": 0, "students": cur.sum(axis=1)})]
        for k in range(1, years + 1):
            nxt = np.empty_like(cur)
            nxt[:, 1:] = cur[:, :-1] * progression
            default_entry = entry0 * (1.0 + entry_growth) ** k
            given = fc[:, k - 1] if fc.shape[1] >= k else np.full(len(ids), np.nan)
            nxt[:, 0] = np.where(np.isnan(given), default_entry, given)
            cur = nxt
            frames.append(pd.DataFrame({"school_id": ids, "stage": stage, "offset": k,
                                        "students": np.round(cur.sum(axis=1), 6)}))
        out.extend(frames)
    res = pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["school_id", "stage", "offset", "students"])
    res["year"] = res["offset"] + (base_year if base_year is not None else 0)
    return res


@dataclass(frozen=True)
class ProjectionResult:
    enrolment: pd.DataFrame  # school_id, stage, offset, year, students
    assessments: dict[int, Assessment]  # offset → assessment with resources unchanged
    failures: pd.DataFrame  # section × indicator not met, per offset


def project_failures(sections: SectionTable | pd.DataFrame, projected: pd.DataFrame,
                     standard: str | Standard = "quality_2017") -> ProjectionResult:
    """Re-assess each projected year with today's resources: which indicators fail if nothing is built."""
    table = sections if isinstance(sections, SectionTable) else SectionTable.from_sections(sections)
    assessments: dict[int, Assessment] = {}
    rows = []
    for k, grp in projected.groupby("offset"):
        frame = table.sections.copy()
        new = frame[["school_id", "stage"]].astype(str).merge(
            grp[["school_id", "stage", "students"]].astype({"school_id": str}), how="left")
        frame["students"] = new["students"].fillna(frame["students"]).to_numpy()
        frame = frame[frame["students"] > 0]
        a = assess(replace(table, sections=frame.reset_index(drop=True)), standard)
        assessments[int(k)] = a
        vf = a.values_frame()
        vf = vf[vf["met"] == False]
        vf = vf.assign(offset=int(k), year=int(grp["year"].iloc[0]))
        rows.append(vf)
    failures = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return ProjectionResult(projected, assessments, failures)
