"""Student growth percentiles: the smoothed quantile regression against statsmodels QuantReg, and SGP properties."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.regression.quantile_regression import QuantReg

from junheng.scores.core import ScoresInputError, fit_growth, growth_percentiles
from junheng.scores.core.growth import SplineBasis, smoothed_quantile_regression

pytestmark = pytest.mark.core


def data(n: int, seed: int):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(70, 15, n) * 2) / 2
    y = 10 + 0.8 * x + rng.normal(0, 8, n) * (1 + (x - 70) / 80)  # spread grows with the prior
    return x, y


@pytest.mark.parametrize("tau", [pytest.param(t, id=f"tau-{t}") for t in (0.1, 0.25, 0.5, 0.75, 0.9)])
def test_matches_quantreg(tau):
    x, y = data(3000, 1)
    basis = SplineBasis.fit(x[:, None])
    design = basis(x[:, None])
    ours = smoothed_quantile_regression(design, y, np.array([tau]))[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = QuantReg(y, design).fit(q=tau, max_iter=5000).params
    grid = basis(np.quantile(x, [0.1, 0.3, 0.5, 0.7, 0.9])[:, None])
    # the smoothed and the exact estimator agree within a small fraction of the residual SD (≈ 8)
    np.testing.assert_allclose(grid @ ours, grid @ ref, atol=0.6)


def test_percentiles_are_uniform_and_monotone():
    x, y = data(20000, 2)
    model = fit_growth(y, x[:, None])
    sgp = model.percentiles(y, x[:, None])
    assert sgp.min() >= 1 and sgp.max() <= 99
    counts = np.bincount(sgp, minlength=100)[1:]
    assert counts.std() / counts.mean() < 0.25  # about 1 % of students per percentile
    prior = np.full(5, 70.0)[:, None]
    current = np.array([40.0, 55.0, 66.0, 75.0, 95.0])
    assert np.all(np.diff(model.percentiles(current, prior)) > 0)
    quantiles = model.quantiles(prior[:1])
    assert np.all(np.diff(quantiles[0]) >= 0)


def test_growth_percentiles_of_frames():
    x, y = data(400, 3)
    ids = [f"S{i}" for i in range(400)]
    schools = np.where(np.arange(400) % 2 == 0, "甲校", "乙校")
    y = y + np.where(schools == "甲校", 5, 0)  # 甲校 grows more
    cur = pd.DataFrame({"student_id": ids, "school": schools, "class": "1班", "数学": y})
    pri = pd.DataFrame({"student_id": ids, "school": schools, "class": "1班", "数学": x})
    students, per_school = growth_percentiles(cur, [pri], "数学")
    assert len(students) == 400
    mgp = per_school.set_index("school")["median_sgp"]
    assert mgp["甲校"] > 55 and mgp["乙校"] < 45


def test_too_few_students():
    with pytest.raises(ScoresInputError):
        fit_growth(np.arange(5.0), np.arange(5.0)[:, None])
