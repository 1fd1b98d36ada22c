"""Scoring by 《国家学生体质健康标准（2014年修订）》, vectorised over any number of students.

- 单项得分: the highest score level whose cut-off the result reaches (≥ for 肺活量, 坐位体前屈, counts and
  立定跳远; ≤ for times), 0 below the lowest level. Results are first brought to the table's precision
  by the standard's reading rule (``Item.units``: times rounded up, counts cut, 坐位体前屈 rounded).
- 体重指数 BMI = 体重(kg) / 身高(m)², rounded to 0.1: 正常 100, 低体重 and 超重 80, 肥胖 60.
- 标准分 = Σ 单项得分 × 权重, rounded half-up to 0.1; 附加分 = the 加分 points of 1分钟跳绳 (小学) or
  引体向上/1分钟仰卧起坐 and 1000/800米跑 (初中), each only beyond the 100-point cut-off.
- 学年总分 = 标准分 + 附加分; 等级: 优秀 ≥ 90.0, 良好 80.0–89.9, 及格 60.0–79.9, 不及格 ≤ 59.9.
A student missing a weighted item (and not 免测) has no 学年总分 (``complete`` False). No loop runs over rows:
students are grouped by (sex, grade) — 18 groups — and each item is looked up with ``numpy.searchsorted``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.health.core.standard import GRADES, SEXES, FitnessStandard, load_standard

MEASURED = ("vital_capacity", "run50", "sit_reach", "rope", "situp", "shuttle50x8", "long_jump", "pullup",
            "run800", "run1000")
INPUT_COLUMNS = ("height", "weight", *MEASURED)
BMI_LABELS = np.array(["", "低体重", "正常", "超重", "肥胖"], dtype=object)


def bmi_tenths(height_cm, weight_kg) -> np.ndarray:
    """BMI in tenths of kg/m², rounded half-up (NaN where height or weight is missing)."""
    h = np.asarray(height_cm, dtype=float) / 100.0
    with np.errstate(divide="ignore", invalid="ignore"):
        bmi = np.asarray(weight_kg, dtype=float) / (h * h)
    return np.floor(np.round(bmi * 10, 6) + 0.5)


def _points(table, units: np.ndarray) -> np.ndarray:
    keys, levels = table.goodness()
    probe = units if table.direction == "higher" else -units
    pos = np.searchsorted(keys, probe, side="right") - 1
    out = np.where(pos >= 0, levels[np.clip(pos, 0, None)], 0).astype(float)
    out[np.isnan(units)] = np.nan
    return out


def _bonus_points(standard: FitnessStandard, item: str, units: np.ndarray, sex: str, grade: int) -> np.ndarray:
    bonus = standard.bonus.get(item)
    out = np.zeros(len(units))
    if bonus is None or grade not in bonus.grades or sex not in bonus.sexes:
        return out
    table = standard.tables[(item, sex, grade)]
    best = table.cutoffs[0]
    beyond = units - best if table.direction == "higher" else best - units
    points = np.searchsorted(np.asarray(bonus.beyond, dtype=float), beyond, side="right")
    out = points.astype(float)
    out[np.isnan(units)] = 0.0
    return out


def score_results(results: pd.DataFrame, standard: FitnessStandard | None = None) -> pd.DataFrame:
    """Score every row of ``results`` (columns: ``sex`` male/female, ``grade`` 1–9, the items of
    ``INPUT_COLUMNS`` in their units — times in seconds — and optionally ``exempt``). Returns a frame on the same
    index: ``bmi``, ``bmi_band``, ``score_<item>``, ``bonus_<item>``, ``standard``, ``extra``, ``total``,
    ``rating``, ``complete``."""
    std = standard or load_standard()
    n = len(results)
    idx = results.index
    sex = results["sex"].to_numpy()
    grade = pd.to_numeric(results["grade"], errors="coerce").fillna(0).to_numpy().astype(int)
    raw = {c: (pd.to_numeric(results[c], errors="coerce").to_numpy(dtype=float) if c in results
               else np.full(n, np.nan)) for c in INPUT_COLUMNS}
    units = {c: std.items[c].units(raw[c]) for c in MEASURED}
    bmi = bmi_tenths(raw["height"], raw["weight"])
    out = {f"score_{k}": np.full(n, np.nan) for k in std.items}
    out |= {f"bonus_{k}": np.zeros(n) for k in std.bonus}
    weighted = np.zeros(n)
    missing = np.zeros(n, dtype=bool)
    band = np.zeros(n, dtype=np.int8)
    known = np.zeros(n, dtype=bool)
    group = np.where(sex == "female", 100, np.where(sex == "male", 0, -1000)) + grade
    order = np.argsort(group, kind="stable")
    sorted_groups = group[order]
    for s_i, sx in enumerate(SEXES):
        for g in GRADES:
            code = s_i * 100 + g
            lo, hi = np.searchsorted(sorted_groups, [code, code + 1])
            if lo == hi:
                continue
            rows = order[lo:hi]
            known[rows] = True
            weights = std.weights[(sx, g)]
            for item, w in weights.items():
                if item == "bmi":
                    b = std.bmi[(sx, g)]
                    t = bmi[rows]
                    cls = np.select([t < b.normal_low, t <= b.normal_high, t < b.obese, t >= b.obese], [1, 2, 3, 4], 0)
                    band[rows] = cls
                    pts = np.array([np.nan, std.bmi_scores["低体重"], std.bmi_scores["正常"], std.bmi_scores["超重"],
                                    std.bmi_scores["肥胖"]])[cls]
                else:
                    u = units[item][rows]
                    pts = _points(std.tables[(item, sx, g)], u)
                    if item in std.bonus:
                        out[f"bonus_{item}"][rows] = _bonus_points(std, item, u, sx, g)
                out[f"score_{item}"][rows] = pts
                missing[rows] |= np.isnan(pts)
                weighted[rows] += np.nan_to_num(pts) * w
    exempt = results["exempt"].fillna(False).to_numpy(dtype=bool) if "exempt" in results else np.zeros(n, bool)
    complete = known & ~missing & ~exempt
    standard_score = np.floor(weighted / 10 + 0.5) / 10          # Σ score × weight% rounded half-up to 0.1
    extra = sum((out[f"bonus_{k}"] for k in std.bonus), np.zeros(n))
    total = np.where(complete, standard_score + extra, np.nan)
    rating = np.full(n, None, dtype=object)
    names = [r for r, _ in std.ratings]
    cuts = [m for _, m in std.ratings if m is not None]
    tenths = np.round(total * 10)
    conds = [complete & (tenths >= round(c * 10)) for c in cuts]
    rating[complete] = np.select(conds, names[:len(cuts)], names[-1])[complete]
    frame = pd.DataFrame(out, index=idx)
    frame.insert(0, "bmi", bmi / 10)
    frame.insert(1, "bmi_band", BMI_LABELS[band])
    frame["standard"] = np.where(complete, standard_score, np.nan)
    frame["extra"] = np.where(complete, extra, np.nan)
    frame["total"] = total
    frame["rating"] = rating
    frame["complete"] = complete
    frame["exempt"] = exempt
    return frame


def graduation_score(final_year_total: float, other_year_totals: list[float],
                     standard: FitnessStandard | None = None) -> float:
    """毕业成绩 = 毕业当年学年总分 × 50% + 其他学年总分平均得分 × 50%, rounded half-up to 0.1.

    With no other year on record the graduation year's total stands alone."""
    std = standard or load_standard()
    w_final, w_other = std.graduation_weights
    if not other_year_totals:
        return float(np.floor(final_year_total * 10 + 0.5 + 1e-9) / 10)
    value = final_year_total * w_final + (sum(other_year_totals) / len(other_year_totals)) * w_other
    return float(np.floor(value * 10 + 0.5 + 1e-9) / 10)
