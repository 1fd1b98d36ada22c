"""The four exams: subjects and full marks, absentees, and school effects a value-added model can see."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

pytestmark = pytest.mark.core


def test_four_exams_one_cohort(county):
    e = county.exams
    assert len(e) == 4 and e["exam_id"].is_unique
    assert list(e["grade"]) == [7, 7, 8, 8]
    assert list(e["date"]) == sorted(e["date"])
    for subjects in e["subjects"]:
        assert {subjects[s] for s in ("语文", "数学", "英语")} == {120}
        assert {v for k, v in subjects.items() if k not in ("语文", "数学", "英语")} <= {100, 70}
    grade8 = county.rosters["2024-2"].query("grade == 8 and status == '在读'")["student_id"]
    special = county.schools.loc[county.schools["kind"] == "特殊教育学校", "name"]
    last = county.scores[e["exam_id"].iloc[-1]]
    assert set(last["student_id"]) <= set(grade8)
    assert len(last) == len(grade8) - county.students[county.students["student_id"].isin(grade8)]["school_id"].isin(
        county.schools.loc[county.schools["kind"] == "特殊教育学校", "school_id"]).sum()
    assert not last["school"].isin(special).any()


def test_scores_in_range_and_absentees(county):
    for exam in county.exams.itertuples():
        s = county.scores[exam.exam_id]
        for subject, full in exam.subjects.items():
            present = s[subject].dropna()
            assert present.between(0, full).all(), subject
            assert ((present * 2) % 1 == 0).all()
            assert 0.002 < s[subject].isna().mean() < 0.03
        assert s[list(exam.subjects)].isna().all(axis=1).sum() >= 10          # absent from the whole exam
        assert not s["student_id"].duplicated().any()


def _totals(county, exam_id):
    s = county.scores[exam_id]
    subjects = [c for c in s.columns if c not in ("student_id", "name", "school", "class")]
    return s.assign(total=s[subjects].sum(axis=1, min_count=len(subjects)))


def test_value_added_has_school_effects(county):
    """Regress the last exam's total on the first's; school means of the residuals differ far beyond chance
    (one-way ANOVA) and follow the generator's school growth."""
    ids = county.exams["exam_id"]
    first, last = _totals(county, ids.iloc[0]), _totals(county, ids.iloc[-1])
    both = first.merge(last, on="student_id", suffixes=("_0", "_3")).dropna(subset=["total_0", "total_3"])
    slope, intercept = np.polyfit(both["total_0"], both["total_3"], 1)
    both["residual"] = both["total_3"] - (intercept + slope * both["total_0"])
    groups = [g["residual"].to_numpy() for _, g in both.groupby("school_3")]
    assert stats.f_oneway(*groups).pvalue < 1e-6
    means = both.groupby("school_3")["residual"].mean()
    assert means.var() > 0
    truth = county.school_effects_key.merge(county.schools[["school_id", "name"]], on="school_id")
    growth = truth.set_index("name")["growth"].reindex(means.index)
    assert np.corrcoef(means, growth)[0, 1] > 0.5
    assert np.corrcoef(both["total_0"], both["total_3"])[0, 1] > 0.7     # ability persists


def test_class_effects_within_schools(county):
    s = _totals(county, county.exams["exam_id"].iloc[2]).dropna(subset=["total"])
    s["centred"] = s["total"] - s.groupby("school")["total"].transform("mean")
    groups = [g["centred"].to_numpy() for _, g in s.groupby(["school", "class"]) if len(g) > 5]
    assert stats.f_oneway(*groups).pvalue < 0.01


def test_vanishing_students_score_low_and_slide(county):
    dropouts = county.movements_key.loc[county.movements_key["kind"] == "suspected_dropout", "previous_id"]
    first = _totals(county, county.exams["exam_id"].iloc[0])
    sat = first[first["student_id"].isin(dropouts)]
    assert len(sat) >= 3
    assert sat["total"].dropna().mean() < first["total"].mean()
    later = pd.concat(county.scores[i] for i in county.exams["exam_id"].iloc[2:])
    assert not later["student_id"].isin(dropouts).any()
