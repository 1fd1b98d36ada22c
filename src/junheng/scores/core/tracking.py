"""Tracking students across exams (issue 6 §3): top students (尖子生), struggling students (学困生),
who entered or left each list since the previous exam, and each student's trend.

Student ranks are sensitive (DESIGN §4.3): these functions return them, but whoever shows or exports a ranked
list must apply the rank-visibility policy and log the view (the web layer does).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.model import TOTAL, ScoresInputError
from junheng.scores.core.ranks import competition_rank

LIST_COLUMNS = ["student_id", "name", "school", "class", "score", "rank", "school_rank", "percentile", "reason"]


def top_students(analysis: ExamAnalysis, n: int = 50, subject: str = TOTAL) -> pd.DataFrame:
    """尖子生: the best ``n`` students of each school (school rank ≤ n, so ties at the edge are all in)."""
    if n < 1:
        raise ScoresInputError("尖子生人数须为正整数")
    table = analysis.student_table(subject)
    out = table[table["school_rank"] <= n].assign(reason=f"校内前 {n} 名")
    return out.sort_values(["school", "school_rank"], kind="stable")[LIST_COLUMNS].reset_index(drop=True)


def struggling_students(
    analysis: ExamAnalysis,
    subject: str = TOTAL,
    *,
    low_line: float | None = None,
    bottom_fraction: float | None = None,
) -> pd.DataFrame:
    """学困生 per school: score below the low-score line (default: the exam's 低分线, e.g. < 40 % of full
    marks) or, given ``bottom_fraction`` x, among the bottom x of their school (the ⌈x·n⌉ lowest, ties in).

    ``low_line`` is a fraction of full marks. Students absent from the subject are not listed.
    """
    table = analysis.student_table(subject)
    full = analysis.exam.full_marks(subject)
    fraction = analysis.config.cutoffs.low if low_line is None else low_line
    line = round(fraction * full, 6)
    below = table["score"].to_numpy() < line
    reason = np.where(below, f"低于低分线 {line:g}", "")
    if bottom_fraction is not None:
        if not 0 < bottom_fraction < 1:
            raise ScoresInputError("后 x% 的比例须在 0 与 1 之间")
        codes, _ = pd.factorize(table["school"])
        from_bottom = competition_rank(-table["score"].to_numpy(), codes)
        size = np.bincount(codes)[codes]
        bottom = from_bottom <= np.ceil(bottom_fraction * size)
        tag = f"校内后 {bottom_fraction:.0%}"
        reason = np.where(bottom & below, np.char.add(reason.astype(str), "；" + tag), reason)
        reason = np.where(bottom & ~below, tag, reason)
        below = below | bottom
    out = table.loc[below].assign(reason=reason[below])
    return out.sort_values(["school", "score"], kind="stable")[LIST_COLUMNS].reset_index(drop=True)


def list_changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Who entered and who left a list (e.g. 学困生) since the previous exam, by student_id.

    Returns student_id, name, school, change (进入 / 退出).
    """
    before = set(previous["student_id"].astype(str))
    now = set(current["student_id"].astype(str))
    entered = current[current["student_id"].astype(str).isin(now - before)].assign(change="进入")
    left = previous[previous["student_id"].astype(str).isin(before - now)].assign(change="退出")
    columns = ["student_id", "name", "school", "change"]
    return pd.concat([entered[columns], left[columns]], ignore_index=True)


def student_trends(analyses: Sequence[ExamAnalysis], subject: str = TOTAL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each student's standing over a sequence of exams (oldest first), linked by student_id.

    Returns (history: exam, exam_order, student_id, name, school, class, score, rank, percentile, t;
    summary per student: exams, first_t, last_t, t_change, t_slope — the least-squares slope of T over the
    exam order, the comparable measure since full marks and difficulty differ between exams).
    """
    if not analyses:
        raise ScoresInputError("至少需要一次考试")
    parts = []
    for order, analysis in enumerate(analyses):
        table = analysis.student_table(subject)
        parts.append(
            table[["student_id", "name", "school", "class", "score", "rank", "percentile", "t"]].assign(
                exam=analysis.exam.name, exam_order=order
            )
        )
    history = pd.concat(parts, ignore_index=True)
    history["student_id"] = history["student_id"].astype(str)
    grouped = history.groupby("student_id", sort=True)
    x = history["exam_order"].to_numpy(dtype=np.float64)
    history["_x"] = x
    history["_xt"] = x * history["t"].to_numpy()
    history["_xx"] = x * x
    sums = grouped[["_x", "t", "_xt", "_xx"]].sum()
    count = grouped.size()
    denom = count * sums["_xx"] - sums["_x"] ** 2
    slope = (count * sums["_xt"] - sums["_x"] * sums["t"]) / denom.where(denom > 0)
    ordered = history.sort_values(["student_id", "exam_order"], kind="stable").groupby("student_id")["t"]
    summary = pd.DataFrame(
        {"exams": count, "first_t": ordered.first(), "last_t": ordered.last(), "t_slope": slope}
    )
    summary["t_change"] = summary["last_t"] - summary["first_t"]
    history = history.drop(columns=["_x", "_xt", "_xx"])
    return history, summary.reset_index()
