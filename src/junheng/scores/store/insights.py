"""Value-added, growth percentiles, tracking, item analysis and critical students of stored exams (database
edge over the pure core). Results are cached per process with the exams they come from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from junheng.scores.core.critical import critical_counts, critical_students
from junheng.scores.core.growth import growth_percentiles
from junheng.scores.core.items import ItemAnalysis, analyze_items
from junheng.scores.core.model import TOTAL, ScoresInputError
from junheng.scores.core.tracking import list_changes, struggling_students, student_trends, top_students
from junheng.scores.core.value_added import ValueAddedResult, value_added
from junheng.scores.store.queries import LoadedExam, cached
from junheng.scores.store.tables import read_items


def common_subjects(current: LoadedExam, priors: Sequence[LoadedExam]) -> list[str]:
    """Subjects present in the current exam and every prior (总分 last, always comparable)."""
    names = [s for s in current.info.subject_names if all(s in p.info.subjects for p in priors)]
    return [*names, TOTAL]


def va_result(session: Session, current: LoadedExam, priors: Sequence[LoadedExam], subject: str,
              min_size: int = 10) -> ValueAddedResult:  # fmt: skip
    """current ~ prior(s) + (1 | school) [+ (1 | class) when classes are large enough], cached."""
    key = (tuple(p.info.id for p in priors), tuple(p.info.created_at for p in priors), subject, min_size)

    def build() -> ValueAddedResult:
        return value_added(current.with_total(), [p.with_total() for p in priors], subject,
                           prior_columns=[subject], class_effects=None, min_size=min_size)  # fmt: skip

    return cached(session, current.info, "value_added", build, *key)


def caterpillar(result: ValueAddedResult, school_ids: dict[str, str], named: bool, own: str | None) -> dict:
    """Chart series: sufficient schools sorted by effect (unnamed for a viewer without other schools' names)."""
    rows = result.schools[result.schools["status"] == "有效"].sort_values("effect")
    ids = rows["school"].map(school_ids).to_numpy()
    names = [s if (named or i == own) else "（其他学校）" for s, i in zip(rows["school"], ids, strict=True)]
    return {
        "names": names, "own": [bool(i == own) for i in ids],
        "effect": rows["effect"].round(2).tolist(), "low": rows["ci_low"].round(2).tolist(),
        "high": rows["ci_high"].round(2).tolist(), "n": rows["n"].astype(int).tolist(),
    }  # fmt: skip


def growth_result(session: Session, current: LoadedExam, prior: LoadedExam, subject: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """(students with sgp, schools with median SGP), cached."""

    def build():
        return growth_percentiles(current.with_total(), [prior.with_total()], subject, prior_columns=[subject])

    return cached(session, current.info, "growth", build, prior.info.id, prior.info.created_at, subject)


@dataclass
class Tracking:
    kind: str
    label: str
    current: pd.DataFrame  # the list now
    changes: pd.DataFrame  # student_id, name, school, change (进入 / 退出)
    counts: pd.DataFrame  # school, now, entered, left
    trends: pd.DataFrame  # student_id, exams, first_t, last_t, t_change, t_slope, path (T per exam)
    exams: list[str]


def student_list(loaded: LoadedExam, kind: str, n: int, fraction: float | None) -> pd.DataFrame:
    if kind == "top":
        return top_students(loaded.analysis, n)
    return struggling_students(loaded.analysis, bottom_fraction=fraction)


def tracking(history: Sequence[LoadedExam], kind: str, n: int = 20, fraction: float | None = None,
             schools: Sequence[str] | None = None) -> Tracking:  # fmt: skip
    """Top N (``top``) or struggling students (``struggling``: below the low line, or bottom ``fraction``) of
    the last exam of ``history`` (oldest first), who entered or left since the exam before, and T-score trends."""
    if kind not in ("top", "struggling"):
        raise ScoresInputError("名单类型须为 top（尖子生）或 struggling（学困生）")
    current = student_list(history[-1], kind, n, fraction)
    previous = student_list(history[-2], kind, n, fraction) if len(history) > 1 else current.iloc[:0]
    if schools is not None:
        current = current[current["school"].isin(schools)]
        previous = previous[previous["school"].isin(schools)]
    changes = list_changes(previous, current) if len(history) > 1 else current.iloc[:0][["student_id", "name", "school"]]
    if "change" not in changes.columns:
        changes = changes.assign(change=pd.Series(dtype=object))
    counts = pd.DataFrame({"now": current.groupby("school").size()})
    for label, name in (("进入", "entered"), ("退出", "left")):
        counts[name] = changes[changes["change"] == label].groupby("school").size()
    counts = counts.reindex(sorted(set(counts.index) | set(changes["school"]))).fillna(0).astype(int)
    history_rows, summary = student_trends([h.analysis for h in history])
    wanted = set(current["student_id"].astype(str)) | set(changes["student_id"].astype(str))
    rows = history_rows[history_rows["student_id"].isin(wanted)].sort_values("exam_order")
    paths = rows.groupby("student_id")["t"].agg(lambda t: " → ".join(f"{v:.1f}" for v in t))  # ≤ a few exams each
    trends = summary[summary["student_id"].isin(wanted)].set_index("student_id").assign(path=paths)
    label = f"各校前 {n} 名" if kind == "top" else (f"校内后 {fraction:.0%} 或低于低分线" if fraction else "总分低于低分线")
    return Tracking(kind, label, current.reset_index(drop=True), changes, counts.reset_index(names="school"),
                    trends.reset_index(), [h.info.name for h in history])  # fmt: skip


def item_result(session: Session, loaded: LoadedExam, subject: str) -> ItemAnalysis:
    """Item analysis of one subject's item scores (students who sat), cached."""
    names = loaded.info.items.get(subject) or {}

    def build() -> ItemAnalysis:
        scores, choices = read_items(session, loaded.info.id, subject, len(loaded.students), names.get("items", []),
                                     names.get("choices", []))  # fmt: skip
        if subject in loaded.frame.columns:
            sat = loaded.frame[subject].notna().to_numpy()
        else:
            sat = scores.notna().any(axis=1).to_numpy()
        if not names.get("items"):
            raise ScoresInputError(f"科目“{subject}”没有小题分")
        return analyze_items(scores[sat], choices=choices[sat] if choices.shape[1] else None)

    return cached(session, loaded.info, "items", build, subject)


def critical(loaded: LoadedExam, subject: str, cut: float, below: float, above: float,
             schools: Sequence[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Students with cut − below ≤ score < cut + above, and the counts per school, for the visible schools."""
    table = critical_students(loaded.analysis, cut, subject=subject, below=below, above=above)
    if schools is not None:
        table = table[table["school"].isin(schools)]
    counts = critical_counts(table) if len(table) else pd.DataFrame(columns=["school", "线上", "线下"])
    return table.reset_index(drop=True), counts


def rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict]:
    """Template rows with NaN → None (tables of a few hundred rows)."""
    present = [c for c in columns if c in frame.columns]
    out = frame[present].astype(object).where(frame[present].notna(), None)
    return [dict(zip(present, values, strict=True)) for values in out.itertuples(index=False, name=None)]


def finite(values: np.ndarray) -> list[float | None]:
    return [None if not np.isfinite(v) else round(float(v), 3) for v in np.asarray(values, dtype=float)]
