"""Value-added: recovery of known school effects, interval coverage, 样本不足, linking exams."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from junheng.scores.core import ScoresInputError, value_added
from junheng.scores.core.value_added import INSUFFICIENT, link_exams

pytestmark = pytest.mark.core


def simulate(seed: int, n_schools: int = 40, per_school: tuple[int, int] = (20, 60), sd_school: float = 3.0,
             class_sd: float = 0.0):  # fmt: skip
    rng = np.random.default_rng(seed)
    sizes = rng.integers(*per_school, n_schools)
    school = np.repeat(np.arange(n_schools), sizes)
    klass = rng.integers(0, 3, school.size)
    prior = rng.normal(70, 15, school.size)
    truth = rng.normal(0, sd_school, n_schools)
    class_effect = rng.normal(0, class_sd, (n_schools, 3)) if class_sd else np.zeros((n_schools, 3))
    current = 10 + 0.8 * prior + truth[school] + class_effect[school, klass] + rng.normal(0, 8, school.size)
    ids = [f"S{i:05d}" for i in range(school.size)]
    names = [f"学校{s:02d}" for s in school]
    classes = [f"{k + 1}班" for k in klass]
    cur = pd.DataFrame({"student_id": ids, "school": names, "class": classes, "数学": current})
    pri = pd.DataFrame({"student_id": ids, "school": names, "class": classes, "数学": prior})
    return cur, pri, pd.Series(truth, index=[f"学校{s:02d}" for s in range(n_schools)])


def test_recovers_known_school_effects():
    cur, pri, truth = simulate(1, per_school=(50, 120))
    result = value_added(cur, [pri], "数学")
    est = result.schools.set_index("school")["effect"]
    assert np.corrcoef(est, truth[est.index])[0, 1] > 0.9
    fixed = result.fixed.set_index("term")["estimate"]
    assert fixed["prior1_数学"] == pytest.approx(0.8, abs=0.03)
    assert result.variances["school"] == pytest.approx(9, rel=0.6)
    assert result.variances["residual"] == pytest.approx(64, rel=0.1)


def test_interval_coverage_near_95_percent():
    covered, total = 0, 0
    for seed in range(60):
        cur, pri, truth = simulate(100 + seed, n_schools=30, per_school=(10, 40))
        schools = value_added(cur, [pri], "数学", min_size=1).schools.set_index("school")
        inside = (schools["ci_low"] <= truth[schools.index]) & (truth[schools.index] <= schools["ci_high"])
        covered += int(inside.sum())
        total += len(inside)
    assert 0.92 <= covered / total <= 0.98, covered / total


def test_shrinkage_grows_with_school_size_and_small_units_are_insufficient():
    cur, pri, _ = simulate(2, per_school=(3, 80))
    schools = value_added(cur, [pri], "数学", min_size=10).schools.sort_values("n")
    assert schools["shrinkage"].is_monotonic_increasing
    small = schools[schools["n"] < 10]
    assert len(small) and (small["status"] == INSUFFICIENT).all() and small["rank"].isna().all()
    ranked = schools[schools["n"] >= 10]
    assert sorted(ranked["rank"].astype(int)) == list(range(1, len(ranked) + 1))
    assert (schools["ci_high"] - schools["ci_low"]).corr(schools["n"]) < 0


def test_class_effects_when_asked():
    cur, pri, _truth = simulate(3, per_school=(60, 90), class_sd=2.0)
    result = value_added(cur, [pri], "数学", class_effects=True)
    assert result.classes is not None and result.variances["class"] == pytest.approx(4, rel=0.8)
    classes = result.classes
    assert set(classes.columns) >= {"school", "class", "effect", "se", "ci_low", "ci_high", "shrinkage", "status"}
    assert len(classes) == cur.groupby(["school", "class"]).ngroups
    auto = value_added(cur, [pri], "数学", class_effects=None, min_size=10)
    assert auto.classes is not None


def test_two_priors_and_linking():
    cur, pri, _ = simulate(4)
    older = pri.assign(数学=pri["数学"] + np.random.default_rng(0).normal(0, 5, len(pri)))
    older = older.drop(index=[0, 1])
    cur.loc[2, "数学"] = np.nan
    _linked, names, dropped = link_exams(cur, [pri, older], "数学")
    assert names == ["prior1_数学", "prior2_数学"] and dropped == 3
    result = value_added(cur, [pri, older], "数学")
    assert len(result.fixed) == 3 and result.n_excluded == 3


@pytest.mark.parametrize(
    ("priors", "message"),
    [pytest.param([], "至少需要", id="no-prior"),
     pytest.param([pd.DataFrame({"student_id": ["1"]})], "缺少列", id="prior-without-subject")],
)  # fmt: skip
def test_bad_input(priors, message):
    cur, _, _ = simulate(5)
    with pytest.raises(ScoresInputError, match=message):
        value_added(cur, priors, "数学")
