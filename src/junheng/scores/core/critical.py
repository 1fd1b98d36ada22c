"""临界生 (critical students): students within a band around a cut line (DESIGN §4.3, issue 6 §2).

A student is critical when ``cut − below ≤ score < cut + above``: just under the line (could cross it) or
just over it (could fall back). The line is given in points, or as a county rank (the line is then the score
of the student at that rank, e.g. the planned number of places in the next stage).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.model import TOTAL, ScoresInputError


def cut_from_rank(analysis: ExamAnalysis, places: int, subject: str = TOTAL) -> float:
    """The score of the ``places``-th best student in the county (the last one inside the line)."""
    scores = np.sort(analysis.standings.loc[analysis.standings["subject"] == subject, "score"].to_numpy())[::-1]
    if places < 1 or scores.size == 0:
        raise ScoresInputError("名额须为正整数，且须有学生成绩")
    return float(scores[min(places, scores.size) - 1])


def critical_students(
    analysis: ExamAnalysis,
    cut: float,
    *,
    subject: str = TOTAL,
    below: float = 10.0,
    above: float = 10.0,
) -> pd.DataFrame:
    """Students with ``cut − below ≤ score < cut + above``, with ``gap`` = score − cut and ``side``
    (线上 when score ≥ cut, else 线下), ordered by school, then score descending."""
    if below < 0 or above < 0:
        raise ScoresInputError("临界范围不能为负")
    table = analysis.student_table(subject)
    score = table["score"].to_numpy()
    inside = (score >= cut - below) & (score < cut + above)
    out = table.loc[inside].copy()
    out["gap"] = out["score"] - cut
    out["side"] = np.where(out["gap"].to_numpy() >= 0, "线上", "线下")
    return out.sort_values(["school", "score"], ascending=[True, False], kind="stable").reset_index(drop=True)


def critical_counts(critical: pd.DataFrame) -> pd.DataFrame:
    """Per school: number of critical students above and below the line."""
    counts = critical.groupby(["school", "side"], observed=True).size().unstack(fill_value=0)
    for side in ("线上", "线下"):
        if side not in counts.columns:
            counts[side] = 0
    return counts[["线上", "线下"]].reset_index()
