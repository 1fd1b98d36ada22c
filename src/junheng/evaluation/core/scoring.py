"""Scoring a round: each indicator 0–100 by its rule (or the raters' combined judgement), the weighted total,
and competition ranks within the school's category.

A missing figure (value None, or no rater) is shown as missing and never scored as 0. The total is re-weighted
over the indicators that are present:

    total = Σ_present weight_i × score_i / 100 × (Σ_all weight / Σ_present weight) × 100 / Σ_all weight
          = Σ_present weight_i × score_i / Σ_present weight_i

so a school is judged on the same 100-point scale by what is known of it, and ``coverage`` (Σ_present weight ÷
Σ_all weight) says how much is known. A school whose coverage is below ``min_coverage`` keeps its total but is not
ranked; a school with nothing present has no total.

>>> score_value(Linear(type="linear", zero=0.8, full=1.0), 0.9)
50.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from junheng.evaluation.core.rubric import Bands, Linear, RankPoints, Rubric
from junheng.evaluation.core.settings import EvaluationSettings


def score_value(rule: Linear | Bands, value: float) -> float:
    """Score 0–100 of one value by a linear or a band rule."""
    if isinstance(rule, Linear):
        t = (value - rule.zero) / (rule.full - rule.zero)
        return 100.0 * min(1.0, max(0.0, t))
    for band in rule.bands:
        if band.holds(value):
            return float(band.score)
    return float(rule.otherwise)


def competition_ranks(values: Mapping[str, float], higher_is_better: bool = True,
                      tolerance: float = 1e-9) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4): a unit's rank is 1 + the number of units strictly better than it;
    values within ``tolerance`` are tied.

    >>> competition_ranks({"a": 90, "b": 80, "c": 80, "d": 70})
    {'a': 1, 'b': 2, 'c': 2, 'd': 4}
    """
    sign = 1.0 if higher_is_better else -1.0
    out = {}
    for unit, v in values.items():
        out[unit] = 1 + sum(1 for w in values.values() if sign * (w - v) > tolerance)
    return out


def aggregate_raters(scores: Sequence[float], method: str = "mean", trimmed_min_raters: int = 3) -> float:
    """Several raters' scores of one item: the mean, or (``trimmed``) the mean after dropping one highest and one
    lowest score — only with at least ``trimmed_min_raters`` raters, else the mean.

    >>> aggregate_raters([6, 8, 9, 10], "trimmed")
    8.5
    """
    if not scores:
        raise ValueError("没有评分")
    values = sorted(float(s) for s in scores)
    if method == "trimmed" and len(values) >= trimmed_min_raters:
        values = values[1:-1]
    elif method not in ("mean", "trimmed"):
        raise ValueError(f"未知的评分合成方式：{method}")
    return sum(values) / len(values)


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str
    value: float | None           # the figure, or the raters' combined score on 0..max
    score: float | None           # 0–100; None = missing
    points: float | None          # weight × score / 100
    raters: int = 0
    note: str = ""

    @property
    def missing(self) -> bool:
        return self.score is None


@dataclass(frozen=True)
class SchoolResult:
    school: str
    category: str
    total: float | None
    rank: int | None
    coverage: float
    indicators: dict[str, IndicatorResult] = field(default_factory=dict)
    dimensions: dict[str, float | None] = field(default_factory=dict)   # dimension → score rate 0–100 (present)

    @property
    def missing(self) -> list[str]:
        return [i for i, r in self.indicators.items() if r.missing]


@dataclass(frozen=True)
class RoundResult:
    schools: dict[str, SchoolResult]
    category_sizes: dict[str, int]

    def as_contract(self) -> dict:
        """The CLI's JSON: ``{"schools": {code: {"total", "category", "rank", "indicators": {id: score}}}}``;
        a missing indicator is ``null``, never 0."""
        return {"schools": {code: {"total": r.total, "category": r.category, "rank": r.rank,
                                   "coverage": r.coverage, "missing": r.missing,
                                   "indicators": {i: x.score for i, x in r.indicators.items()}}
                            for code, r in sorted(self.schools.items())}}


