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
from typing import Any

import ibis
import numpy as np
import pandas as pd
from ibis.backends import BaseBackend
from scipy import stats

from junheng.analytics import engines
from junheng.scores.core.mixed import MixedFit, fit_random_intercepts, fit_sufficient, sufficient_statistics
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
    backend: BaseBackend | None = None,
    stats_method: str = "auto",
) -> ValueAddedResult:
    """Fit current ~ prior(s) + (1 | school) [+ (1 | class)] and report each unit's effect.

    ``class_effects``: True adds class intercepts, None decides: added when the median class has at least
    ``min_size`` linked students and schools have on average more than one class. ``backend``: an analytics
    engine (``junheng.analytics.engines``) that computes the model's sufficient statistics; ``stats_method``
    ``auto`` uses it unless it is DuckDB (numpy in memory is faster), ``engine`` always, ``numpy`` never.
    """
    if stats_method not in ("auto", "numpy", "engine"):
        raise ValueError(f"value_added: stats_method {stats_method!r}")
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
    if backend is not None and (stats_method == "engine" or (stats_method == "auto" and backend.name != "duckdb")):
        groups = class_code if class_effects else school_code
        fit = fit_sufficient_in_engine(backend, y, x[:, 1:], school_code, groups, nested=bool(class_effects),
                                       reml=reml)
    else:
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


def fit_sufficient_in_engine(
    backend: BaseBackend,
    y: np.ndarray,
    priors: np.ndarray,
    school: np.ndarray,
    groups: np.ndarray,
    *,
    nested: bool,
    reml: bool = True,
) -> MixedFit:
    """The mixed model with its sufficient statistics computed by the engine; the fit itself is small.

    The statistics agree with the in-memory ones to rounding (1e-12); the fitted effects to about 1e-6
    relative, since the maximum of the likelihood is only located to √ε of its flat top.
    """
    st, shift, y_mean = engine_sufficient(backend, y, priors, school, groups)
    return fit_sufficient(st, nested, reml=reml, intercept=0, scale=1.0, shift=shift, y_mean=y_mean)


def engine_sufficient(backend: BaseBackend, y: np.ndarray, priors: np.ndarray, school: np.ndarray,
                      groups: np.ndarray) -> tuple[Any, np.ndarray, float]:
    """Two aggregates in the engine: the means, then per group n, the sums and the cross-products of the
    centred columns Z = [1, prior − mean, y − ȳ]. Returns the statistics, the shift of X and ȳ.

    Centring as :func:`~junheng.scores.core.mixed.fit_random_intercepts`: a prior column that is constant
    is not shifted. ``groups`` are class codes (class effects) or the school codes.
    """
    n_priors = priors.shape[1]
    data = {"sch": np.asarray(school, np.int64), "grp": np.asarray(groups, np.int64), "one": np.ones(len(y)), "y": y}
    data.update({f"x{j}": priors[:, j] for j in range(n_priors)})
    table = engines.table(backend, pd.DataFrame(data), stem="value_added")
    try:
        first = {"y_mean": table.y.mean()}
        for j in range(n_priors):
            x = table[f"x{j}"]
            first.update({f"mean{j}": x.mean(), f"min{j}": x.min(), f"max{j}": x.max()})
        row = engines.to_pandas(backend, table.aggregate(**first)).iloc[0]
        shift = np.zeros(n_priors + 1)
        for j in range(n_priors):
            if float(row[f"min{j}"]) != float(row[f"max{j}"]):
                shift[j + 1] = float(row[f"mean{j}"])
        y_mean = float(row["y_mean"])
        z = [table.one.cast("float64")]
        z += [table[f"x{j}"].cast("float64") - ibis.literal(float(shift[j + 1]), type="float64")
              for j in range(n_priors)]
        z.append(table.y.cast("float64") - ibis.literal(y_mean, type="float64"))
        q = len(z)
        sums = {"n": table.y.count()}
        sums.update({f"s{a}": z[a].sum() for a in range(q)})
        sums.update({f"p{a}_{b}": (z[a] * z[b]).sum() for a in range(q) for b in range(a, q)})
        per = engines.to_pandas(backend, table.group_by(["grp", "sch"]).aggregate(**sums))
    finally:
        engines.drop(backend, table)
    per = per.sort_values("grp", kind="stable").reset_index(drop=True)
    n_groups = int(np.max(groups)) + 1
    class_n = np.zeros(n_groups)
    class_sums = np.zeros((n_groups, q))
    class_school = np.zeros(n_groups, np.int64)
    code = per["grp"].to_numpy(np.int64)
    class_n[code] = per["n"].to_numpy(np.float64)
    class_school[code] = per["sch"].to_numpy(np.int64)
    for a in range(q):
        class_sums[code, a] = per[f"s{a}"].to_numpy(np.float64)
    ztz = np.empty((q, q))
    for a in range(q):
        for b in range(a, q):
            ztz[a, b] = ztz[b, a] = float(per[f"p{a}_{b}"].to_numpy(np.float64).sum())
    st = sufficient_statistics(len(y), ztz, class_n, class_sums, class_school, int(np.max(school)) + 1)
    return st, shift, y_mean
