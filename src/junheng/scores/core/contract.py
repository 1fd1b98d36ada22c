"""The machine-readable JSON of ``junheng scores analyze`` and ``junheng scores value-added`` (issue 6,
"keep it stable").

analyze: ``{"subjects": {SUBJECT: {"county": STATS, "schools": {SCHOOL: STATS}, "classes":
{"SCHOOL/CLASS": STATS}}}, "students": {STUDENT_ID: {"total": float|null, "rank": int|null}}}`` with
STATS = ``{"n", "absent", "mean", "sd", "excellent_rate", "pass_rate", "low_rate"}`` (mean, sd and rates are
null where nobody sat). The same block for the total is under the extra top-level key ``"total"``.

value-added: ``{"schools": {SCHOOL: {"n", "effect", "se", "ci_low", "ci_high", "shrinkage", "status"}}}``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.model import TOTAL
from junheng.scores.core.value_added import ValueAddedResult

STATS_KEYS = ("n", "absent", "mean", "sd", "excellent_rate", "pass_rate", "low_rate")


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _stats(row: pd.Series) -> dict[str, Any]:
    out: dict[str, Any] = {"n": int(row["n"]), "absent": int(row["absent"])}
    for key in STATS_KEYS[2:]:
        out[key] = _number(row[key])
    return out


def _stats_records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """STATS dicts for many units at once (n and absent as int, NaN → None)."""
    table = rows[list(STATS_KEYS)].astype({"n": "int64", "absent": "int64"})
    table = table.astype(object).where(table.notna(), None)
    return table.to_dict("records")


def _subject_block(analysis: ExamAnalysis, subject: str) -> dict[str, Any]:
    units = analysis.units[analysis.units["subject"] == subject]
    county = units[units["level"] == "county"].iloc[0]
    schools = units[units["level"] == "school"]
    classes = units[units["level"] == "class"]
    class_keys = (classes["school"].astype(str) + "/" + classes["class"].astype(str)).tolist()
    return {
        "county": _stats(county),
        "schools": dict(zip(schools["school"].astype(str).tolist(), _stats_records(schools), strict=True)),
        "classes": dict(zip(class_keys, _stats_records(classes), strict=True)),
    }


def analysis_json(analysis: ExamAnalysis) -> dict[str, Any]:
    """The analyze contract as a JSON-ready dict (unit tables are small; students are vectorised)."""
    totals = analysis.student_table(TOTAL).set_index("student")
    total = np.full(len(analysis.students), np.nan)
    rank = np.zeros(len(analysis.students), dtype=np.int64)
    index = totals.index.to_numpy()
    total[index] = totals["score"].to_numpy()
    rank[index] = totals["rank"].to_numpy()
    ids = analysis.students["student_id"].astype(str).tolist()
    students = {
        sid: {"total": None if math.isnan(t) else float(t), "rank": int(r) if r > 0 else None}
        for sid, t, r in zip(ids, total.tolist(), rank.tolist(), strict=True)
    }
    return {
        "subjects": {s: _subject_block(analysis, s) for s in analysis.exam.subjects},
        "total": _subject_block(analysis, TOTAL),
        "students": students,
    }


def value_added_json(result: ValueAddedResult) -> dict[str, Any]:
    """The value-added contract as a JSON-ready dict."""
    schools = {}
    for row in result.schools.itertuples(index=False):
        schools[str(row.school)] = {
            "n": int(row.n),
            "effect": float(row.effect),
            "se": float(row.se),
            "ci_low": float(row.ci_low),
            "ci_high": float(row.ci_high),
            "shrinkage": float(row.shrinkage),
            "status": str(row.status),
        }
    return {
        "subject": result.subject,
        "schools": schools,
        "variances": {k: (None if v is None else float(v)) for k, v in result.variances.items()},
        "n_students": result.n_students,
        "n_excluded": result.n_excluded,
    }
