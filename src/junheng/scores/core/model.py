"""Exam, cut-offs and settings of exam analytics (DESIGN §4.3).

All figures that a county may change are fields with the DESIGN defaults:
优秀 ≥ 85 %, 及格 ≥ 60 %, 低分 < 40 % of full marks, 10-point score bands, and the weights of the 综合指数.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

TOTAL = "总分"
"""Name of the total score, used as a pseudo-subject in every result table."""


class ScoresInputError(ValueError):
    """Input that cannot be analysed; the message is Chinese and names what is wrong."""


@dataclass(frozen=True)
class Exam:
    """An exam: name, subjects with their full marks (in display order), optional date and grade.

    >>> Exam("期中", {"语文": 120, "数学": 120}).total_full_marks
    240.0
    """

    name: str
    subjects: Mapping[str, float]
    date: str | None = None
    grade: int | None = None
    exam_id: str | None = None

    def __post_init__(self) -> None:
        if not self.subjects:
            raise ScoresInputError("考试至少要有一个科目")
        for subject, marks in self.subjects.items():
            if not subject or subject == TOTAL:
                raise ScoresInputError(f"科目名“{subject}”不可用")
            if not marks or float(marks) <= 0:
                raise ScoresInputError(f"科目“{subject}”的满分必须大于 0（现为 {marks}）")
        object.__setattr__(self, "subjects", {s: float(m) for s, m in self.subjects.items()})

    @property
    def subject_names(self) -> list[str]:
        return list(self.subjects)

    @property
    def total_full_marks(self) -> float:
        return float(sum(self.subjects.values()))

    def full_marks(self, subject: str) -> float:
        """Full marks of a subject, or of the total for ``TOTAL``."""
        return self.total_full_marks if subject == TOTAL else self.subjects[subject]


@dataclass(frozen=True)
class Cutoffs:
    """一分三率 cut-offs as fractions of full marks (inclusive ≥ for 优秀/及格, strict < for 低分)."""

    excellent: float = 0.85
    passing: float = 0.60
    low: float = 0.40

    def __post_init__(self) -> None:
        for name, value in (("优秀", self.excellent), ("及格", self.passing), ("低分", self.low)):
            if not 0 < value <= 1:
                raise ScoresInputError(f"{name}线须在 0 与 1 之间（满分的比例），现为 {value}")
        if not self.low <= self.passing <= self.excellent:
            raise ScoresInputError("须满足 低分线 ≤ 及格线 ≤ 优秀线")

    def lines(self, full_marks: float) -> tuple[float, float, float]:
        """Score lines (excellent, pass, low) for a full mark, rounded to 1e-6 so that 0.6 × 110 is 66 exactly."""
        return (
            round(self.excellent * full_marks, 6),
            round(self.passing * full_marks, 6),
            round(self.low * full_marks, 6),
        )


@dataclass(frozen=True)
class IndexWeights:
    """Weights of the 综合指数 = 100 × (w_mean·得分率 + w_excellent·优秀率 + w_pass·及格率 + w_low·(1 − 低分率)).

    得分率 is mean / full marks, so each part lies in [0, 1] and the index in [0, 100] when the weights sum to 1.
    """

    mean: float = 0.4
    excellent: float = 0.2
    passing: float = 0.3
    low: float = 0.1

    def __post_init__(self) -> None:
        if min(self.mean, self.excellent, self.passing, self.low) < 0:
            raise ScoresInputError("综合指数的权重不能为负")
        if self.mean + self.excellent + self.passing + self.low <= 0:
            raise ScoresInputError("综合指数的权重之和必须大于 0")


@dataclass(frozen=True)
class AnalysisConfig:
    """Per-exam settings: cut-offs, band width (points), 综合指数 weights."""

    cutoffs: Cutoffs = field(default_factory=Cutoffs)
    band_width: float = 10.0
    index_weights: IndexWeights = field(default_factory=IndexWeights)

    def __post_init__(self) -> None:
        if not self.band_width > 0:
            raise ScoresInputError(f"分数段宽度必须大于 0，现为 {self.band_width}")
