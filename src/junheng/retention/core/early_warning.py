"""Early warning of dropout risk: an explainable, additive score per student with county-set weights.

Factors (each counts its weight from ``RetentionSettings.warning_weights`` when present):

- ``absence`` — absent at least ``absence_days_threshold`` days (only when attendance is given);
- ``exam_drop`` — the percentile rank fell by at least ``exam_drop_threshold`` points between two exams
  (only when exam results are given);
- ``over_age`` — at least ``over_age_years`` older than the grade's standard age (grade g: g + 5 full years on
  the age reference day, e.g. 31 August);
- ``repeated_grade`` — the student repeats a grade (a ``repeated_grade`` flag, or last year's grade not below
  this year's);
- ``left_behind`` (单亲/双亲留守儿童), ``migrant`` (随迁子女), ``disability`` (any 残疾类型), ``low_income`` (低保/建档立卡);
- ``poor_fitness`` (体质测试不及格) and ``health_concern`` (a high-risk psychological screening) — only when the
  student health module provides them (``health_flags``). The second is named without its nature: the warning
  list is read by roles that may not see psychological results.

A student is on the list when the score reaches ``warning_threshold``; ``reasons`` says why, factor by factor,
with the points each added. Vectorised: a loop over the eight factors, never over students.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from junheng.retention.core.idnumber import parse_birth_dates
from junheng.retention.core.reconcile import ages_on
from junheng.retention.core.settings import DEFAULT_WEIGHTS, RetentionSettings

FACTORS = tuple(DEFAULT_WEIGHTS)
FITNESS_FAIL, PSYCH_HIGH = "体质测试不及格", "心理测评高风险"  # the health module's factor names


def _yes(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("").str.strip().isin(["是", "1", "True", "true", "Y", "y"])


def _join(left: pd.Series, right: pd.Series) -> pd.Series:
    both = (left != "") & (right != "")
    return (left + np.where(both, "；", "") + right).astype("str")


def risk_scores(students: pd.DataFrame, *, year: int, settings: RetentionSettings | None = None,
                absences: pd.DataFrame | None = None, exam_change: pd.DataFrame | None = None,
                previous_grades: pd.DataFrame | None = None,
                health_flags: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Score every student. ``students``: ``student_id, name, school_id, grade, birth_date`` and the flag columns
    ``left_behind, migrant, disability, low_income`` (and optionally ``repeated_grade``) as in DATA.md.
    ``absences``: ``student_id, absent_days``; ``exam_change``: ``student_id, previous_percentile,
    current_percentile``; ``previous_grades``: ``student_id, grade`` of last school year; ``health_flags``:
    {student_id: factors} from the health module (``体质测试不及格``, ``心理测评高风险``). ``year``: the school
    year's first calendar year (ages on the reference day of that year)."""
    settings = settings or RetentionSettings()
    w = {**{f: 0.0 for f in FACTORS}, **settings.warning_weights}
    out = students.reset_index(drop=True).copy()
    sid = out["student_id"]
    n = len(out)
    empty = pd.Series([""] * n, dtype="str")
    texts: dict[str, pd.Series] = {}
    hits: dict[str, np.ndarray] = {}

    def factor(name: str, hit, text) -> None:
        hit = np.asarray(hit, dtype=bool)
        hits[name] = hit
        label = pd.Series([text] * n, dtype="str") if isinstance(text, str) else text.astype("str")
        texts[name] = label.where(hit, "").reset_index(drop=True) + np.where(hit, f"（+{w[name]:g}）", "")

    if absences is not None:
        days = sid.map(absences.groupby("student_id")["absent_days"].sum()).fillna(0).astype("int64")
        factor("absence", days >= settings.absence_days_threshold, "缺勤" + days.astype("str") + "天")
    if exam_change is not None:
        ex = exam_change.drop_duplicates("student_id", keep="last").set_index("student_id")
        drop = sid.map(ex["previous_percentile"] - ex["current_percentile"]).astype("float64")
        factor("exam_drop", (drop >= settings.exam_drop_threshold).fillna(False),
               "成绩百分位下降" + drop.round(0).fillna(0).astype("int64").astype("str"))
    grade = pd.to_numeric(out["grade"], errors="coerce")
    age = ages_on(parse_birth_dates(out["birth_date"]), settings.age_reference(year))
    over = (age - (grade + 5)).fillna(0).astype("int64")
    factor("over_age", over >= settings.over_age_years, "超龄" + over.astype("str") + "岁")
    repeated = _yes(out["repeated_grade"]) if "repeated_grade" in out else pd.Series(False, index=out.index)
    if previous_grades is not None:
        last = pd.to_numeric(sid.map(previous_grades.drop_duplicates("student_id", keep="last").set_index("student_id")["grade"]), errors="coerce")
        repeated = repeated | (last >= grade).fillna(False)
    factor("repeated_grade", repeated, "留级或重读")
    if "left_behind" in out:
        lb = out["left_behind"].astype("str").fillna("").str.strip()
        factor("left_behind", lb.isin(["单亲留守儿童", "双亲留守儿童"]), lb)
    if "migrant" in out:
        factor("migrant", _yes(out["migrant"]), "随迁子女")
    if "disability" in out:
        dis = out["disability"].astype("str").fillna("").str.strip()
        factor("disability", dis != "", "残疾（" + dis + "）")
    if "low_income" in out:
        factor("low_income", _yes(out["low_income"]), "建档立卡或低保家庭")
    if health_flags:
        flags = sid.map(health_flags)
        has = lambda label: flags.map(lambda f: isinstance(f, list) and label in f).astype(bool)
        factor("poor_fitness", has(FITNESS_FAIL), "体质测试不及格")
        factor("health_concern", has(PSYCH_HIGH), "健康关爱重点对象")

    score = np.zeros(n)
    reasons = empty
    for name in FACTORS:
        hit = hits.get(name, np.zeros(n, dtype=bool))
        out[f"factor_{name}"] = hit
        if w[name]:
            score += w[name] * hit
            reasons = _join(reasons, texts.get(name, empty))
    out["risk_score"] = score
    out["flagged"] = score >= settings.warning_threshold
    out["reasons"] = reasons.to_numpy()
    return out.sort_values(["school_id", "risk_score", "student_id"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


def warning_list(scores: pd.DataFrame, flagged_on: dt.date | None = None) -> pd.DataFrame:
    """The flagged students per school with why (columns for the school's list and for follow-up)."""
    cols = ["school_id", "student_id", "name", "grade", "risk_score", "reasons"]
    listed = scores.loc[scores["flagged"], [c for c in cols if c in scores.columns]].reset_index(drop=True)
    if flagged_on is not None:
        listed["flagged_on"] = flagged_on
    return listed
