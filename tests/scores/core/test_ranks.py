"""Competition ranks, percentile ranks, Z and T against naive references."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from junheng.scores.core import ranks
from junheng.scores.core.ranks import competition_rank, percentile_rank, t_scores, value_codes, z_scores

pytestmark = pytest.mark.core


def naive_rank(values, groups=None):
    """1 + number of values in the same group strictly higher."""
    groups = [0] * len(values) if groups is None else list(groups)
    return [1 + sum(1 for w, h in zip(values, groups, strict=True) if h == g and w > v)
            for v, g in zip(values, groups, strict=True)]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([90, 80, 90, 70], [1, 3, 1, 4], id="tie-at-top"),
        pytest.param([50, 50, 50], [1, 1, 1], id="all-equal"),
        pytest.param([1.5, 2.0, 2.0, 0.5, 2.0], [4, 1, 1, 5, 1], id="three-way-tie"),
        pytest.param([7.0], [1], id="single"),
        pytest.param([0.1 + 0.2, 0.3, 0.25], [1, 1, 3], id="floating-point-noise-is-a-tie"),
    ],
)
def test_competition_rank_by_hand(values, expected):
    assert competition_rank(np.array(values, dtype=float)).tolist() == expected


scores = st.lists(st.integers(0, 40).map(lambda v: v / 2), min_size=1, max_size=60)


@given(scores, st.data())
def test_grouped_rank_matches_naive(values, data):
    groups = data.draw(st.lists(st.integers(0, 3), min_size=len(values), max_size=len(values)))
    x = np.array(values)
    assert competition_rank(x, np.array(groups)).tolist() == naive_rank(values, groups)


# scores closer than 1e-7 are one score by design (floating-point noise); keep generated values apart from that
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 4)), min_size=1, max_size=40), st.data())
def test_arbitrary_floats_use_the_unique_path(values, data):
    groups = data.draw(st.lists(st.integers(0, 2), min_size=len(values), max_size=len(values)))
    assert competition_rank(np.array(values), np.array(groups)).tolist() == naive_rank(values, groups)


def test_sorting_path_agrees_with_counting(monkeypatch):
    rng = np.random.default_rng(1)
    x = np.round(rng.normal(60, 15, 3000) * 2) / 2
    g = rng.integers(0, 50, 3000)
    counted = competition_rank(x, g)
    monkeypatch.setattr(ranks, "_MAX_CELLS", 1)
    assert np.array_equal(competition_rank(x, g), counted)
    assert counted.tolist()[:200] == naive_rank(x.tolist(), g.tolist())[:200]


def test_value_codes_grid_and_general_paths_agree():
    for x in (np.array([3.5, 1.0, 3.5, 2.25, 0.0]), np.array([1 / 3, 2.0, 1 / 3, -np.pi])):
        code, n = value_codes(x)
        assert ((code[:, None] < code[None, :]) == (x[:, None] > x[None, :])).all()
        assert ((code[:, None] == code[None, :]) == (x[:, None] == x[None, :])).all()
        assert code.min() >= 0 and code.max() < n


def test_nan_is_refused():
    with pytest.raises(ValueError):
        competition_rank(np.array([1.0, np.nan]))


@pytest.mark.parametrize(
    ("rank", "n", "expected"),
    [
        pytest.param(1, 100, 99.5, id="best-of-100"),
        pytest.param(100, 100, 0.5, id="worst-of-100"),
        pytest.param(1, 1, 50.0, id="alone"),
        pytest.param(2, 4, 62.5, id="second-of-4"),
    ],
)
def test_percentile_rank_formula(rank, n, expected):
    assert percentile_rank(np.array([rank]), n)[0] == pytest.approx(expected)


def test_z_and_t():
    z = z_scores(np.array([70.0, 80.0, 90.0]), 80.0, 10.0)
    assert z.tolist() == [-1.0, 0.0, 1.0]
    assert t_scores(z).tolist() == [40.0, 50.0, 60.0]
    assert z_scores(np.array([5.0, 5.0]), 5.0, 0.0).tolist() == [0.0, 0.0]
