"""招生入学 settings: the county's admission rules, each with its default and help text (docs/admissions.md §6)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AdmissionSettings(BaseModel):
    """Rules of one admission year. Defaults follow common county practice (入学年龄 6 周岁, 截止 8 月 31 日)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(2025, ge=2000, le=2100, description="招生年度（秋季入学的年份）")
    entry_age: int = Field(6, ge=5, le=8, description="小学一年级入学年龄（周岁）")
    cutoff: str = Field("08-31", description="年龄计算截止日（月-日），在该日前（含当日）年满入学年龄")
    over_age: int = Field(8, ge=6, le=12, description="截止日已满此周岁视为超龄，需核实缓学原因（不影响资格）")
    permit_months: int = Field(12, ge=0, le=120, description="随迁子女：居住证须连续持有的最少月数")
    insurance_months: int = Field(12, ge=0, le=120, description="随迁子女：父母在本县缴纳社保的最少月数")
    class_limit_primary: int = Field(45, ge=20, le=70, description="小学班额上限（人），用于 名额 = 计划班数 × 班额")
    class_limit_junior: int = Field(50, ge=20, le=70, description="初中班额上限（人）")
    large_class: int = Field(55, ge=30, le=80, description="大班额：班额超过此人数")
    huge_class: int = Field(65, ge=30, le=90, description="超大班额：班额超过此人数")

    @field_validator("cutoff")
    @classmethod
    def _cutoff(cls, value: str) -> str:
        try:
            dt.date(2000, int(value[:2]), int(value[3:5]))
        except (ValueError, IndexError) as exc:
            raise ValueError(f"截止日「{value}」应为 月-日，如 08-31") from exc
        if len(value) != 5 or value[2] != "-":
            raise ValueError(f"截止日「{value}」应为 月-日，如 08-31")
        return value

    def cutoff_date(self) -> dt.date:
        return dt.date(self.year, int(self.cutoff[:2]), int(self.cutoff[3:5]))

    def class_limit(self, section: str) -> int:
        return self.class_limit_primary if section == "小学" else self.class_limit_junior


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years (周岁) on ``day``; a child born on 29 February turns a year older on 1 March in other years.

    >>> age_on(dt.date(2019, 8, 31), dt.date(2025, 8, 31)), age_on(dt.date(2019, 9, 1), dt.date(2025, 8, 31))
    (6, 5)
    """
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years
