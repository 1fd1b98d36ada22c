"""The sufficient-statistics random-intercept model against statsmodels MixedLM."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from junheng.scores.core.mixed import fit_random_intercepts

pytestmark = pytest.mark.core


def school_data(seed: int, n_schools: int = 30):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(3, 40, n_schools)
    school = np.repeat(np.arange(n_schools), sizes)
    x = rng.normal(70, 12, school.size)
    y = 5 + 0.9 * x + rng.normal(0, 3, n_schools)[school] + rng.normal(0, 6, school.size)
    return y, np.column_stack([np.ones(school.size), x]), school


def statsmodels_fit(y, x, groups, reml=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.MixedLM(y, x, groups=groups).fit(reml=reml)


@pytest.mark.parametrize("reml", [pytest.param(True, id="REML"), pytest.param(False, id="ML")])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_school_intercepts_match_statsmodels(seed, reml):
    y, x, school = school_data(seed)
    mine = fit_random_intercepts(y, x, school, reml=reml)
    ref = statsmodels_fit(y, x, school, reml)
    assert mine.loglik >= ref.llf - 1e-6  # at least as good an optimum
    np.testing.assert_allclose(mine.beta, ref.fe_params, rtol=1e-4)
    np.testing.assert_allclose(mine.sigma2, ref.scale, rtol=1e-4)
    np.testing.assert_allclose(mine.school_variance, np.asarray(ref.cov_re)[0, 0], rtol=1e-3, atol=1e-4)
    blups = np.array([np.asarray(ref.random_effects[g])[0] for g in range(school.max() + 1)])
    cond = np.array([np.asarray(ref.random_effects_cov[g])[0, 0] for g in range(school.max() + 1)])
    np.testing.assert_allclose(mine.school_effect, blups, atol=1e-4 * max(1, np.abs(blups).max()))
    np.testing.assert_allclose(mine.school_cond_var, cond, rtol=1e-3)
    assert (mine.school_pev >= mine.school_cond_var).all()


def test_loglik_equals_statsmodels_at_the_same_point():
    y, x, school = school_data(4)
    mine = fit_random_intercepts(y, x, school)
    ref = statsmodels_fit(y, x, school)
    assert mine.loglik == pytest.approx(ref.llf, abs=1e-5)


def test_nested_class_intercepts_match_statsmodels():
    rng = np.random.default_rng(5)
    school, cls, code = [], [], 0
    for s in range(20):
        for _ in range(rng.integers(1, 4)):
            k = rng.integers(5, 25)
            school += [s] * k
            cls += [code] * k
            code += 1
    school, cls = np.array(school), np.array(cls)
    x = rng.normal(70, 12, school.size)
    y = 5 + 0.9 * x + rng.normal(0, 3, 20)[school] + rng.normal(0, 2, code)[cls] + rng.normal(0, 6, school.size)
    mine = fit_random_intercepts(y, np.column_stack([np.ones(school.size), x]), school, cls)
    frame = pd.DataFrame({"y": y, "x": x, "school": school, "cls": cls})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = smf.mixedlm("y ~ x", frame, groups="school", re_formula="1",
                          vc_formula={"cls": "0 + C(cls)"}).fit(reml=True, method="lbfgs")  # fmt: skip
    assert mine.loglik >= ref.llf - 1e-6
    np.testing.assert_allclose(mine.beta, ref.fe_params.to_numpy(), rtol=1e-4)
    np.testing.assert_allclose(mine.sigma2, ref.scale, rtol=1e-3)
    np.testing.assert_allclose(mine.school_variance, np.asarray(ref.cov_re)[0, 0], rtol=1e-2)
    np.testing.assert_allclose(mine.class_variance, ref.vcomp[0], rtol=1e-2)
    school_blup = np.array([ref.random_effects[g].iloc[0] for g in range(20)])
    np.testing.assert_allclose(mine.school_effect, school_blup, atol=1e-3)
    deviation = np.zeros(code)
    for g in range(20):
        for name, value in ref.random_effects[g].items():
            found = re.search(r"\[(\d+)\]\]$", name)
            if found:
                deviation[int(found.group(1))] = value
    np.testing.assert_allclose(mine.class_deviation, deviation, atol=1e-3)
    np.testing.assert_allclose(mine.class_effect, school_blup[mine_school(cls, code, school)] + deviation, atol=2e-3)


def mine_school(cls, n_classes, school):
    out = np.zeros(n_classes, dtype=int)
    out[cls] = school
    return out


def test_no_school_variance_gives_zero_effects():
    rng = np.random.default_rng(9)
    school = np.repeat(np.arange(10), 30)
    x = rng.normal(size=school.size)
    y = 2 * x + rng.normal(size=school.size) * 0.01 + 1  # no school effect at all, tiny noise
    fit = fit_random_intercepts(y, np.column_stack([np.ones(school.size), x]), school)
    assert fit.school_variance < 1e-6
    assert np.abs(fit.school_effect).max() < 1e-3
    assert fit.beta == pytest.approx([1, 2], abs=1e-3)
