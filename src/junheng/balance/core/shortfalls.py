"""短板清单: what closes each gap, in absolute terms, and which sections pull each failing CV over its limit.

A shortfall is ``threshold × students ÷ per − current``, rounded up to whole teachers and rooms, whole ㎡ and
0.1 万元 of equipment (the standard file sets unit and step), e.g. "需增加本科及以上学历专任教师 3 人".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from junheng.balance.core.cv import raise_floor_to_limit, weighted_cv
from junheng.balance.core.fmt import num, pct
from junheng.balance.core.results import Assessment, Contribution, CVResult
from junheng.standards import ResourceIndicator


def round_up(x: float, step: float = 1.0, ref: float = 1.0) -> float:
    """Round up to a multiple of ``step``, ignoring floating-point dust relative to ``ref`` (the magnitude the
    gap was computed from): 4.2 × 500 ÷ 100 − 21 → 0, not 1."""
    tol = 1e-9 * max(1.0, abs(ref))
    if x <= tol:
        return 0.0
    k = math.ceil((x - tol) / step)
    return round(k * step, 10)


def display_amount(ind: ResourceIndicator, gap_numerator: float, ref: float = 1.0) -> float:
    """A numerator gap in the shortfall unit (人, ㎡, 万元, 间), rounded up."""
    step = 1.0 if ind.integer else ind.shortfall_step
    return round_up(gap_numerator * ind.shortfall_scale, step, ref * ind.shortfall_scale)


def shortfall_text(ind: ResourceIndicator, stage: str, amount: float) -> str:
    item = ind.shortfall_item.get(stage, ind.short_name)
    return f"需增加{item} {num(amount, 2)} {ind.shortfall_unit}"


@dataclass(frozen=True)
class Shortfall:
    school_id: str
    school_name: str
    stage: str
    key: str
    indicator: str
    value: float
    threshold: float
    students: float
    current: float  # numerator now
    required: float  # numerator that reaches the threshold
    amount: float  # rounded up, in ``unit``
    unit: str
    amount_to_near: float  # to reach near_miss_ratio × threshold
    blocking: bool  # the section fails its rule
    text: str


def shortfalls(assessment: Assessment) -> list[Shortfall]:
    """Every section × indicator below its threshold, with the absolute amount that closes the gap."""
    st = assessment.standard
    ratio = st.section_rule.near_miss_ratio
    out: list[Shortfall] = []
    for sec in assessment.sections():
        for ind in st.indicators:
            r = sec.indicators[ind.key]
            if r.met is not False or r.threshold is None:
                continue
            cur = sec.numerators[ind.numerator]
            required = r.threshold * sec.students / ind.per
            amount = display_amount(ind, required - cur, required)
            near = display_amount(ind, ratio * required - cur, required)
            out.append(Shortfall(sec.school_id, sec.school_name, sec.stage, ind.key, ind.name, r.value,
                                 r.threshold, sec.students, cur, required, amount, ind.shortfall_unit, near,
                                 not sec.passes, shortfall_text(ind, sec.stage, amount)))
    return out


@dataclass(frozen=True)
class RaiseStep:
    school_id: str
    school_name: str
    value: float
    target: float
    amount: float  # shortfall units, rounded up
    text: str


@dataclass(frozen=True)
class CVDriver:
    """Why a stage CV fails: each section's part in the weighted variance, and what raising the lowest does."""

    stage: str
    key: str
    indicator: str
    cv: float
    limit: float
    mean: float
    contributions: tuple[Contribution, ...]  # largest share of the variance first
    floor: float | None  # raise every section below this value up to it …
    raised: tuple[RaiseStep, ...]
    cv_after: float | None  # … and the CV becomes this (with the rounded amounts)
    text: str


def _driver(assessment: Assessment, cv: CVResult, limit: float) -> CVDriver:
    st = assessment.standard
    ind = st.indicator(cv.key)
    secs = assessment.stages[cv.stage].sections
    x = np.array([s.indicators[cv.key].value for s in secs])
    p = np.array([s.students for s in secs])
    contribs = tuple(sorted(cv.contributions, key=lambda c: -c.share))
    floor = raise_floor_to_limit(x, p, limit)
    steps: list[RaiseStep] = []
    cv_after = None
    if floor is not None:
        new_x = x.copy()
        for i in np.flatnonzero(x < floor):
            amount = display_amount(ind, (floor - x[i]) * p[i] / ind.per, floor * p[i] / ind.per)
            new_x[i] = x[i] + amount / ind.shortfall_scale * ind.per / p[i]
            steps.append(RaiseStep(secs[i].school_id, secs[i].school_name, float(x[i]), float(floor), amount,
                                   shortfall_text(ind, cv.stage, amount)))
        cv_after = weighted_cv(new_x, p).cv
    top = "、".join(f"{c.school_name}（{num(c.value, 2)}，占 {pct(c.share, 1)}）" for c in contribs[:3])
    text = (f"{cv.stage}{ind.short_name}差异系数 {cv.value:.3f} > {num(limit)}；加权方差主要来自 {top}")
    if floor is not None:
        total = sum(s.amount for s in steps)
        text += (f"；将低于 {num(floor, 2)} {ind.unit} 的 {len(steps)} 个学部提高到该值（共需增加 {num(total, 2)} "
                 f"{ind.shortfall_unit}），差异系数降至 {cv_after:.3f}")
    return CVDriver(cv.stage, cv.key, ind.name, cv.value, limit, cv.mean, contribs, floor, tuple(steps),
                    cv_after, text)


def cv_drivers(assessment: Assessment) -> list[CVDriver]:
    """For each failing CV (or, under a composite limit, each CV above it when the composite fails)."""
    out: list[CVDriver] = []
    for stage in assessment.stages.values():
        comp = stage.composite
        for cv in stage.cvs.values():
            if cv.passes is False and cv.limit is not None:
                out.append(_driver(assessment, cv, cv.limit))
            elif comp is not None and comp.passes is False and comp.limit is not None and cv.value > comp.limit:
                out.append(_driver(assessment, cv, comp.limit))
    return out
