"""Value-added (增值评价, DESIGN §4.3): the current exam on prior exam(s) of the same students with random
intercepts for school (and class where classes are large enough).

A school's effect is in the current exam's score units: "students of this school scored on average
``effect`` points more than students with the same prior scores in a typical school of the county". Each
effect comes with its standard error (the prediction error, which includes the uncertainty of the fixed
part), a 95 % interval and the shrinkage applied (0 = pulled entirely to the county average, 1 = none).
Units with fewer than ``min_size`` students are marked 样本不足 and not ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from junheng.scores.core.mixed import MixedFit, fit_random_intercepts
from junheng.scores.core.model import ScoresInputError
from junheng.scores.core.ranks import competition_rank

SUFFICIENT = "有效"
INSUFFICIENT = "样本不足"
EFFECT_MEANING = (
    "增值效应：与全县入口成绩相同的学生相比，本单位学生本次考试平均多（正值）或少（负值）得的分数；"
    "区间为 95% 置信区间，跨过 0 表示与全县平均水平没有可靠差别。"
)


@dataclass
class ValueAddedResult:
    """Value-added of schools (and classes) in one subject.

    ``schools``: school, n, effect, se, ci_low, ci_high, shrinkage, status (有效 / 样本不足), rank (among
    有效 schools, 1 = highest effect). ``classes`` (when class effects are in the model): school, class and the
    same columns, the effect being the class's total effect (school + class). ``students``: student_id,
    school, class, current, expected (from prior scores alone), residual (current − expected).
    ``fixed``: term, estimate, se. ``variances``: school, class (or None) and residual variance.
    """

    subject: str
    schools: pd.DataFrame
    classes: pd.DataFrame | None
    students: pd.DataFrame
    fixed: pd.DataFrame
    variances: dict[str, float | None]
    n_students: int
    n_excluded: int
    level: float
    fit: MixedFit

    meaning = EFFECT_MEANING


def link_exams(
    current: pd.DataFrame,
    priors: Sequence[pd.DataFrame],
    subject: str,
    prior_columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, list[str], int]:
    """Join the current exam to prior exams by student_id; keep students with every score.

    Returns the linked frame (student_id, school, class, current, prior_1 …), the prior column names and the
    number of current students dropped (absent now or without prior scores).
    """
    if not priors:
        raise ScoresInputError("增值评价至少需要一次前测考试")
    for column in ("student_id", "school", subject):
        if column not in current.columns:
            raise ScoresInputError(f"本次考试成绩缺少列：{column}")
    wanted = list(prior_columns) if prior_columns else [subject]
    base = current[["student_id", "school"]].astype(str).assign(
        **{"class": current["class"].astype(str) if "class" in current.columns else ""},
        current=pd.to_numeric(current[subject], errors="coerce"),
    )
    if base["student_id"].duplicated().any():
        raise ScoresInputError("本次考试成绩中学生编号重复")
    names: list[str] = []
    for i, prior in enumerate(priors, start=1):
        for column in ["student_id", *wanted]:
            if column not in prior.columns:
                raise ScoresInputError(f"第 {i} 次前测成绩缺少列：{column}")
        if prior["student_id"].astype(str).duplicated().any():
            raise ScoresInputError(f"第 {i} 次前测成绩中学生编号重复")
        part = pd.DataFrame({"student_id": prior["student_id"].astype(str)})
        for column in wanted:
            name = f"prior{i}_{column}"
            part[name] = pd.to_numeric(prior[column], errors="coerce").to_numpy()
            names.append(name)
        base = base.merge(part, on="student_id", how="left")
    complete = base[["current", *names]].notna().all(axis=1)
    return base[complete].reset_index(drop=True), names, int((~complete).sum())


def value_added(
    current: pd.DataFrame,
    priors: Sequence[pd.DataFrame],
    subject: str,
    *,
    prior_columns: Sequence[str] | None = None,
    class_effects: bool | None = False,
    min_size: int = 10,
    level: float = 0.95,
    reml: bool = True,
) -> ValueAddedResult:
    """Fit current ~ prior(s) + (1 | school) [+ (1 | class)] and report each unit's effect.

    ``class_effects``: True adds class intercepts, None decides: added when the median class has at least
    ``min_size`` linked students and schools have on average more than one class.
    """
    linked, names, excluded = link_exams(current, priors, subject, prior_columns)
    if len(linked) < 3:
        raise ScoresInputError("能与前测对应的学生太少，无法做增值评价")
    school_code, school_names = pd.factorize(linked["school"], sort=True)
    class_code, class_pairs = pd.factorize(linked["school"] + "\x1f" + linked["class"], sort=True)
    class_sizes = np.bincount(class_code)
    if class_effects is None:
        class_effects = bool(
            np.median(class_sizes) >= min_size and len(class_pairs) > 1.2 * len(school_names)
        )
    y = linked["current"].to_numpy(dtype=np.float64)
    x = np.column_stack([np.ones(len(linked)), linked[names].to_numpy(dtype=np.float64)])
    fit = fit_random_intercepts(y, x, school_code, class_code if class_effects else None, reml=reml)
    z = float(stats.norm.ppf(0.5 + level / 2))

    schools = _units(
        pd.DataFrame({"school": np.asarray(school_names, dtype=object)}),
        fit.school_n, fit.school_effect, fit.school_pev, fit.school_shrinkage, z, min_size,
    )  # fmt: skip
    classes = None
    if class_effects:
        assert fit.class_effect is not None and fit.class_pev is not None and fit.class_n is not None
        assert fit.class_shrinkage is not None
        pairs = pd.Series(np.asarray(class_pairs, dtype=object)).str.split("\x1f", n=1, expand=True)
        classes = _units(
            pd.DataFrame({"school": pairs[0], "class": pairs[1]}),
            fit.class_n, fit.class_effect, fit.class_pev, fit.class_shrinkage, z, min_size,
        )  # fmt: skip
    expected = x @ fit.beta
    students = linked[["student_id", "school", "class", "current"]].assign(
        expected=expected, residual=y - expected
    )
    se = np.sqrt(np.diag(fit.beta_cov))
    fixed = pd.DataFrame({"term": ["截距", *names], "estimate": fit.beta, "se": se})
    return ValueAddedResult(
        subject=subject,
        schools=schools,
        classes=classes,
        students=students,
        fixed=fixed,
        variances={"school": fit.school_variance, "class": fit.class_variance, "residual": fit.sigma2},
        n_students=len(linked),
        n_excluded=excluded,
        level=level,
        fit=fit,
    )


def _units(
    labels: pd.DataFrame,
    n: np.ndarray,
    effect: np.ndarray,
    pev: np.ndarray,
    shrinkage: np.ndarray,
    z: float,
    min_size: int,
) -> pd.DataFrame:
    """Unit table: n, effect, se, interval, shrinkage, status and rank among sufficient units."""
    se = np.sqrt(np.maximum(pev, 0.0))
    out = labels.assign(
        n=n.astype(np.int64),
        effect=effect,
        se=se,
        ci_low=effect - z * se,
        ci_high=effect + z * se,
        shrinkage=shrinkage,
    )
    sufficient = out["n"].to_numpy() >= min_size
    out["status"] = np.where(sufficient, SUFFICIENT, INSUFFICIENT)
    rank = np.zeros(len(out), dtype=np.int64)
    if sufficient.any():
        rank[sufficient] = competition_rank(np.round(effect[sufficient], 9))
    out["rank"] = pd.array(np.where(sufficient, rank, 0), dtype="Int32")
    out.loc[~sufficient, "rank"] = pd.NA
    return out
