"""Typed model of a balance standard file (``standards/*.yaml``).

A standard is data: indicators with thresholds per stage, the per-section rule, the coefficient-of-variation
limits, the section-building settings (cost weights, 教学点 rule) and the items of the other dimensions (computed
from data, taken from county inputs, or judged by an inspector). A province adds its stricter rules as one more
YAML file; nothing in the code names a figure of the standard.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

STAGES: tuple[str, ...] = ("小学", "初中")
"""The compulsory stages assessed (高中 only appears as a share of shared resources)."""

EDUCATION_ORDER: tuple[str, ...] = ("高中阶段以下", "高中阶段", "专科", "本科", "研究生")
"""Teacher education levels from lowest to highest (DATA.md teachers.education)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResourceIndicator(_Frozen):
    """One per-section indicator: ``value = numerator / students × per``."""

    key: str = Field(description="stable key, e.g. L1 (quality_2017, DESIGN table order) or B1 (basic_2012)")
    name: str = Field(description="全称，如 每百名学生拥有高于规定学历教师数")
    short_name: str = Field(description="简称，用于表头")
    numerator: str = Field(description="section column holding the resource total")
    numerator_label: str = Field(description="中文名称 of the numerator, used in provenance")
    per: float = Field(1.0, description="100 for 'per 100 students', 1 for 'per student'")
    unit: str = Field(description="unit of the value, e.g. 人/百生, ㎡/生, 元/生, 间/百生")
    numerator_unit: str = Field(description="unit of the numerator: 人, ㎡, 元, 间, 台, 册")
    thresholds: dict[str, float] | None = Field(None, description="minimum value per stage; None = no threshold")
    integer: bool = Field(False, description="the resource comes in whole units (teachers, rooms)")
    shortfall_item: dict[str, str] = Field(
        default_factory=dict, description="what to add, per stage (短板清单 wording), e.g. 本科及以上学历专任教师"
    )
    shortfall_unit: str = Field("", description="unit shown in the shortfall list (人, ㎡, 万元, 间)")
    shortfall_scale: float = Field(1.0, description="numerator units → shortfall units (元 → 万元: 0.0001)")
    shortfall_step: float = Field(1.0, description="shortfalls are rounded up to this step (in shortfall units)")

    def threshold(self, stage: str) -> float | None:
        return None if self.thresholds is None else self.thresholds.get(stage)


class SectionRule(_Frozen):
    """每所学校至少 min_met 项指标达到要求，余项不低于要求的 near_miss_ratio。"""

    min_met: int = Field(description="indicators that must reach their threshold (quality_2017: 6 of 7)")
    near_miss_ratio: float = Field(description="the others must reach this share of the threshold (0.85)")


class TeachingPoints(_Frozen):
    """How 教学点 enter the section figures (DESIGN §4.1)."""

    mode: Literal["merge", "exclude_below", "standalone"] = Field(
        "merge",
        description="merge: added into the central school's 小学 section; exclude_below: left out when below "
        "min_students, otherwise counted on their own; standalone: counted on their own",
    )
    min_students: int = Field(50, description="size limit for exclude_below (Hebei: 50 pupils)")


class SectionSettings(_Frozen):
    """Building sections from school_year_data: who counts and how shared resources are split."""

    cost_weights: dict[str, float] = Field(description="split weights of 全校 rows: 小学 : 初中 : 高中")
    shared_columns: tuple[str, ...] = Field(description="columns of a 全校 row split by weighted enrolment")
    counted_sections: dict[str, tuple[str, ...]] = Field(description="school kind → stages it contributes")
    excluded_kinds: tuple[str, ...] = Field(description="school kinds left out of the resource indicators")
    teaching_points: TeachingPoints = Field(default_factory=TeachingPoints)
    required_education: dict[str, str] = Field(description="规定学历 per stage; 'above' = this level or higher")
    backbone_levels: tuple[str, ...] = Field(description="backbone levels that count (县级以上)")
    pe_arts_subjects: tuple[str, ...] = Field(description="subjects of PE and arts teachers")
    mid_titles: tuple[str, ...] = Field(description="titles counted as mid-level or higher (中级及以上)")
    training_hours_required: int = Field(360, description="5-year training hours for completion")


class Item(_Frozen):
    """An item of a non-resource dimension: computed from data, read from county inputs, or judged."""

    key: str
    name: str = Field(description="条目原文（简写）")
    compute: str | None = Field(None, description="registered computation name; None = judgement with evidence")
    params: dict[str, object] = Field(default_factory=dict, description="figures of the rule (thresholds)")


class Dimension(_Frozen):
    key: Literal["resources", "government", "quality", "social"]
    name: str
    items: tuple[Item, ...] = ()


class Standard(_Frozen):
    """A whole standard file."""

    name: str = Field(description="registry name = file name without .yaml")
    title: str
    issuer: str = ""
    kind: Literal["quality_balanced", "basic_balanced"]
    stages: tuple[str, ...] = STAGES
    sections: SectionSettings
    indicators: tuple[ResourceIndicator, ...]
    section_rule: SectionRule
    cv_limits: dict[str, float] | None = Field(None, description="per-indicator CV limit per stage")
    composite_cv_limits: dict[str, float] | None = Field(None, description="limit of the mean CV per stage")
    dimensions: tuple[Dimension, ...]

    @model_validator(mode="after")
    def _check(self) -> Standard:
        keys = [i.key for i in self.indicators]
        if len(set(keys)) != len(keys):
            raise ValueError(f"指标键重复：{keys}")
        if self.section_rule.min_met > len(keys):
            raise ValueError("section_rule.min_met 大于指标个数")
        if self.cv_limits is None and self.composite_cv_limits is None:
            raise ValueError("cv_limits 与 composite_cv_limits 至少设定一个")
        for edu in self.sections.required_education.values():
            if edu not in EDUCATION_ORDER:
                raise ValueError(f"未知学历层次：{edu}")
        item_keys = [it.key for d in self.dimensions for it in d.items]
        if len(set(item_keys)) != len(item_keys):
            raise ValueError(f"条目键重复：{item_keys}")
        return self

    def indicator(self, key: str) -> ResourceIndicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(key)

    @property
    def indicator_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.indicators)

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def cv_limit(self, stage: str) -> float | None:
        return None if self.cv_limits is None else self.cv_limits.get(stage)

    def composite_cv_limit(self, stage: str) -> float | None:
        return None if self.composite_cv_limits is None else self.composite_cv_limits.get(stage)
