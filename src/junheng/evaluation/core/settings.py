"""督导评价 settings: how several raters' scores are combined, how a missing figure affects the total, and
what the rubric check treats as rewarding 升学率 or raw rank. Every field has a default and Chinese help."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EvaluationSettings(BaseModel):
    """The county's evaluation rules (docs/evaluation.md lists them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rater_aggregation: Literal["mean", "trimmed"] = Field(
        "mean", description="多名督学评分的合成方式：mean 取平均；trimmed 去掉一个最高分和一个最低分后取平均")
    trimmed_min_raters: int = Field(
        3, ge=3, description="trimmed 方式至少需要几名评分人；评分人少于此数时取平均")
    min_coverage: float = Field(
        0.0, ge=0.0, le=1.0,
        description="有数据指标的权重占比低于此值时总分照算、但不参加排名（0 表示一律排名）")
    raw_outcome_weight_limit: float = Field(
        20.0, ge=0.0, description="考试原始结果类指标（scores.* 中除增值外）合计权重超过此值时，方案检查给出警告")
    tie_tolerance: float = Field(1e-6, gt=0, description="总分相差不超过此值视为并列（竞争排名 1、2、2、4）")
