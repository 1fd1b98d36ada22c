"""Per-stage CVs against their limits (quality_2017: each CV ≤ 0.50 小学 / 0.45 初中) and the composite CV
of basic_2012 (the mean of the eight CVs ≤ 0.65 小学 / 0.55 初中)."""

from __future__ import annotations

import numpy as np

from junheng.balance.core.cv import FORMULA, cv_without_each, weighted_cv
from junheng.balance.core.fmt import num
from junheng.balance.core.indicators import RTOL
from junheng.balance.core.results import (
    CompositeCV,
    Contribution,
    CVResult,
    Provenance,
    SectionResult,
    StageResult,
)
from junheng.standards import Standard


def _within(value: float, limit: float) -> bool:
    return value <= limit + RTOL * max(limit, 1.0)


def stage_cv(sections: list[SectionResult], key: str, stage: str, standard: Standard) -> CVResult:
    """The student-weighted CV of one indicator over a stage's sections, with each section's part."""
    ind = standard.indicator(key)
    x = np.array([s.indicators[key].value for s in sections])
    p = np.array([s.students for s in sections])
    stats = weighted_cv(x, p)
    loo = cv_without_each(x, p) if len(x) > 1 else np.array([np.nan])
    shares = stats.shares
    contribs = tuple(
        Contribution(s.school_id, s.school_name, s.students, float(x[i]), float(stats.weights[i]),
                     float(stats.terms[i]), float(shares[i]), float(loo[i]))
        for i, s in enumerate(sections)
    )
    limit = standard.cv_limit(stage)
    passes = None if limit is None else _within(stats.cv, limit)
    total_num = sum(s.numerators[ind.numerator] for s in sections)
    per = f" × {num(ind.per)}" if ind.per != 1 else ""
    prov = Provenance(
        rule=f"{standard.name} {key} {ind.name} 校际差异系数" + (f"：{stage} ≤ {num(limit)}" if limit is not None else ""),
        inputs=(("学部数", len(sections)), (f"全县{ind.numerator_label}", num(total_num)),
                ("全县在校学生数 P", num(stats.total_weight))),
        formula=(f"{FORMULA}；X̄ = {num(total_num)} ÷ {num(stats.total_weight)}{per} = {num(stats.mean)}；"
                 f"S = {num(stats.sd)}；CV = {num(stats.sd)} ÷ {num(stats.mean)} = {num(stats.cv)}"),
        result=stats.cv,
        notes=("以在校生数加权，不是各校数值的简单平均与标准差",),
    )
    return CVResult(stage, key, stats.cv, limit, passes, stats.mean, stats.sd, stats.total_weight, prov, contribs)


def composite(cvs: dict[str, CVResult], stage: str, standard: Standard) -> CompositeCV | None:
    """basic_2012: composite CV = mean of the indicator CVs."""
    limit = standard.composite_cv_limit(stage)
    if standard.composite_cv_limits is None:
        return None
    vals = [c.value for c in cvs.values()]
    value = float(np.mean(vals))
    prov = Provenance(
        rule=f"{standard.name} 综合差异系数" + (f"：{stage} ≤ {num(limit)}" if limit is not None else ""),
        inputs=tuple((f"{k} 差异系数", num(c.value)) for k, c in cvs.items()),
        formula=f"（{' + '.join(num(v) for v in vals)}）÷ {len(vals)} = {num(value)}",
        result=value,
    )
    return CompositeCV(stage, value, limit, None if limit is None else _within(value, limit), prov)


def stage_result(sections: list[SectionResult], stage: str, standard: Standard) -> StageResult:
    cvs = {k: stage_cv(sections, k, stage, standard) for k in standard.indicator_keys}
    comp = composite(cvs, stage, standard)
    cvs_pass = all(c.passes is not False for c in cvs.values())
    if comp is not None:
        cvs_pass = cvs_pass and comp.passes is not False
    return StageResult(stage, tuple(sections), cvs, comp, all(s.passes for s in sections), cvs_pass)
