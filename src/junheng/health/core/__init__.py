"""学生健康 core: pure computation (pandas/numpy/pydantic/yaml only).

The standard's tables are ``core/data/fitness_2014.yaml``; readers are in ``junheng.health.readers``, storage in
``junheng.health.store``, pages in ``junheng.health.web``, the CLI in ``junheng.health.cli``.
"""

from junheng.health.core.aggregate import below_pass, county_rates, item_means, rates, rating_counts, trend
from junheng.health.core.measure import PLAUSIBLE, ValueProblem, format_seconds, parse_seconds, parse_sex
from junheng.health.core.psych import PsychCase, PsychCaseError, case_steps, coverage, risk_levels
from junheng.health.core.registers import aid_totals, enrolment_rate, visit_summary
from junheng.health.core.risk import risk_flags
from junheng.health.core.scoring import bmi_tenths, graduation_score, score_results
from junheng.health.core.settings import HealthSettings
from junheng.health.core.standard import FitnessStandard, StandardError, load_standard
from junheng.health.core.vision import against_last_year, classify, newly_poor, vision_rates

__all__ = [
    "PLAUSIBLE",
    "FitnessStandard",
    "HealthSettings",
    "PsychCase",
    "PsychCaseError",
    "StandardError",
    "ValueProblem",
    "against_last_year",
    "aid_totals",
    "below_pass",
    "bmi_tenths",
    "case_steps",
    "classify",
    "county_rates",
    "coverage",
    "enrolment_rate",
    "format_seconds",
    "graduation_score",
    "item_means",
    "load_standard",
    "newly_poor",
    "parse_seconds",
    "parse_sex",
    "rates",
    "rating_counts",
    "risk_flags",
    "risk_levels",
    "score_results",
    "trend",
    "vision_rates",
    "visit_summary",
]
