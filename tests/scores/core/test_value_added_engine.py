"""Value-added with its sufficient statistics computed by an analytics engine gives the in-memory figures.

PostgreSQL and Spark run the same comparison in tests/conformance/.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from junheng.analytics import engines
from junheng.scores.core.mixed import _sufficient
from junheng.scores.core.value_added import engine_sufficient, value_added
from tests.scores.core.test_value_added import simulate

pytestmark = pytest.mark.core

FIGURES = ["n", "effect", "se", "ci_low", "ci_high", "shrinkage"]


def numpy_sufficient(y, priors, school, groups):
    """The statistics as fit_random_intercepts computes them in memory."""
    x = np.column_stack([np.ones(len(y)), priors])
    constant = np.all(x == x[:1], axis=0)
    shift = np.where(constant, 0.0, x.mean(axis=0))
    return _sufficient(y - y.mean(), x - shift, school, groups), shift, float(y.mean())


def assert_same_statistics(backend, y, priors, school, groups):
    st, shift, y_mean = engine_sufficient(backend, y, priors, school, groups)
    ref, ref_shift, ref_mean = numpy_sufficient(y, priors, school, groups)
    scale = np.abs(ref.ztz).max()
    np.testing.assert_allclose(st.ztz, ref.ztz, rtol=1e-9, atol=1e-9 * scale)
    np.testing.assert_allclose(st.class_sums, ref.class_sums, rtol=1e-9, atol=1e-9 * np.abs(ref.class_sums).max())
    assert st.class_n.tolist() == ref.class_n.tolist() and st.class_school.tolist() == ref.class_school.tolist()
    np.testing.assert_allclose(shift, ref_shift, rtol=1e-12)
    assert y_mean == pytest.approx(ref_mean, rel=1e-12)


def linked_arrays(seed: int):
    cur, pri, _ = simulate(seed, n_schools=12, per_school=(25, 60), class_sd=2.0)
    school = pd.factorize(cur["school"], sort=True)[0]
    groups = pd.factorize(cur["school"] + "\x1f" + cur["class"], sort=True)[0]
    return cur, pri, cur["数学"].to_numpy(float), pri[["数学"]].to_numpy(float), school, groups


def test_engine_sufficient_statistics_match_to_1e9():
    _, _, y, priors, school, groups = linked_arrays(3)
    backend = engines.connect("duckdb")
    assert_same_statistics(backend, y, priors, school, groups)
    assert_same_statistics(backend, y, np.column_stack([priors, np.full(len(y), 5.0)]), school, school)


@pytest.mark.parametrize("class_effects", [False, True])
def test_engine_statistics_give_the_same_fit(class_effects):
    cur, pri, *_ = linked_arrays(3)
    backend = engines.connect("duckdb")
    fast = value_added(cur, [pri], "数学", class_effects=class_effects)
    portable = value_added(cur, [pri], "数学", class_effects=class_effects, backend=backend, stats_method="engine")
    for a, b in [(fast.schools, portable.schools), (fast.classes, portable.classes)]:
        if a is None:
            assert b is None
            continue
        # the likelihood's maximum is located to about √ε: figures agree to 1e-6, ranks exactly
        np.testing.assert_allclose(b[FIGURES].to_numpy(float), a[FIGURES].to_numpy(float), rtol=1e-5, atol=1e-6)
        assert b["rank"].tolist() == a["rank"].tolist() and b["status"].tolist() == a["status"].tolist()
    np.testing.assert_allclose(portable.fixed["estimate"], fast.fixed["estimate"], rtol=1e-6)


def test_auto_keeps_numpy_for_duckdb(monkeypatch):
    cur, pri, _ = simulate(4, n_schools=5)
    module = sys.modules["junheng.scores.core.value_added"]
    monkeypatch.setattr(module, "fit_sufficient_in_engine",
                        lambda *a, **k: pytest.fail("DuckDB in memory should use the numpy statistics"))
    value_added(cur, [pri], "数学", backend=engines.connect("duckdb"))