def score_round(rubric: Rubric, categories: Mapping[str, str],
                figures: Mapping[tuple[str, str], float | None],
                judgements: Mapping[tuple[str, str], Sequence[float]],
                settings: EvaluationSettings | None = None) -> RoundResult:
    """Score every school of ``categories`` (school → category id).

    ``figures`` maps (school, indicator id) to the figure value (None or absent = missing); ``judgements`` maps
    (school, indicator id) to the raters' scores on the indicator's 0..max scale."""
    settings = settings or EvaluationSettings()
    per_school: dict[str, dict[str, IndicatorResult]] = {s: {} for s in categories}
    for ind in rubric.indicators:
        if ind.kind == "judgement":
            for s in categories:
                raw = [float(x) for x in judgements.get((s, ind.id), ())]
                bad = [x for x in raw if not (0 <= x <= ind.max) or math.isnan(x)]
                if bad:
                    raise ValueError(f"学校 {s} 指标 {ind.id} 的评分 {bad[0]:g} 超出 0–{ind.max:g}")
                if not raw:
                    per_school[s][ind.id] = IndicatorResult(ind.id, None, None, None, 0, "未评分")
                    continue
                v = aggregate_raters(raw, settings.rater_aggregation, settings.trimmed_min_raters)
                sc = 100.0 * v / ind.max
                per_school[s][ind.id] = IndicatorResult(ind.id, v, sc, ind.weight * sc / 100, len(raw))
            continue
        values = {s: figures.get((s, ind.id)) for s in categories}
        present = {s: float(v) for s, v in values.items() if v is not None and not math.isnan(float(v))}
        if isinstance(ind.rule, RankPoints):
            scores: dict[str, float] = {}
            for cat in set(categories.values()):
                group = {s: v for s, v in present.items() if categories[s] == cat}
                for s, r in competition_ranks(group, ind.rule.higher_is_better, settings.tie_tolerance).items():
                    pts = ind.rule.points
                    scores[s] = float(pts[r - 1]) if r <= len(pts) else float(ind.rule.otherwise)
        else:
            scores = {s: score_value(ind.rule, v) for s, v in present.items()}
        for s in categories:
            if s in present:
                per_school[s][ind.id] = IndicatorResult(ind.id, present[s], scores[s], ind.weight * scores[s] / 100)
            else:
                per_school[s][ind.id] = IndicatorResult(ind.id, None, None, None, 0, "缺数据")
    totals: dict[str, tuple[float | None, float]] = {}
    dims: dict[str, dict[str, float | None]] = {}
    all_weight = rubric.total_weight
    for s, results in per_school.items():
        present_w = sum(rubric.indicator(i).weight for i, r in results.items() if not r.missing)
        got = sum(r.points for r in results.values() if not r.missing)
        totals[s] = ((100.0 * got / present_w) if present_w > 0 else None, present_w / all_weight)
        dims[s] = {}
        for d in rubric.dimensions:
            inds = [i for i in rubric.indicators if i.dimension == d.id and not results[i.id].missing]
            w = sum(i.weight for i in inds)
            dims[s][d.id] = (sum(results[i.id].points for i in inds) * 100 / w) if w else None
    ranks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for cat in set(categories.values()):
        group = {s: t for s, (t, cov) in totals.items()
                 if categories[s] == cat and t is not None and cov >= settings.min_coverage}
        sizes[cat] = len(group)
        ranks.update(competition_ranks(group, True, settings.tie_tolerance))
    schools = {s: SchoolResult(s, categories[s], totals[s][0], ranks.get(s), totals[s][1], per_school[s], dims[s])
               for s in categories}
    return RoundResult(schools, sizes)


def by_category(result: RoundResult) -> dict[str, list[SchoolResult]]:
    """Schools of each category, best first (unranked last)."""
    out: dict[str, list[SchoolResult]] = {}
    for r in result.schools.values():
        out.setdefault(r.category, []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.school))
    return out


def figures_from_rows(rubric: Rubric, rows: Iterable[tuple[str, str, float | None]]
                      ) -> dict[tuple[str, str], float | None]:
    """(school, indicator id or figure key, value) rows → {(school, indicator id): value}. A row may name the
    indicator by its id or by its source key (then every indicator with that source gets the value)."""
    by_key: dict[str, list[str]] = {}
    for ind in rubric.indicators:
        if ind.source:
            by_key.setdefault(ind.source, []).append(ind.id)
    ids = {i.id for i in rubric.indicators}
    out: dict[tuple[str, str], float | None] = {}
    for school, name, value in rows:
        if name in ids:
            out[(school, name)] = value
        elif name in by_key:
            for i in by_key[name]:
                out[(school, i)] = value
        else:
            raise ValueError(f"「{name}」既不是方案中的指标编号，也不是方案使用的数据键")
    return out


def combine_sections(how: str, values: dict[str, float | None]) -> tuple[float | None, str]:
    """A school's value from its sections' values (section → value), and the arithmetic in words.

    >>> combine_sections("min", {"小学": 7.0, "初中": 5.0})
    (5.0, '按学部取较低者：小学 7、初中 5 → 5')
    """
    present = {k: v for k, v in values.items() if v is not None}
    if how == "none" or not present:
        return None, ""
    if len(present) < len(values) and how in ("sum", "mean", "min", "max"):
        return None, f"学部数据不全（缺：{'、'.join(k for k, v in values.items() if v is None)}）"
    nums = list(present.values())
    value = {"min": min, "max": max, "sum": sum, "mean": lambda x: sum(x) / len(x)}[how](nums)
    word = {"min": "取较低者", "max": "取较高者", "sum": "相加", "mean": "取平均"}[how]
    parts = "、".join(f"{k} {v:g}" for k, v in present.items())
    return float(value), f"按学部{word}：{parts} → {value:g}"

