"""Item analysis (小题分析, DESIGN §4.3): difficulty, discrimination, Cronbach's α, option choice rates.

Rules: difficulty P = mean item score / item full marks; point-biserial = Pearson correlation of the item
score with the total (for 0/1 items this is the point-biserial coefficient); 27 % discrimination
D = (mean of the top 27 % by total − mean of the bottom 27 %) / item full marks, the groups being the
round(0.27·n) students with the highest and lowest totals (ties broken by row order); Cronbach's
α = k/(k−1)·(1 − Σ var(item) / var(total)). Items are flagged when P < 0.10 or P > 0.95, or when either
discrimination is below 0.20. A missing item score of a student who sat counts as 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.scores.core.model import ScoresInputError

P_RANGE = (0.10, 0.95)
MIN_DISCRIMINATION = 0.20
GROUP_FRACTION = 0.27


@dataclass
class ItemAnalysis:
    """``items``: item, full_marks, n, mean, difficulty, point_biserial, discrimination, flag (Chinese reason,
    '' when fine). ``options``: item, option, count, rate, key (True for the keyed answer). ``alpha``."""

    items: pd.DataFrame
    options: pd.DataFrame
    alpha: float
    n_students: int


def cronbach_alpha(scores: np.ndarray) -> float:
    """Cronbach's α of a (students × items) matrix (population variances; NaN with < 2 items)."""
    k = scores.shape[1]
    if k < 2:
        return float("nan")
    total_var = scores.sum(axis=1).var()
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1.0 - scores.var(axis=0).sum() / total_var))


def point_biserial(scores: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Correlation of each item column with the total (NaN for a constant item)."""
    centred = scores - scores.mean(axis=0)
    t = total - total.mean()
    denom = np.sqrt((centred**2).sum(axis=0) * (t**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, centred.T @ t / np.where(denom > 0, denom, 1.0), np.nan)


def high_low_discrimination(scores: np.ndarray, total: np.ndarray, full_marks: np.ndarray) -> np.ndarray:
    """D = (mean of the top 27 % − mean of the bottom 27 %) / full marks, per item."""
    n = scores.shape[0]
    k = max(round(GROUP_FRACTION * n), 1)
    order = np.argsort(total, kind="stable")
    low, high = scores[order[:k]], scores[order[n - k :]]
    return (high.mean(axis=0) - low.mean(axis=0)) / full_marks


def _flag(difficulty: float, rpb: float, d: float) -> str:
    reasons = []
    if difficulty < P_RANGE[0]:
        reasons.append("过难")
    elif difficulty > P_RANGE[1]:
        reasons.append("过易")
    if not np.isnan(d) and d < MIN_DISCRIMINATION:
        reasons.append("区分度（27%）低")
    if not np.isnan(rpb) and rpb < MIN_DISCRIMINATION:
        reasons.append("点双列相关低")
    return "、".join(reasons)


def analyze_items(
    scores: pd.DataFrame,
    full_marks: Mapping[str, float] | None = None,
    *,
    choices: pd.DataFrame | None = None,
    keys: Mapping[str, str] | None = None,
) -> ItemAnalysis:
    """Analyse item scores (students × items, one column per item) of the students who sat.

    ``full_marks`` per item (default: the highest score observed); ``choices``: the options chosen in
    multiple-choice items (students × items, letters such as "A" or "AC"; blank = no answer); ``keys``: the
    correct option per item.
    """
    if scores.shape[1] == 0 or scores.shape[0] == 0:
        raise ScoresInputError("没有小题分数可供分析")
    matrix = scores.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
    matrix = np.nan_to_num(matrix, nan=0.0)
    names = [str(c) for c in scores.columns]
    if full_marks:
        missing = [n for n in names if n not in full_marks]
        if missing:
            raise ScoresInputError("缺少小题满分：" + "、".join(missing))
        marks = np.array([float(full_marks[n]) for n in names])
    else:
        marks = matrix.max(axis=0)
    if (marks <= 0).any():
        bad = [n for n, m in zip(names, marks, strict=True) if m <= 0]
        raise ScoresInputError("小题满分必须大于 0：" + "、".join(bad))
    if (matrix > marks + 1e-9).any() or (matrix < 0).any():
        raise ScoresInputError("小题得分超出 0 到满分的范围")
    total = matrix.sum(axis=1)
    difficulty = matrix.mean(axis=0) / marks
    rpb = point_biserial(matrix, total)
    d = high_low_discrimination(matrix, total, marks)
    items = pd.DataFrame(
        {
            "item": names,
            "full_marks": marks,
            "n": matrix.shape[0],
            "mean": matrix.mean(axis=0),
            "difficulty": difficulty,
            "point_biserial": rpb,
            "discrimination": d,
        }
    )
    items["flag"] = [_flag(p, r, x) for p, r, x in zip(difficulty, rpb, d, strict=True)]  # one per item
    options = option_rates(choices, keys) if choices is not None else pd.DataFrame(
        columns=["item", "option", "count", "rate", "key"]
    )
    return ItemAnalysis(items=items, options=options, alpha=cronbach_alpha(matrix), n_students=matrix.shape[0])


def option_rates(choices: pd.DataFrame, keys: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Share of students choosing each option of each multiple-choice item (blank = 未作答)."""
    long = choices.astype("string").fillna("").melt(var_name="item", value_name="option")
    long["item"] = long["item"].astype(str)
    long["option"] = long["option"].str.strip().str.upper().replace("", "未作答")
    counts = long.groupby(["item", "option"], sort=True).size().rename("count").reset_index()
    counts["rate"] = counts["count"] / counts.groupby("item")["count"].transform("sum")
    key_map = {str(k): str(v).strip().upper() for k, v in (keys or {}).items()}
    counts["key"] = counts["option"].to_numpy() == counts["item"].map(key_map).fillna("").to_numpy()
    return counts
