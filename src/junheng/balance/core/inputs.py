"""County-level inputs (figures that come from elsewhere: surveys, finance, retention) and the checklist of
judged items (a judgement with its evidence)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from junheng.standards import Standard


@dataclass(frozen=True)
class CountyInputs:
    """Figures the county supplies; any may be None (the item is then 待定). Rates are shares (0.95 = 95%)."""

    teacher_pay_ratio: float | None = None
    nearby_enrolment_primary: float | None = None
    nearby_enrolment_junior: float | None = None
    quota_allocation_rate: float | None = None
    migrant_public_rate: float | None = None
    retention_rate_junior: float | None = None
    junior_graduates: float | None = None
    junior_intake: float | None = None
    junior_transfers_in: float | None = None
    junior_transfers_out: float | None = None
    junior_deaths: float | None = None
    disabled_enrolment_rate: float | None = None
    monitoring_level: float | None = None
    monitoring_difference_rate: float | None = None
    survey_satisfaction: float | None = None
    government_work_score: float | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, object] | None) -> CountyInputs:
        """From a dict (e.g. parsed JSON); unknown keys are an error."""
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"未知的县级填报项：{'、'.join(unknown)}")
        return cls(**{k: None if v is None else float(v) for k, v in data.items()})  # type: ignore[arg-type]


COUNTY_INPUT_LABELS: dict[str, str] = {
    "teacher_pay_ratio": "教师平均工资收入 ÷ 当地公务员平均工资收入",
    "nearby_enrolment_primary": "城区和镇区公办小学就近划片入学比例",
    "nearby_enrolment_junior": "城区和镇区公办初中就近划片入学比例",
    "quota_allocation_rate": "优质高中招生名额分配比例",
    "migrant_public_rate": "随迁子女在公办学校和政府购买服务的民办学校就读比例",
    "retention_rate_junior": "初中三年巩固率",
    "junior_graduates": "本届初中毕业生数",
    "junior_intake": "三年前初一入学人数",
    "junior_transfers_in": "三年间转入人数",
    "junior_transfers_out": "三年间转出人数",
    "junior_deaths": "三年间死亡人数",
    "disabled_enrolment_rate": "残疾儿童少年入学率",
    "monitoring_level": "国家义务教育质量监测学业水平（最低等级，Ⅲ级记为 3）",
    "monitoring_difference_rate": "国家义务教育质量监测校际差异率",
    "survey_satisfaction": "社会认可度（满意度）调查结果",
    "government_work_score": "县级人民政府推进义务教育均衡发展工作评估得分",
}


@dataclass(frozen=True)
class Judgement:
    """An inspector's judgement of a qualitative item, with its evidence (file names or links)."""

    judgement: bool | None = None
    evidence: tuple[str, ...] = ()
    note: str = ""
    by: str = ""
    date: str = ""


Checklist = dict[str, Judgement]


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    dimension: str
    name: str
    judgement: Judgement


def checklist_entries(standard: Standard, checklist: Checklist | None = None) -> list[ChecklistEntry]:
    """The judged items of a standard (no computation), with the judgements given so far."""
    checklist = checklist or {}
    return [
        ChecklistEntry(it.key, d.key, it.name, checklist.get(it.key, Judgement()))
        for d in standard.dimensions
        for it in d.items
        if it.compute is None
    ]
