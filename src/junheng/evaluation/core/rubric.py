"""The rubric (考核方案) as data: school categories with the rules that derive a school's category from the
registry's kind and location class, dimensions, and indicators with weights. Each indicator is either a
``figure`` (a published figure such as ``scores.pass_rate``, scored by a rule) or a ``judgement`` (an inspector's
score with evidence).

Scale: every indicator is scored 0–100 (得分率 × 100); its weight is its share of the 100-point total.

>>> r = load_rubric(DEFAULT_RUBRIC)
>>> round(sum(i.weight for i in r.indicators), 6)
100.0
>>> r.category_of(SchoolInfo("1", "县实验小学", "小学", "城区"))
'urban'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DATA = Path(__file__).parent / "data"
DEFAULT_RUBRIC = DATA / "default_rubric.yaml"
KEY_PREFIXES = ("scores.", "retention.", "ledger.", "balance.", "teachers.", "health.", "evaluation.")
TERM_PREFIXES = ("scores.", "retention.", "ledger.")   # term figures; the others are school-year figures


class RubricError(ValueError):
    """A rubric that cannot be used; the message is Chinese and names the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Linear(_Strict):
    """Linear between two values: 0 points at ``zero``, 100 at ``full``, clipped; ``zero`` > ``full`` for a
    figure where lower is better (e.g. 辍学率)."""

    type: Literal["linear"]
    zero: float
    full: float

    @model_validator(mode="after")
    def _distinct(self):
        if self.zero == self.full:
            raise ValueError("linear 规则的 zero 与 full 不能相等")
        return self


class Band(_Strict):
    """One band: the value satisfies ``min`` ≤ value (if given) and value ≤ ``max`` (if given)."""

    min: float | None = None
    max: float | None = None
    score: float = Field(ge=0, le=100)

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Bands(_Strict):
    """Bands in the listed order; the first that holds gives the score; none holds → ``otherwise``."""

    type: Literal["bands"]
    bands: tuple[Band, ...] = Field(min_length=1)
    otherwise: float = Field(0.0, ge=0, le=100)


class RankPoints(_Strict):
    """Rank points within the school's category: rank 1 gets ``points[0]`` … (competition ranking, ties share the
    better rank); ranks past the list get ``otherwise``. ``higher_is_better`` False ranks the lowest value first."""

    type: Literal["rank"]
    points: tuple[float, ...] = Field(min_length=1)
    otherwise: float = Field(0.0, ge=0, le=100)
    higher_is_better: bool = True


Rule = Annotated[Linear | Bands | RankPoints, Field(discriminator="type")]


class Indicator(_Strict):
    id: str
    name: str
    dimension: str
    weight: float = Field(gt=0)
    kind: Literal["figure", "judgement"]
    source: str | None = None        # a published figure key (figure indicators)
    rule: Rule | None = None
    max: float = Field(100.0, gt=0)  # judgement: raters score 0..max
    evidence: str = ""               # judgement: what evidence the inspector looks at
    note: str = ""
    # a figure published per school section ("<code>|小学", "<code>|初中") becomes the school's by: none (not
    # used), min (the weaker section decides), max, sum (counts), mean
    sections: Literal["none", "min", "max", "sum", "mean"] = "none"

    @model_validator(mode="after")
    def _shape(self):
        if self.kind == "figure":
            if not self.source or self.rule is None:
                raise ValueError(f"指标 {self.id} 是数据指标，必须有 source 和 rule")
            if not self.source.startswith(KEY_PREFIXES):
                raise ValueError(f"指标 {self.id} 的数据来源「{self.source}」不是已发布的数据键")
        elif self.source or self.rule is not None:
            raise ValueError(f"指标 {self.id} 是督学评分指标，不能有 source 或 rule")
        return self

    @property
    def period_kind(self) -> str:
        """``term`` or ``year``: which period the source figure is published for."""
        return "term" if (self.source or "").startswith(TERM_PREFIXES) else "year"


class When(_Strict):
    """A category rule: every given condition must hold."""

    kind: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    central: bool | None = None           # the school is a 中心校 (named by a 教学点, or 中心 in its name)
    name_contains: tuple[str, ...] = ()

    def holds(self, school: SchoolInfo) -> bool:
        return ((not self.kind or school.kind in self.kind)
                and (not self.location or school.location in self.location)
                and (self.central is None or school.central == self.central)
                and (not self.name_contains or any(w in school.name for w in self.name_contains)))


class Category(_Strict):
    id: str
    name: str
    when: tuple[When, ...] = ()           # any rule holds → this category (rules tried in category order)


class Dimension(_Strict):
    id: str
    name: str


