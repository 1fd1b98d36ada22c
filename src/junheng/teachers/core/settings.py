"""教师队伍 settings: every rule a province sets differently, with its default (``rules.yaml``) and help text.

>>> TeacherSettings().required_hours == 360, TeacherSettings(required_hours=240).required_hours
(True, 240.0)
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

RULES_FILE = Path(__file__).with_name("rules.yaml")


@cache
def rules() -> dict:
    """The rule file as a dict (thresholds, ratios, weekly periods)."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _r(*path: str):
    def get():
        value = rules()
        for p in path:
            value = value[p]
        return value if not isinstance(value, dict) else dict(value)
    return get


class TeacherSettings(BaseModel):
    """The county's teacher-workforce rules. Defaults come from ``core/rules.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # training (优质均衡 政府保障程度 第8项)
    required_hours: float = Field(default_factory=_r("training", "required_hours"), gt=0,
                                  description="每个培训周期应完成的学时（多数省份 360，部分省份仍为 240）")
    cycle_years: int = Field(default_factory=_r("training", "cycle_years"), ge=1, description="培训周期年数（五年一周期）")
    cycle_start: int = Field(default_factory=_r("training", "cycle_start"), ge=1990, le=2100,
                             description="某一培训周期的起始年份（如 2021 表示 2021—2025 年为一个周期），其余周期依次推算")
    prorate_new_teachers: bool = Field(True, description="周期中途入职的教师按剩余年数折算应修学时（如入职当年起剩 2 年则 144 学时）")
    # exchange (第10项)
    exchange_rate_min: float = Field(default_factory=_r("exchange", "rate_min"), ge=0, le=1,
                                     description="交流轮岗教师占符合交流条件教师的最低比例")
    backbone_share_min: float = Field(default_factory=_r("exchange", "backbone_share_min"), ge=0, le=1,
                                      description="交流轮岗教师中骨干教师的最低比例")
    exchange_min_years: int = Field(6, ge=0, description="在同一学校连续任教满多少年符合交流条件")
    retirement_exclusion_years: int = Field(5, ge=0, description="距法定退休年龄不足多少年的教师不列入交流条件")
    retirement_age_male: int = Field(60, ge=40, le=70, description="男教师法定退休年龄")
    retirement_age_female: int = Field(55, ge=40, le=70, description="女教师法定退休年龄")
    exchange_kinds: tuple[str, ...] = Field(("交流轮岗", "支教", "走教", "县管校聘竞聘", "调动"),
                                            description="计入交流轮岗人数的任职类型（跟岗学习一般不计入）")
    non_counting_kinds: tuple[str, ...] = Field(("走教", "跟岗"),
                                                description="不改变教师统计所在学校的任职类型（仍计入原学校）")
    public_only: bool = Field(True, description="交流条件只统计公办学校教师")
    backbone_kinds: tuple[str, ...] = Field(("骨干教师", "学科带头人", "名师"),
                                            description="计为骨干教师的认定类别")
    backbone_levels: tuple[str, ...] = Field(("县级", "市级", "省级", "国家级"),
                                             description="计为骨干教师的认定级别（县级及以上）")
    year_start: str = Field("08-01", pattern=r"^\d{2}-\d{2}$",
                            description="学年起始日（月-日）：YYYY 学年为 YYYY 年该日至次年该日前一天，交流按起始日期归入学年")
    reference_day: str = Field("09-30", pattern=r"^\d{2}-\d{2}$",
                               description="统计时点（月-日）：YYYY 学年的在岗教师按 YYYY 年该日的任职计")
    # certificates (第11项)
    certificate_rate_min: float = Field(default_factory=_r("certificates", "rate_min"), ge=0, le=1,
                                        description="教师资格证持证上岗率达标线")
    # staffing (中央编办发〔2014〕72号)
    student_ratio: dict[str, float] = Field(default_factory=_r("staffing", "student_ratio"),
                                            description="编制标准生师比（学生数 : 1 名教职工），按学段")
    small_school_students: int = Field(default_factory=_r("staffing", "small_school_students"), ge=0,
                                       description="在校生少于该人数的学校（村小、教学点）按班师比与生师比中较大者核定")
    class_ratio: dict[str, float] = Field(default_factory=_r("staffing", "class_ratio"),
                                          description="小规模学校班师比（每班教师数），按学段")
    weekly_load: dict[str, float] = Field(default_factory=_r("staffing", "weekly_load"),
                                          description="专任教师标准周课时量，按学段")
    weekly_periods: dict[str, dict[str, float]] = Field(default_factory=_r("staffing", "weekly_periods"),
                                                        description="每班每周课时（体育、音乐、美术、心理、信息科技），按学段")

    def year_window(self, year: int) -> tuple[dt.date, dt.date]:
        """[first day, last day] of school year ``year``.

        >>> TeacherSettings().year_window(2024)
        (datetime.date(2024, 8, 1), datetime.date(2025, 7, 31))
        """
        m, d = (int(x) for x in self.year_start.split("-"))
        start = dt.date(year, m, d)
        return start, dt.date(year + 1, m, d) - dt.timedelta(days=1)

    def reference_date(self, year: int) -> dt.date:
        m, d = (int(x) for x in self.reference_day.split("-"))
        return dt.date(year, m, d)

    def cycle_of(self, year: int) -> tuple[int, int]:
        """First and last calendar year of the training cycle holding ``year``.

        >>> TeacherSettings().cycle_of(2024), TeacherSettings().cycle_of(2026), TeacherSettings().cycle_of(2020)
        ((2021, 2025), (2026, 2030), (2016, 2020))
        """
        k = (year - self.cycle_start) // self.cycle_years
        first = self.cycle_start + k * self.cycle_years
        return first, first + self.cycle_years - 1
