"""The template context of one school's report (documented in ``junheng.scores.reports.word``): every figure of
the school beside the county, its classes, its struggling students (names only) and its value-added."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.model import TOTAL
from junheng.scores.core.tracking import struggling_students
from junheng.scores.core.value_added import EFFECT_MEANING, ValueAddedResult

MAX_STRUGGLING = 200


def _num(value: Any, digits: int = 1) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "—"
    return f"{float(value):.{digits}f}"


def _pct(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "—"
    return f"{100 * float(value):.1f}%"


def _int(value: Any) -> str:
    return "—" if value is None or value is pd.NA else str(int(value))


def school_context(
    analysis: ExamAnalysis,
    school: str,
    value_added: ValueAddedResult | None = None,
    struggling: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The documented template context of one school (see the module docstring)."""
    units = analysis.units
    mine = units[(units["level"] == "school") & (units["school"] == school)].set_index("subject")
    if mine.empty:
        raise KeyError(f"没有学校“{school}”")
    county = units[units["level"] == "county"].set_index("subject")
    n_schools = int((units["level"] == "school").sum() / len(analysis.subjects))
    subjects = []
    for subject in analysis.subjects:
        row, ref = mine.loc[subject], county.loc[subject]
        subjects.append({
            "subject": subject, "full_marks": _num(row["full_marks"], 0), "n": _int(row["n"]),
            "absent": _int(row["absent"]), "mean": _num(row["mean"], 2), "county_mean": _num(ref["mean"], 2),
            "sd": _num(row["sd"], 2), "max": _num(row["max"]), "min": _num(row["min"]),
            "excellent_rate": _pct(row["excellent_rate"]), "pass_rate": _pct(row["pass_rate"]),
            "low_rate": _pct(row["low_rate"]), "county_excellent_rate": _pct(ref["excellent_rate"]),
            "county_pass_rate": _pct(ref["pass_rate"]), "county_low_rate": _pct(ref["low_rate"]),
            "above_mean_rate": _pct(row["above_mean_rate"]), "index": _num(row["index"]), "rank": _int(row["rank"]),
        })  # fmt: skip
    classes = units[(units["level"] == "class") & (units["school"] == school) & (units["subject"] == TOTAL)]
    class_rows = [
        {"class": str(r["class"]), "n": _int(r["n"]), "absent": _int(r["absent"]), "mean": _num(r["mean"], 2),
         "excellent_rate": _pct(r["excellent_rate"]), "pass_rate": _pct(r["pass_rate"]),
         "low_rate": _pct(r["low_rate"]), "index": _num(r["index"]), "rank": _int(r["rank"])}
        for _, r in classes.sort_values("class").iterrows()
    ]
    if struggling is None:
        struggling = struggling_students(analysis)
    own = struggling[struggling["school"].astype(str) == school].head(MAX_STRUGGLING)
    struggling_rows = [
        {"name": str(r["name"]), "class": str(r["class"]), "total": _num(r["score"]), "reason": str(r["reason"])}
        for _, r in own.iterrows()
    ]
    total = mine.loc[TOTAL]
    context: dict[str, Any] = {
        "exam": {"name": analysis.exam.name, "date": analysis.exam.date or "", "grade": analysis.exam.grade or "",
                 "subjects": list(analysis.exam.subjects)},
        "school": {"name": school, "students": _int(total["listed"]), "complete": _int(total["n"]),
                   "total_mean": _num(total["mean"], 2), "county_total_mean": _num(county.loc[TOTAL, "mean"], 2),
                   "above_mean_rate": _pct(total["above_mean_rate"]), "total_rank": _int(total["rank"]),
                   "n_schools": n_schools, "index": _num(total["index"]), "index_rank": _int(total["index_rank"])},
        "subjects": subjects,
        "classes": class_rows,
        "struggling": struggling_rows,
        "n_struggling": int((struggling["school"].astype(str) == school).sum()),
        "value_added": None,
        "generated": dt.date.today().isoformat(),
    }
    if value_added is not None:
        rows = value_added.schools[value_added.schools["school"].astype(str) == school]
        if len(rows):
            r = rows.iloc[0]
            context["value_added"] = {
                "subject": value_added.subject, "n": _int(r["n"]), "effect": _num(r["effect"], 2),
                "se": _num(r["se"], 2), "ci_low": _num(r["ci_low"], 2), "ci_high": _num(r["ci_high"], 2),
                "shrinkage": _num(r["shrinkage"], 2), "status": str(r["status"]), "rank": _int(r["rank"]),
                "n_ranked": int((value_added.schools["status"] == "有效").sum()), "meaning": EFFECT_MEANING,
            }  # fmt: skip
    return context
