"""Per-section indicators and the 6-of-7 + 85% rule (DESIGN §4.1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from junheng.balance.core import assess
from junheng.balance.core.indicators import reaches, rule_matrix
from junheng.standards import load_standard

pytestmark = pytest.mark.core
Q = load_standard("quality_2017")
THR = {"小学": [4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3], "初中": [5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4]}
NUMS = ["teachers_above_required", "backbone_teachers", "pe_arts_teachers", "teaching_room_area", "sports_area",
        "equipment_value", "multimedia_rooms"]
PER = [100, 100, 100, 1, 1, 1, 100]


def section(stage: str, students: int, factors: list[float]) -> dict:
    """A section whose indicator j is factors[j] × its threshold."""
    row = {"school_id": "X", "school_name": "X校", "stage": stage, "students": students}
    for col, t, per, f in zip(NUMS, THR[stage], PER, factors, strict=True):
        row[col] = f * t * students / per
    return row


def naive_rule(values, thresholds, min_met=6, ratio=0.85) -> bool:
    met = sum(v >= t for v, t in zip(values, thresholds, strict=True))
    rest_ok = all(v >= ratio * t for v, t in zip(values, thresholds, strict=True) if v < t)
    return met >= min_met and rest_ok


@pytest.mark.parametrize(("factors", "met", "passes"), [
    pytest.param([1] * 7, 7, True, id="all-at-threshold"),
    pytest.param([1, 1, 1, 1, 1, 1, 0.85], 6, True, id="one-at-exactly-85pc"),
    pytest.param([1, 1, 1, 1, 1, 1, 0.8499], 6, False, id="one-just-below-85pc"),
    pytest.param([1, 1, 1, 1, 1, 0.9, 0.9], 5, False, id="two-short"),
    pytest.param([2, 2, 2, 2, 2, 2, 0.0], 6, False, id="one-zero"),
], )
@pytest.mark.parametrize("stage", ["小学", "初中"])
def test_rule_cases(stage, factors, met, passes):
    a = assess(pd.DataFrame([section(stage, 500, factors)]), Q)
    s = a.sections()[0]
    assert (s.met, s.passes) == (met, passes)


@settings(max_examples=50, deadline=None)
@given(hs.sampled_from(["小学", "初中"]), hs.integers(0, 6), hs.integers(1, 3000))
def test_85pc_rule_at_its_exact_boundary(stage, j, students):
    """The remaining indicator at exactly 85% of its threshold passes; a hair below fails."""
    at = [1.0] * 7
    at[j] = 0.85
    below = list(at)
    below[j] = 0.85 * (1 - 1e-6)
    assert assess(pd.DataFrame([section(stage, students, at)]), Q).sections()[0].passes
    assert not assess(pd.DataFrame([section(stage, students, below)]), Q).sections()[0].passes


@settings(max_examples=50, deadline=None)
@given(hs.lists(hs.floats(0, 2), min_size=7, max_size=7))
def test_rule_matches_naive(factors):
    t = np.array([THR["小学"]])
    v = np.array(factors)[None, :] * t
    _met, _near, count, passes = rule_matrix(v, t, Q)
    assert bool(passes[0]) == naive_rule(v[0], t[0])
    assert int(count[0]) == sum(f >= 1 for f in factors)


def test_exact_threshold_with_float_dust_is_met():
    # 21 teachers / 500 pupils × 100 = 4.2 — must count as reaching 4.2 whatever the float rounding
    assert reaches(21 / 500 * 100, 4.2)
    assert reaches(0.042 * 100, 4.2)
    assert not reaches(4.2 - 1e-6, 4.2)


def test_provenance_reproduces_the_value():
    row = section("小学", 285, [1] * 7)
    row["teachers_above_required"] = 12
    a = assess(pd.DataFrame([row]), Q)
    r = a.sections()[0].indicators["L1"]
    assert r.value == pytest.approx(12 / 285 * 100)
    assert "12 ÷ 285 × 100 = 4.2105" in r.provenance.formula
    assert ("在校学生数", "285") in r.provenance.inputs
    assert "小学 ≥ 4.2" in r.provenance.rule
