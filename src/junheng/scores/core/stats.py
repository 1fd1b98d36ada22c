"""一分三率 and the other unit statistics (DESIGN §4.3), for county, school, class and teacher.

One pass of the engine (Ibis over DuckDB) computes, per class and subject, the sufficient statistics
n, Σx, M2 = Σ(x − mean)², max, min and the counts at the three cut-offs. Schools, the county and teachers are
exact roll-ups of those (the pooled M2 adds n_c·(mean_c − mean)² for each part), so the big table is read once.

Definitions: rates are fractions of the students who sat (n); 优秀/及格 are ``score ≥ line``, 低分 is
``score < line``; SD is the population SD; 超均率 = (unit mean − county mean) / county mean.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from ibis.backends import BaseBackend

from junheng.analytics import engines
from junheng.scores.core.frame import ExamFrame
from junheng.scores.core.model import AnalysisConfig, Cutoffs, IndexWeights

SUM_COLUMNS = ["size", "n", "sum", "n_excellent", "n_pass", "n_low"]
UNIT_COLUMNS = [
    "level", "school", "class", "teacher", "subject", "full_marks", "n", "absent", "mean", "sd", "max", "min",
    "excellent_rate", "pass_rate", "low_rate", "score_rate", "above_mean_rate", "index", "rank", "index_rank",
]  # fmt: skip


def engine_frame(ef: ExamFrame) -> pd.DataFrame:
    """The columns the engine needs: student (row number), school and class codes and one float column per
    subject (``s0`` … ``sK``, NaN = absent: the engine gets NULL, see ``junheng.analytics.engines``)."""
    data = {"student": np.arange(ef.n_students, dtype=np.int32), "sch": ef.school_code, "cls": ef.class_code}
    data.update({f"s{k}": ef.scores[:, k] for k in range(len(ef.subjects))})
    return pd.DataFrame(data)


def class_statistics(ef: ExamFrame, table: ibis.Table, backend: BaseBackend, cutoffs: Cutoffs) -> pd.DataFrame:
    """Sufficient statistics per (class, subject) from one grouped aggregation in the engine.

    Columns: class_code, subject (index into ``ef.subjects``), size (students listed), n (sat), sum, m2,
    max, min, n_excellent, n_pass, n_low.
    """
    aggregates = {"size": table.cls.count()}
    for k, full in enumerate(ef.full_marks):
        x = table[f"s{k}"]
        excellent, passing, low = cutoffs.lines(float(full))
        aggregates[f"n_{k}"] = x.count()
        aggregates[f"sum_{k}"] = x.sum()
        aggregates[f"m2_{k}"] = x.var(how="pop") * x.count()
        aggregates[f"max_{k}"] = x.max()
        aggregates[f"min_{k}"] = x.min()
        aggregates[f"n_excellent_{k}"] = (x >= excellent).sum()
        aggregates[f"n_pass_{k}"] = (x >= passing).sum()
        aggregates[f"n_low_{k}"] = (x < low).sum()
    wide = engines.to_pandas(backend, table.group_by("cls").aggregate(**aggregates))
    wide = wide.sort_values("cls", kind="stable", ignore_index=True)  # engines return groups in any order
    n_classes, n_subjects = len(wide), len(ef.subjects)
    out = {
        "class_code": np.tile(wide["cls"].to_numpy(dtype=np.int32), n_subjects),
        "subject": np.repeat(np.arange(n_subjects, dtype=np.int16), n_classes),
        "size": np.tile(wide["size"].to_numpy(dtype=np.int64), n_subjects),
    }
    for name in ("n", "sum", "m2", "max", "min", "n_excellent", "n_pass", "n_low"):
        parts = [wide[f"{name}_{k}"].to_numpy(dtype=np.float64, na_value=np.nan) for k in range(n_subjects)]
        out[name] = np.concatenate(parts)
    stats = pd.DataFrame(out)
    for name in ("n", "n_excellent", "n_pass", "n_low"):
        stats[name] = np.nan_to_num(stats[name].to_numpy()).astype(np.int64)
    stats["sum"] = np.nan_to_num(stats["sum"].to_numpy())
    stats["m2"] = np.nan_to_num(stats["m2"].to_numpy())
    return stats


def rollup(stats: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Pool sufficient statistics over ``keys`` (exact: M2 gains Σ n_c·(mean_c − mean)²)."""
    grouped = stats.groupby(keys, sort=False, observed=True)
    out = grouped[SUM_COLUMNS].sum()
    out["max"] = grouped["max"].max()
    out["min"] = grouped["min"].min()
    n = stats["n"].to_numpy(dtype=np.float64)
    part_mean = np.divide(stats["sum"].to_numpy(), n, out=np.zeros_like(n), where=n > 0)
    pooled_n = grouped["n"].transform("sum").to_numpy(dtype=np.float64)
    pooled_sum = grouped["sum"].transform("sum").to_numpy()
    pooled_mean = np.divide(pooled_sum, pooled_n, out=np.zeros_like(pooled_n), where=pooled_n > 0)
    between = n * (part_mean - pooled_mean) ** 2
    out["m2"] = (
        stats.assign(_m2=stats["m2"].to_numpy() + between).groupby(keys, sort=False, observed=True)["_m2"].sum()
    )
    return out.reset_index()


