"""学生健康 settings: every threshold a county may set differently, with its default and Chinese help."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_PSYCH_CUTOFFS: dict[str, dict[str, float]] = {
    # scale → {"watch": 关注 from this total, "high": 高风险 from this total}
    "MHT": {"watch": 56, "high": 65},          # 心理健康诊断测验（总焦虑倾向）
    "PHQ-9": {"watch": 10, "high": 15},        # 患者健康问卷（抑郁）
    "GAD-7": {"watch": 10, "high": 15},        # 广泛性焦虑量表
    "SCL-90": {"watch": 160, "high": 200},     # 症状自评量表（总分）
}


class HealthSettings(BaseModel):
    """The county's 学生健康 rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    poor_vision_below: float = Field(5.0, ge=3.0, le=5.3,
                                     description="裸眼视力（5分记录）低于此值为视力不良（任一眼）")
    myopia_se_at_most: float = Field(-0.5, le=0,
                                     description="筛查性近视：裸眼视力不良且等效球镜度数不高于此值（D，任一眼）")
    vision_target_decline_pp: float = Field(
        0.5, ge=0, description="视力不良率（近视率）每年应下降的百分点（国家目标：每年下降 0.5 个百分点以上）")
    psych_cutoffs: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_PSYCH_CUTOFFS.items()},
        description="心理测评量表的风险界值：量表 → {watch: 关注起点, high: 高风险起点}（总分，含）")
    psych_first_contact_days: int = Field(3, ge=0, description="高风险结果出现后多少个工作日内完成首次约谈")
    psych_referral_days: int = Field(10, ge=0, description="高风险个案多少个工作日内完成专业评估或转介")
    psych_contact_interval_days: int = Field(10, ge=1, description="跟进中两次回访之间最多间隔的工作日")
    risk_fitness_fail: bool = Field(True, description="体质测试不及格是否作为辍学风险预警因素发布")
    risk_psych_high: bool = Field(True, description="心理测评高风险是否作为辍学风险预警因素发布")
    risk_fitness_below: float = Field(60.0, ge=0, le=120, description="学年总分低于此值计为体质风险因素")
