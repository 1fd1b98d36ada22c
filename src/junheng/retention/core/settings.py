"""控辍保学 settings (DESIGN §4.4): every rule that a county or province may set differently, with its default.

Day counts are working days on the county's term calendar (weekends, public holidays and 调休 make-up days),
see ``junheng.retention.core.workdays``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_WEIGHTS: dict[str, float] = {
    "absence": 3.0,
    "exam_drop": 2.0,
    "over_age": 2.0,
    "repeated_grade": 2.0,
    "left_behind": 1.0,
    "migrant": 1.0,
    "disability": 1.0,
    "low_income": 1.0,
    # published by the student health module when it is installed and its own settings allow (health.api)
    "poor_fitness": 1.0,
    "health_concern": 1.0,
}


class RetentionSettings(BaseModel):
    """The county's 控辍保学 rules. Every field has a default (the national practice) and help text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # census and reporting (DESIGN §4.4)
    census_days: int = Field(10, ge=0, description="开学后多少个工作日内完成学籍比对（清查）")
    report_days: int = Field(3, ge=0, description="发现疑似辍学后多少个工作日内上报教育局和乡镇")
    # case steps
    verify_days: int = Field(5, ge=0, description="疑似辍学个案在多少个工作日内核实完毕（核查中）")
    persuasion_start_days: int = Field(3, ge=0, description="确认辍学后多少个工作日内开始劝返")
    contact_interval_days: int = Field(10, ge=1, description="劝返中两次联系（家访、电话、书面）之间最多间隔的工作日")
    failed_contacts_before_notice: int = Field(
        3, ge=1, description="劝返失败多少次后由乡镇政府发出书面复学通知书")
    notice_days: int = Field(5, ge=0, description="劝返多次失败后多少个工作日内发出复学通知书")
    notice_return_days: int = Field(15, ge=1, description="复学通知书规定的返校期限（工作日）")
    # population reconciliation
    compulsory_min_age: int = Field(6, ge=0, description="义务教育适龄起始年龄（周岁，含）")
    compulsory_max_age: int = Field(15, ge=0, description="义务教育适龄截止年龄（周岁，含）")
    age_reference_month_day: str = Field(
        "08-31", pattern=r"^\d{2}-\d{2}$", description="计算周岁的基准日（月-日），如 08-31 表示当年8月31日")
    # rates
    deduct_deaths: bool = Field(False, description="计算巩固率时是否从分母中扣除死亡学生（部分省份的口径）")
    junior_retention_threshold: float = Field(0.95, ge=0, le=1, description="初中三年巩固率达标线（优质均衡）")
    zero_report_due_day: int = Field(5, ge=1, le=28, description="月度零报告应在次月几日前报送")
    # early warning
    warning_weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="辍学风险因素的权重（缺勤、成绩下滑、超龄、留级、留守、随迁、残疾、低保，及学生健康模块提供的"
                    "体质测试不及格、心理健康重点关注；设为 0 即不计）")
    warning_threshold: float = Field(3.0, ge=0, description="风险分达到多少列入预警名单")
    absence_days_threshold: int = Field(10, ge=1, description="统计期内缺勤达到多少天计为缺勤因素")
    exam_drop_threshold: float = Field(20.0, gt=0, description="成绩百分位下降达到多少计为成绩下滑因素")
    over_age_years: int = Field(2, ge=1, description="比年级标准年龄大多少岁计为超龄")
    follow_up_days: int = Field(5, ge=1, description="列入预警后多少个工作日内应有真实的家访或电话记录")
    min_note_chars: int = Field(8, ge=0, description="一条联系记录的说明至少多少个字才算真实记录")
    boilerplate_students: int = Field(
        3, ge=2, description="同一段说明原样出现在多少名及以上学生的记录中即视为套话，不计为真实联系")
    # calendar
    holidays: tuple[str, ...] = Field(
        (), description="非工作日（法定节假日），YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD 区间")
    makeup_workdays: tuple[str, ...] = Field((), description="调休上班的周末日期，YYYY-MM-DD")

    @model_validator(mode="after")
    def _consistent(self) -> RetentionSettings:
        if self.compulsory_min_age > self.compulsory_max_age:
            raise ValueError("义务教育适龄起始年龄不能大于截止年龄")
        unknown = sorted(set(self.warning_weights) - set(DEFAULT_WEIGHTS))
        if unknown:
            raise ValueError(f"未知的预警因素：{'、'.join(unknown)}（可用：{'、'.join(DEFAULT_WEIGHTS)}）")
        if any(w < 0 for w in self.warning_weights.values()):
            raise ValueError("预警因素的权重不能为负")
        month, day = (int(x) for x in self.age_reference_month_day.split("-"))
        dt.date(2024, month, day)  # raises for 02-30 and the like
        return self

    def age_reference(self, year: int) -> dt.date:
        """The reference date for ages in ``year`` (e.g. 31 August)."""
        month, day = (int(x) for x in self.age_reference_month_day.split("-"))
        return dt.date(year, month, day)
