"""Dropout rates and 巩固率, pooled by school, township and county — hand-computed figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from junheng.retention.core import (
    RetentionSettings,
    census_dropout_counts,
    dropout_rates,
    dropouts_from_balance,
    normalize_roster,
    retention_rates,
    run_census,
)
from tests.retention.county import CURRENT, PREVIOUS

pytestmark = pytest.mark.core

COUNTS = pd.DataFrame({"school_id": ["A", "B", "C"], "township_code": ["T1", "T1", "T2"],
                       "start_enrolment": [400, 100, 500], "dropouts": [2, 3, 1]})


@pytest.mark.parametrize(("level", "expected"), [
    pytest.param("school", {"A": 0.005, "B": 0.03, "C": 0.002}, id="school"),
    # pooled: T1 = 5 / 500, not the mean of 0.5% and 3% (1.75%)
    pytest.param("township", {"T1": 0.01, "T2": 0.002}, id="township-pooled"),
    pytest.param("county", {"全县": 0.006}, id="county-pooled"),
])
def test_dropout_rates(level, expected):
    table = dropout_rates(COUNTS, level)
    key = table.columns[0]
    assert dict(zip(table[key], table["dropout_rate"])) == pytest.approx(expected)


@pytest.mark.parametrize(("row", "expected"), [
    pytest.param({"start_enrolment": 400, "end_enrolment": 395, "transfers_in": 5, "transfers_out": 6, "deaths": 1}, 3,
                 id="balance"),
    pytest.param({"start_enrolment": 100, "end_enrolment": 110, "transfers_in": 0, "transfers_out": 0, "deaths": 0}, 0,
                 id="never-negative"),
])
def test_dropouts_from_balance(row, expected):
    assert dropouts_from_balance(pd.DataFrame([row])).tolist() == [expected]


COHORTS = pd.DataFrame({"school_id": ["A", "B"], "township_code": ["T1", "T1"], "intake": [200, 100],
                        "transfers_in": [10, 0], "transfers_out": [15, 0], "deaths": [2, 0],
                        "graduates": [185, 100]})


@pytest.mark.parametrize(("deduct", "level", "expected", "passes"), [
    pytest.param(False, "school", {"A": 185 / 195, "B": 1.0}, {"A": False, "B": True}, id="school-no-deaths"),
    pytest.param(True, "school", {"A": 185 / 193, "B": 1.0}, {"A": True, "B": True}, id="school-deduct-deaths"),
    pytest.param(False, "county", {"全县": 285 / 295}, {"全县": True}, id="county-no-deaths"),
    pytest.param(True, "township", {"T1": 285 / 293}, {"T1": True}, id="township-deduct-deaths"),
])
def test_junior_retention_rate(deduct, level, expected, passes):
    table = retention_rates(COHORTS, level, section="初中", settings=RetentionSettings(deduct_deaths=deduct))
    key = table.columns[0]
    assert dict(zip(table[key], table["retention_rate"])) == pytest.approx(expected)
    assert dict(zip(table[key], table["meets_threshold"])) == passes


def test_primary_retention_rate_has_no_threshold_and_empty_cohort_is_nan():
    cohorts = pd.concat([COHORTS, pd.DataFrame([{"school_id": "Z", "township_code": "T9", "intake": 0, "transfers_in": 0,
                                                     "transfers_out": 0, "deaths": 0, "graduates": 0}])])
    table = retention_rates(cohorts, "school", section="小学")
    assert "meets_threshold" not in table.columns
    assert math.isnan(table.set_index("school_id").loc["Z", "retention_rate"])
    with pytest.raises(ValueError, match="学段"):
        retention_rates(cohorts, section="高中")
    with pytest.raises(ValueError, match="汇总层级"):
        dropout_rates(COUNTS, "province")


def test_counts_from_the_county_census():
    result = run_census(normalize_roster(PREVIOUS).roster, normalize_roster(CURRENT).roster)
    schools = pd.DataFrame({"school_id": ["X1", "X2", "M1", "N1"], "township_code": ["T1", "T2", "T1", "T2"]})
    table = census_dropout_counts(result, schools).set_index("school_id")
    # on roll last term: X1 S01 S02 S04 S13 S18 S22(休学); X2 S03 S08 S19 S20; M1 S07 S09 S21; N1 S12 S14 S15
    assert table["start_enrolment"].to_dict() == {"M1": 3, "N1": 3, "X1": 6, "X2": 4}
    assert table["suspected_dropouts"].to_dict() == {"M1": 2, "N1": 0, "X1": 1, "X2": 1}
    assert table["recorded_dropouts"].to_dict() == {"M1": 0, "N1": 1, "X1": 0, "X2": 0}
    county = dropout_rates(table.reset_index(), "county")
    assert county.loc[0, "dropout_rate"] == pytest.approx(5 / 16)