class Rubric(_Strict):
    name: str
    basis: str = ""
    categories: tuple[Category, ...] = Field(min_length=1)
    fallback: str                          # category of a school no rule matches
    schools: dict[str, str] = Field(default_factory=dict)   # 学校标识码 → category id (overrides rules)
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self):
        cats = {c.id for c in self.categories}
        dims = {d.id for d in self.dimensions}
        for what, ids in (("类别", [c.id for c in self.categories]), ("维度", [d.id for d in self.dimensions]),
                          ("指标", [i.id for i in self.indicators])):
            dup = sorted({x for x in ids if ids.count(x) > 1})
            if dup:
                raise ValueError(f"{what}编号重复：{'、'.join(dup)}")
        if self.fallback not in cats:
            raise ValueError(f"fallback 类别「{self.fallback}」未定义")
        for code, cat in self.schools.items():
            if cat not in cats:
                raise ValueError(f"学校 {code} 指定的类别「{cat}」未定义")
        for ind in self.indicators:
            if ind.dimension not in dims:
                raise ValueError(f"指标 {ind.id} 的维度「{ind.dimension}」未定义")
        return self

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)

    def category_name(self, category_id: str) -> str:
        return next((c.name for c in self.categories if c.id == category_id), category_id)

    def category_of(self, school: SchoolInfo) -> str:
        """The school's category: the rubric's explicit list first, then the first category whose rule holds."""
        if school.code in self.schools:
            return self.schools[school.code]
        for cat in self.categories:
            if any(w.holds(school) for w in cat.when):
                return cat.id
        return self.fallback

    def figure_keys(self) -> set[str]:
        return {i.source for i in self.indicators if i.source}


@dataclass(frozen=True)
class SchoolInfo:
    """What the category rules read of a school (from the registry)."""

    code: str
    name: str
    kind: str
    location: str
    central: bool = False


def parse_rubric(data: dict, where: str = "考核方案") -> Rubric:
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"{loc}：{err['msg'].removeprefix('Value error, ')}")
        raise RubricError(f"{where}有误：" + "；".join(lines)) from exc


def load_rubric(path: Path | str) -> Rubric:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RubricError(f"找不到考核方案文件：{path}") from exc
    except yaml.YAMLError as exc:
        raise RubricError(f"考核方案 {path.name} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise RubricError(f"考核方案 {path.name} 应为一个映射（name、categories、dimensions、indicators …）")
    return parse_rubric(data, f"考核方案 {path.name} ")


def rubric_to_dict(rubric: Rubric) -> dict:
    return rubric.model_dump(mode="json", exclude_defaults=False)


# ---- the check (2020 深化新时代教育评价改革总体方案: no ranking of schools by 升学率) -------------------------

_PROMOTION = re.compile(r"升学率|升学|重点高中|录取率|中考成绩|考入|名校")
RAW_OUTCOME = ("scores.mean_index", "scores.excellent_rate", "scores.pass_rate", "scores.low_rate")


@dataclass(frozen=True)
class RubricWarning:
    level: str      # 错误 / 警告
    indicator: str  # indicator id or "" for the whole rubric
    message: str


def check_rubric(rubric: Rubric, raw_outcome_weight_limit: float = 20.0) -> list[RubricWarning]:
    """Warnings for a rubric that rewards 升学率 or raw rank, and for weights that do not sum to 100.

    The 2020 总体方案 forbids ranking schools by 升学率 and asks for value-added and all-round evaluation; the
    2021 指南 evaluates schools on five areas. These are warnings shown with the rubric, not refusals: the bureau
    decides."""
    out: list[RubricWarning] = []
    if abs(rubric.total_weight - 100) > 1e-9:
        out.append(RubricWarning("警告", "", f"指标权重合计为 {rubric.total_weight:g}，不是 100；总分按 100 分折算"))
    for ind in rubric.indicators:
        text = f"{ind.name}{ind.note}{ind.source or ''}"
        if _PROMOTION.search(text) or "promotion" in (ind.source or "") or "admission" in (ind.source or ""):
            out.append(RubricWarning("错误", ind.id, f"指标「{ind.name}」奖励升学率：《深化新时代教育评价改革总体方案》"
                                               "（2020）明确不得以升学率对学校排名、考核"))
        if isinstance(ind.rule, RankPoints):
            out.append(RubricWarning("警告", ind.id, f"指标「{ind.name}」按名次赋分：名次分放大微小差距，"
                                               "建议改为区间（bands）或线性（linear）赋分"))
    raw = sum(i.weight for i in rubric.indicators if i.source in RAW_OUTCOME)
    if raw > raw_outcome_weight_limit:
        out.append(RubricWarning("警告", "", f"考试原始结果类指标（平均分、优秀率、及格率、低分率）合计权重 {raw:g}，"
                                       f"超过 {raw_outcome_weight_limit:g}；建议以增值评价（scores.value_added）为主"))
    used = {i.dimension for i in rubric.indicators}
    for dim in rubric.dimensions:
        if dim.id not in used:
            out.append(RubricWarning("警告", "", f"维度「{dim.name}」没有任何指标"))
    return out
