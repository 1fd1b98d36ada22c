"""Retention settings: defaults of DESIGN §4.4, help text on every field, consistency checks."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from junheng.retention.core import RetentionSettings

pytestmark = pytest.mark.core


def test_defaults_are_the_design_rules():
    s = RetentionSettings()
    assert (s.census_days, s.report_days, s.compulsory_min_age, s.compulsory_max_age) == (10, 3, 6, 15)
    assert s.deduct_deaths is False and s.junior_retention_threshold == 0.95
    assert s.age_reference(2024) == dt.date(2024, 8, 31)


def test_every_setting_has_chinese_help():
    for name, field in RetentionSettings.model_fields.items():
        assert field.description and any("\u4e00" <= ch <= "\u9fff" for ch in field.description), name


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"compulsory_min_age": 16}, "起始年龄不能大于截止年龄", id="ages"),
    pytest.param({"warning_weights": {"grades": 1.0}}, "未知的预警因素：grades", id="unknown-factor"),
    pytest.param({"warning_weights": {"absence": -1.0}}, "权重不能为负", id="negative-weight"),
    pytest.param({"age_reference_month_day": "02-30"}, "day is out of range", id="impossible-day"),
    pytest.param({"census_days": -1}, "greater than or equal to 0", id="negative-days"),
    pytest.param({"census_dayz": 3}, "Extra inputs", id="typo"),
])
def test_invalid_settings(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        RetentionSettings(**kwargs)
