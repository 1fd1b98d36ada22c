"""Student-weighted CV (DESIGN §4.1) against the public worked example and a naive reference."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from junheng.balance.core.cv import cv_without_each, raise_floor_to_limit, weighted_cv

pytestmark = pytest.mark.core

STUDENTS = [45, 37, 89, 76, 55]
BOOKS = [279, 137, 935, 160, 402]


def naive_cv(values, students) -> float:
    """Exact rational arithmetic, straight from the formula."""
    p = [Fraction(s) for s in students]
    x = [Fraction(v) for v in values]
    total = sum(p)
    mean = sum(pi * xi for pi, xi in zip(p, x, strict=True)) / total
    var = sum(pi / total * (xi - mean) ** 2 for pi, xi in zip(p, x, strict=True))
    return math.sqrt(var) / float(mean)


def test_public_worked_example():
    x = [Fraction(b, s) for b, s in zip(BOOKS, STUDENTS, strict=True)]
    r = weighted_cv([float(v) for v in x], STUDENTS)
    assert round(r.mean, 3) == 6.334
    assert round(r.sd, 3) == 3.264
    assert round(r.cv, 3) == 0.515
    assert round(r.cv, 2) == 0.52  # as published
    # the plain population and sample CVs of the school values are different answers
    xs = np.array([float(v) for v in x])
    assert round(xs.std() / xs.mean(), 3) == 0.489
    assert round(xs.std(ddof=1) / xs.mean(), 3) == 0.546
    assert abs(r.cv - 0.489) > 0.02 and abs(r.cv - 0.546) > 0.02


def test_mean_is_the_pooled_county_ratio():
    r = weighted_cv([b / s for b, s in zip(BOOKS, STUDENTS, strict=True)], STUDENTS)
    assert r.mean == pytest.approx(sum(BOOKS) / sum(STUDENTS), rel=1e-12)


values = hs.lists(hs.floats(0.01, 1000, allow_nan=False), min_size=2, max_size=12)


@settings(max_examples=50, deadline=None)
@given(hs.data())
def test_matches_naive_reference(data):
    x = data.draw(values)
    p = data.draw(hs.lists(hs.integers(1, 3000), min_size=len(x), max_size=len(x)))
    assert weighted_cv(x, p).cv == pytest.approx(naive_cv(x, p), rel=1e-9, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(hs.data(), hs.floats(0.001, 1000))
def test_scale_invariant(data, k):
    x = data.draw(values)
    p = data.draw(hs.lists(hs.integers(1, 3000), min_size=len(x), max_size=len(x)))
    assert weighted_cv(np.array(x) * k, p).cv == pytest.approx(weighted_cv(x, p).cv, rel=1e-9, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(hs.floats(0.001, 1e6), hs.lists(hs.integers(1, 3000), min_size=1, max_size=15))
def test_zero_when_all_equal(v, p):
    assert weighted_cv([v] * len(p), p).cv == 0.0


@settings(max_examples=50, deadline=None)
@given(hs.data())
def test_weight_grows_with_students(data):
    x = data.draw(values)
    p = data.draw(hs.lists(hs.integers(1, 3000), min_size=len(x), max_size=len(x)))
    i = data.draw(hs.integers(0, len(x) - 1))
    more = list(p)
    more[i] += data.draw(hs.integers(1, 5000))
    a, b = weighted_cv(x, p), weighted_cv(x, more)
    assert b.weights[i] > a.weights[i]
    # the county value moves towards that section's value
    assert abs(b.mean - x[i]) <= abs(a.mean - x[i]) + 1e-9


def test_shares_and_leave_one_out_match_recomputation():
    x = np.array([b / s for b, s in zip(BOOKS, STUDENTS, strict=True)])
    p = np.array(STUDENTS, dtype=float)
    r = weighted_cv(x, p)
    assert r.shares.sum() == pytest.approx(1.0)
    loo = cv_without_each(x, p)
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        assert loo[i] == pytest.approx(naive_cv(x[keep], p[keep]), rel=1e-9)


@pytest.mark.parametrize("limit", [0.3, 0.45, 0.5], ids=["0.30", "0.45", "0.50"])
def test_raise_floor_reaches_the_limit(limit):
    x = np.array([b / s for b, s in zip(BOOKS, STUDENTS, strict=True)])
    p = np.array(STUDENTS, dtype=float)
    f = raise_floor_to_limit(x, p, limit)
    assert f is not None
    assert weighted_cv(np.maximum(x, f), p).cv == pytest.approx(limit, abs=1e-9)
    assert weighted_cv(np.maximum(x, f * 0.99), p).cv > limit


def test_raise_floor_none_when_passing():
    assert raise_floor_to_limit(np.array([1.0, 1.1]), np.array([10, 10]), 0.5) is None


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        weighted_cv([1.0, 2.0], [10, 0])
    with pytest.raises(ValueError):
        weighted_cv([], [])