def finish(units: pd.DataFrame, weights: IndexWeights) -> pd.DataFrame:
    """Turn pooled sufficient statistics into the reported figures (NaN where nobody sat)."""
    n = units["n"].to_numpy(dtype=np.float64)
    sat = n > 0
    nan = np.full_like(n, np.nan)

    def per_student(values: np.ndarray) -> np.ndarray:
        return np.divide(values, n, out=nan.copy(), where=sat)

    units["absent"] = units["size"].to_numpy() - units["n"].to_numpy()
    units["mean"] = per_student(units["sum"].to_numpy(dtype=np.float64))
    units["sd"] = np.sqrt(np.maximum(per_student(units["m2"].to_numpy(dtype=np.float64)), 0.0))
    units["excellent_rate"] = per_student(units["n_excellent"].to_numpy(dtype=np.float64))
    units["pass_rate"] = per_student(units["n_pass"].to_numpy(dtype=np.float64))
    units["low_rate"] = per_student(units["n_low"].to_numpy(dtype=np.float64))
    units["score_rate"] = units["mean"] / units["full_marks"]
    units["index"] = composite_index(units, weights)
    return units


def composite_index(units: pd.DataFrame, weights: IndexWeights) -> pd.Series:
    """综合指数 = 100 × (w₁·得分率 + w₂·优秀率 + w₃·及格率 + w₄·(1 − 低分率)) / (w₁ + w₂ + w₃ + w₄)."""
    total = weights.mean + weights.excellent + weights.passing + weights.low
    value = (
        weights.mean * units["score_rate"]
        + weights.excellent * units["excellent_rate"]
        + weights.passing * units["pass_rate"]
        + weights.low * (1.0 - units["low_rate"])
    )
    return 100.0 * value / total


def unit_ranks(units: pd.DataFrame) -> pd.DataFrame:
    """Rank of each unit among the units of its level in the county, per subject: by mean and by 综合指数.

    Competition ranks, 1 = best; units where nobody sat are not ranked; the county row has no rank.
    """
    grouped = units.groupby(["level", "subject"], sort=False)
    units["rank"] = grouped["mean"].rank(method="min", ascending=False).astype("Int32")
    units["index_rank"] = grouped["index"].rank(method="min", ascending=False).astype("Int32")
    county = (units["level"] == "county").to_numpy()
    units.loc[county, ["rank", "index_rank"]] = pd.NA
    return units


def unit_table(
    ef: ExamFrame,
    class_stats: pd.DataFrame,
    config: AnalysisConfig,
    teachers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All unit statistics (county, school, class and, given a class–teacher–subject table, teacher)."""
    cls = class_stats.merge(
        ef.class_table[["school", "class"]], left_on="class_code", right_index=True, how="left"
    )
    levels = [
        rollup(cls, ["subject"]).assign(level="county", school="", **{"class": ""}),
        rollup(cls, ["subject", "school"]).assign(level="school", **{"class": ""}),
        cls.drop(columns="class_code").assign(level="class"),
    ]
    if teachers is not None and len(teachers):
        levels.append(teacher_rollup(ef, cls, teachers))
    units = pd.concat(levels, ignore_index=True)
    if "teacher" not in units.columns:
        units["teacher"] = ""
    units["teacher"] = units["teacher"].fillna("")
    subject_names = np.asarray(ef.subjects, dtype=object)
    codes = units["subject"].to_numpy()
    units["full_marks"] = ef.full_marks[codes]
    units["subject"] = subject_names[codes]
    units = finish(units, config.index_weights)
    county_mean = units.loc[units["level"] == "county"].set_index("subject")["mean"]
    reference = units["subject"].map(county_mean).to_numpy(dtype=np.float64)
    units["above_mean_rate"] = (units["mean"].to_numpy() - reference) / reference
    units = unit_ranks(units)
    return units[UNIT_COLUMNS + ["size"]].rename(columns={"size": "listed"})


def teacher_rollup(ef: ExamFrame, cls: pd.DataFrame, teachers: pd.DataFrame) -> pd.DataFrame:
    """Pool class statistics over each teacher's classes in a subject (table: school, class, subject, teacher).

    A class–subject pair must have one teacher; the total is not attributed to teachers.
    """
    needed = {"school", "class", "subject", "teacher"}
    if not needed <= set(teachers.columns):
        raise ValueError("任课表须包含列：school、class、subject、teacher")
    table = teachers[["school", "class", "subject", "teacher"]].astype(str)
    codes = {s: k for k, s in enumerate(ef.subjects[:-1])}
    table = table[table["subject"].isin(codes)].drop_duplicates(["school", "class", "subject"])
    table = table.assign(subject=table["subject"].map(codes).astype(np.int16))
    joined = cls.merge(table, on=["school", "class", "subject"], how="inner")
    if joined.empty:
        return pd.DataFrame(columns=["subject", "school", "teacher", "level", "class"])
    pooled = rollup(joined, ["subject", "school", "teacher"])
    return pooled.assign(level="teacher", **{"class": ""})
