"""Typed results of an assessment: everything the pages, the report and the JSON contract need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from junheng.standards import Standard

if TYPE_CHECKING:
    from junheng.balance.core.sections import SectionTable


@dataclass(frozen=True)
class Provenance:
    """How a number was obtained: the rule, the inputs, the arithmetic written out, the result."""

    rule: str
    inputs: tuple[tuple[str, float | str], ...]
    formula: str
    result: float | None
    notes: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.rule, *(f"{k}：{v}" for k, v in self.inputs), self.formula, *self.notes]
        return "\n".join(lines)


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    value: float
    threshold: float | None
    met: bool | None  # reaches the threshold (None: no threshold)
    near_met: bool | None  # reaches near_miss_ratio × threshold
    provenance: Provenance

    @property
    def ratio(self) -> float | None:
        """Value as a share of the threshold."""
        return None if not self.threshold else self.value / self.threshold


@dataclass(frozen=True)
class SectionResult:
    school_id: str
    school_name: str
    stage: str
    kind: str
    students: float
    township_code: str | None
    indicators: dict[str, IndicatorResult]
    numerators: dict[str, float]
    met: int
    passes: bool
    reason: str
    notes: tuple[str, ...] = ()

    @property
    def values(self) -> dict[str, float]:
        return {k: r.value for k, r in self.indicators.items()}


@dataclass(frozen=True)
class Contribution:
    """One section's part in a stage CV."""

    school_id: str
    school_name: str
    students: float
    value: float
    weight: float  # Pᵢ / P
    term: float  # (Pᵢ/P)(Xᵢ − X̄)²
    share: float  # term / Σ terms
    cv_without: float  # the CV if this section were left out


@dataclass(frozen=True)
class CVResult:
    stage: str
    key: str
    value: float
    limit: float | None
    passes: bool | None
    mean: float
    sd: float
    total_students: float
    provenance: Provenance
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class CompositeCV:
    stage: str
    value: float
    limit: float | None
    passes: bool | None
    provenance: Provenance


@dataclass(frozen=True)
class StageResult:
    stage: str
    sections: tuple[SectionResult, ...]
    cvs: dict[str, CVResult]
    composite: CompositeCV | None
    sections_pass: bool
    cvs_pass: bool

    @property
    def passes(self) -> bool:
        return self.sections_pass and self.cvs_pass


@dataclass(frozen=True)
class ItemFailure:
    """Where a computed item fails (a school, a section, or the county)."""

    school_id: str | None
    school_name: str | None
    stage: str | None
    text: str


@dataclass(frozen=True)
class ItemResult:
    """An item of 政府保障程度 / 教育质量 / 社会认可度: computed, from county inputs, or judged."""

    key: str
    name: str
    dimension: str
    kind: str  # computed | input | judgement
    passes: bool | None  # None = 待定 (data or judgement missing)
    value: float | None
    detail: str
    failures: tuple[ItemFailure, ...] = ()
    evidence: tuple[str, ...] = ()
    provenance: Provenance | None = None


@dataclass(frozen=True)
class DimensionResult:
    key: str
    name: str
    passes: bool | None
    items: tuple[ItemResult, ...]
    summary: str


@dataclass(frozen=True)
class Assessment:
    """The whole county assessment against one standard."""

    standard: Standard
    stages: dict[str, StageResult]
    dimensions: dict[str, DimensionResult]
    resource_passes: bool
    passes: bool | None  # all four dimensions pass (None: some item undecided)
    excluded: tuple[tuple[str, str], ...] = ()
    table: SectionTable | None = field(default=None, repr=False, compare=False)

    def sections(self) -> list[SectionResult]:
        return [s for st in self.stages.values() for s in st.sections]

    def section(self, school_id: str, stage: str) -> SectionResult:
        for s in self.stages[stage].sections:
            if s.school_id == school_id:
                return s
        raise KeyError((school_id, stage))

    def values_frame(self) -> pd.DataFrame:
        """Long table: one row per section × indicator (the heat map)."""
        rows = [
            (s.school_id, s.school_name, s.stage, r.key, r.value, r.threshold, r.met, r.near_met, s.passes)
            for s in self.sections()
            for r in s.indicators.values()
        ]
        return pd.DataFrame(rows, columns=["school_id", "school_name", "stage", "key", "value", "threshold",
                                           "met", "near_met", "section_pass"])
