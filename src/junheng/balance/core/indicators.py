"""Per-section resource indicators and the section rule (DESIGN §4.1 资源配置 / §4.2).

Each indicator is ``numerator ÷ students × per`` (per = 100 for "per 100 students"). A section passes
quality_2017 when at least ``min_met`` (6) of the 7 reach their threshold and every other one reaches
``near_miss_ratio`` (85%) of it. Comparisons allow a relative rounding tolerance of 1e-9 so that a value
exactly on a threshold (e.g. 21 teachers for 500 pupils = 4.2) counts as reaching it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.balance.core.columns import label
from junheng.balance.core.fmt import num, pct
from junheng.balance.core.results import IndicatorResult, Provenance, SectionResult
from junheng.standards import Standard

RTOL = 1e-9


def reaches(value: np.ndarray | float, target: np.ndarray | float) -> np.ndarray:
    """value ≥ target, with a relative tolerance for floating-point rounding."""
    v = np.asarray(value, dtype=float)
    t = np.asarray(target, dtype=float)
    return v >= t - RTOL * np.maximum(np.abs(t), 1.0)


def value_matrix(sections: pd.DataFrame, standard: Standard) -> tuple[np.ndarray, np.ndarray]:
    """(values, numerators), each n_sections × n_indicators, in the standard's indicator order."""
    p = sections["students"].to_numpy(dtype=float)
    nums = np.column_stack([
        sections[ind.numerator].to_numpy(dtype=float) if ind.numerator in sections
        else np.full(len(sections), np.nan)
        for ind in standard.indicators
    ]) if len(sections) else np.zeros((0, len(standard.indicators)))
    nums = np.nan_to_num(nums, nan=0.0)
    per = np.array([ind.per for ind in standard.indicators])
    with np.errstate(divide="ignore", invalid="ignore"):
        values = nums / p[:, None] * per[None, :]
    return values, nums


def threshold_matrix(stages: np.ndarray, standard: Standard) -> np.ndarray:
    """Thresholds per section × indicator (NaN where the standard sets none)."""
    out = np.full((len(stages), len(standard.indicators)), np.nan)
    for j, ind in enumerate(standard.indicators):
        for st in np.unique(stages):
            t = ind.threshold(str(st))
            if t is not None:
                out[stages == st, j] = t
    return out


def rule_matrix(values: np.ndarray, thresholds: np.ndarray, standard: Standard):
    """(met, near, met_count, passes) for every section under the standard's section rule."""
    has = ~np.isnan(thresholds)
    t = np.where(has, thresholds, 0.0)
    met = has & reaches(values, t)
    ratio = standard.section_rule.near_miss_ratio
    near = has & reaches(values, ratio * t)
    met_count = met.sum(axis=1)
    others_ok = np.all(met | near | ~has, axis=1)
    passes = (met_count >= standard.section_rule.min_met) & others_ok
    return met, near, met_count, passes


def _reason(met_row, near_row, has_row, values_row, t_row, keys, standard: Standard) -> str:
    n_has = int(has_row.sum())
    if n_has == 0:
        return "本标准未设定校级达标要求"
    m = int(met_row.sum())
    rule = standard.section_rule
    missed = [f"{k}（达到要求的 {pct(v / t, 1)}）" for k, v, t, ok, h in
              zip(keys, values_row, t_row, met_row, has_row, strict=True) if h and not ok]
    if m == n_has:
        return f"{m} 项全部达标"
    low = [k for k, ok, nr, h in zip(keys, met_row, near_row, has_row, strict=True) if h and not ok and not nr]
    if m >= rule.min_met and not low:
        return f"{m} 项达标，余项 {'、'.join(missed)} 不低于 {pct(rule.near_miss_ratio, 0)}"
    if m < rule.min_met:
        return f"仅 {m} 项达标（要求至少 {rule.min_met} 项）；未达标：{'、'.join(missed)}"
    return f"{m} 项达标，但 {'、'.join(low)} 低于要求的 {pct(rule.near_miss_ratio, 0)}"


def section_results(sections: pd.DataFrame, standard: Standard,
                    notes: dict | None = None, splits: dict | None = None) -> list[SectionResult]:
    """Every section's indicators with provenance, its met count and rule verdict."""
    notes = notes or {}
    splits = splits or {}
    values, nums = value_matrix(sections, standard)
    stages = sections["stage"].to_numpy(dtype=object)
    thr = threshold_matrix(stages, standard)
    met, near, met_count, passes = rule_matrix(values, thr, standard)
    has = ~np.isnan(thr)
    keys = standard.indicator_keys
    inds = standard.indicators
    ids = sections["school_id"].astype(str).to_numpy()
    names = sections["school_name"].astype(str).to_numpy() if "school_name" in sections else ids
    kinds = sections["kind"].astype(str).to_numpy() if "kind" in sections else stages
    towns = sections["township_code"].to_numpy(dtype=object) if "township_code" in sections \
        else np.full(len(ids), None)
    students = sections["students"].to_numpy(dtype=float)
    out: list[SectionResult] = []
    for i in range(len(ids)):
        sid, stage, p = ids[i], str(stages[i]), students[i]
        split = splits.get((sid, stage))
        res: dict[str, IndicatorResult] = {}
        for j, ind in enumerate(inds):
            t = thr[i, j] if has[i, j] else None
            rule = f"{standard.name} {ind.key} {ind.name}" + (f"：{stage} ≥ {num(t)} {ind.unit}" if t is not None else "")
            per_txt = f" × {num(ind.per)}" if ind.per != 1 else ""
            formula = f"{num(nums[i, j])} ÷ {num(p)}{per_txt} = {num(values[i, j])} {ind.unit}"
            extra: tuple[str, ...] = ()
            if split is not None:
                extra = _split_lines(ind.numerator, nums[i, j], split)
            prov = Provenance(rule, ((ind.numerator_label, num(nums[i, j])), ("在校学生数", num(p))),
                              formula, float(values[i, j]), extra)
            res[ind.key] = IndicatorResult(ind.key, float(values[i, j]), t,
                                           bool(met[i, j]) if t is not None else None,
                                           bool(near[i, j]) if t is not None else None, prov)
        reason = _reason(met[i], near[i], has[i], values[i], np.where(has[i], thr[i], 1.0), keys, standard)
        town = towns[i]
        out.append(SectionResult(
            school_id=sid, school_name=str(names[i]), stage=stage, kind=str(kinds[i]), students=float(p),
            township_code=None if town is None or (isinstance(town, float) and np.isnan(town)) else str(town),
            indicators=res, numerators={ind.numerator: float(nums[i, j]) for j, ind in enumerate(inds)},
            met=int(met_count[i]), passes=bool(passes[i]), reason=reason,
            notes=tuple(notes.get((sid, stage), ())),
        ))
    return out


def _split_lines(column: str, value: float, split: tuple[float, dict[str, float]]) -> tuple[str, ...]:
    share, totals = split
    cols = ("gym_area", "sports_ground_area") if column == "sports_area" else (column,)
    lines = []
    for c in cols:
        total = totals.get(c)
        if total is None or np.isnan(total):
            continue
        lines.append(f"{label(c)} 含全校共享 {num(total)} × {share:.4%} = {num(total * share)}")
    return tuple(lines)
