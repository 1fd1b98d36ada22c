"""The full report set on a hand-worked exam, and against a naive reference on random exams."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.scores.core import (
    TOTAL,
    AnalysisConfig,
    Cutoffs,
    Exam,
    IndexWeights,
    ScoresInputError,
    analyze_exam,
)
from tests.scores.data import HAND, HAND_EXAM, NAN, simulated

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def hand():
    return analyze_exam(HAND, HAND_EXAM)


def unit(analysis, level, subject, school="", klass=""):
    rows = analysis.units
    mask = (rows["level"] == level) & (rows["subject"] == subject)
    if school:
        mask &= rows["school"] == school
    if klass:
        mask &= rows["class"] == klass
    found = rows[mask]
    assert len(found) == 1
    return found.iloc[0]


YUWEN = [102, 72, 48, 47.5, 102, 110]
SHUXUE = [85, 60, 40, 39.5, 90, 85]
TOTALS = [187, 132, 88, 87, 187]


@pytest.mark.parametrize(
    ("subject", "values", "absent", "excellent", "passing", "low"),
    [
        pytest.param("语文", YUWEN, 1, 3 / 6, 4 / 6, 1 / 6, id="yuwen-102-72-48-lines"),
        pytest.param("数学", SHUXUE, 1, 3 / 6, 4 / 6, 1 / 6, id="shuxue-85-60-40-lines"),
        pytest.param(TOTAL, TOTALS, 2, 2 / 5, 3 / 5, 1 / 5, id="total-only-complete-students"),
    ],
)
def test_county_figures_by_hand(hand, subject, values, absent, excellent, passing, low):
    row = unit(hand, "county", subject)
    assert row["n"] == len(values)
    assert row["absent"] == absent
    assert row["mean"] == pytest.approx(sum(values) / len(values))
    assert row["sd"] == pytest.approx(statistics.pstdev(values))
    assert row["max"] == max(values) and row["min"] == min(values)
    assert row["excellent_rate"] == pytest.approx(excellent)
    assert row["pass_rate"] == pytest.approx(passing)
    assert row["low_rate"] == pytest.approx(low)
    assert row["above_mean_rate"] == pytest.approx(0.0)


def test_school_and_class_figures_by_hand(hand):
    jia = unit(hand, "school", "语文", "甲校")
    assert (jia["n"], jia["absent"]) == (4, 1)
    assert jia["mean"] == pytest.approx((102 + 72 + 48 + 47.5) / 4)
    assert jia["above_mean_rate"] == pytest.approx(((102 + 72 + 48 + 47.5) / 4) / (sum(YUWEN) / 6) - 1)
    cls = unit(hand, "class", "语文", "甲校", "2班")
    assert (cls["n"], cls["absent"], cls["mean"]) == (2, 1, pytest.approx(47.75))
    assert cls["low_rate"] == pytest.approx(0.5)


def test_school_with_one_student(hand):
    bing = unit(hand, "school", "语文", "丙校")
    assert (bing["n"], bing["mean"], bing["sd"], bing["excellent_rate"]) == (1, 110, 0.0, 1.0)
    nobody = unit(hand, "school", "数学", "丙校")
    assert nobody["n"] == 0 and nobody["absent"] == 1
    assert math.isnan(nobody["mean"]) and pd.isna(nobody["rank"])


def test_unit_ranks_in_county(hand):
    schools = hand.level("school", "语文").set_index("school")
    assert schools["rank"].to_dict() == {"丙校": 1, "乙校": 2, "甲校": 3}
    classes = hand.level("class", "数学")
    assert sorted(classes["rank"].dropna().astype(int).tolist()) == [1, 2, 3]


def test_composite_index_formula(hand):
    row = unit(hand, "county", "数学")
    mean = sum(SHUXUE) / 6
    expected = 100 * (0.4 * mean / 100 + 0.2 * 0.5 + 0.3 * 4 / 6 + 0.1 * (1 - 1 / 6))
    assert row["index"] == pytest.approx(expected)
    weighted = analyze_exam(HAND, HAND_EXAM, AnalysisConfig(index_weights=IndexWeights(1, 0, 0, 0)))
    assert unit(weighted, "county", "数学")["index"] == pytest.approx(mean)


@pytest.mark.parametrize(
    ("student", "subject", "rank", "school_rank", "class_rank"),
    [
        pytest.param("s7", "语文", 1, 1, 1, id="best-yuwen"),
        pytest.param("s1", "语文", 2, 1, 1, id="tie-102-first"),
        pytest.param("s6", "语文", 2, 1, 1, id="tie-102-other-school"),
        pytest.param("s2", "语文", 4, 2, 2, id="after-tie-skips-3"),
        pytest.param("s4", "语文", 6, 4, 2, id="last"),
        pytest.param("s5", "数学", 1, 1, 1, id="absent-yuwen-still-ranked-in-shuxue"),
        pytest.param("s1", TOTAL, 1, 1, 1, id="total-tie-1"),
        pytest.param("s6", TOTAL, 1, 1, 1, id="total-tie-1-other"),
        pytest.param("s2", TOTAL, 3, 2, 2, id="total-3"),
    ],
)
def test_student_ranks_by_hand(hand, student, subject, rank, school_rank, class_rank):
    table = hand.student_table(subject).set_index("student_id")
    row = table.loc[student]
    assert (row["rank"], row["school_rank"], row["class_rank"]) == (rank, school_rank, class_rank)


def test_absent_students_have_no_standing(hand):
    assert "s5" not in set(hand.student_table("语文")["student_id"])
    assert "s7" not in set(hand.student_table(TOTAL)["student_id"])
    students = hand.students.set_index("student_id")
    assert not students.at["s5", "complete"] and math.isnan(students.at["s5", "total"])


def test_percentile_z_t_by_hand(hand):
    row = hand.student_table("语文").set_index("student_id").loc["s7"]
    assert row["percentile"] == pytest.approx(100 - (100 * 1 - 50) / 6)
    z = (110 - sum(YUWEN) / 6) / statistics.pstdev(YUWEN)
    assert row["z"] == pytest.approx(z) and row["t"] == pytest.approx(50 + 10 * z)


def test_bands_by_hand(hand):
    bands = hand.bands
    county = bands[(bands["level"] == "county") & (bands["subject"] == "语文")].set_index("band")["count"]
    assert len(county) == 12  # [0,10) … [110,120]
    assert county[county > 0].to_dict() == {4: 2, 7: 1, 10: 2, 11: 1}
    top = bands[(bands["level"] == "county") & (bands["subject"] == "数学")]
    assert top["band_high"].max() == 100 and top["count"].sum() == 6
    assert county.sum() == 6


def test_configurable_cutoffs_and_band_width():
    config = AnalysisConfig(cutoffs=Cutoffs(0.9, 0.5, 0.3), band_width=20)
    result = analyze_exam(HAND, HAND_EXAM, config)
    row = unit(result, "county", "语文")  # lines 108, 60, 36
    assert (row["excellent_rate"], row["pass_rate"], row["low_rate"]) == (1 / 6, 4 / 6, 0.0)
    yuwen = result.bands[(result.bands["level"] == "county") & (result.bands["subject"] == "语文")]
    assert yuwen["band_low"].tolist() == [0, 20, 40, 60, 80, 100]
    assert yuwen["band_high"].tolist() == [20, 40, 60, 80, 100, 120]


def test_teacher_level(hand):
    teachers = pd.DataFrame({"school": ["甲校", "甲校", "乙校"], "class": ["1班", "2班", "1班"],
                             "subject": ["语文", "语文", "语文"], "teacher": ["王老师", "王老师", "李老师"]})
    result = analyze_exam(HAND, HAND_EXAM, teachers=teachers)
    wang = result.level("teacher", "语文").set_index("teacher").loc["王老师"]
    jia = unit(result, "school", "语文", "甲校")
    for key in ("n", "absent", "mean", "sd", "excellent_rate", "low_rate"):
        assert wang[key] == pytest.approx(jia[key])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"数学": [101, 60, 40, 39.5, 90, 85, NAN]}, "超过满分", id="above-full"),
        pytest.param({"数学": [-1, 60, 40, 39.5, 90, 85, NAN]}, "为负", id="negative"),
        pytest.param({"student_id": ["s1", "s1", "s3", "s4", "s5", "s6", "s7"]}, "重复", id="duplicate"),
        pytest.param({"数学": ["x", 60, 40, 39.5, 90, 85, NAN]}, "不是数字", id="text"),
    ],
)
def test_bad_frames_are_refused(change, message):
    with pytest.raises(ScoresInputError, match=message):
        analyze_exam(HAND.assign(**change), HAND_EXAM)


def test_missing_subject_column():
    with pytest.raises(ScoresInputError, match="英语"):
        analyze_exam(HAND, Exam("x", {"语文": 120, "英语": 120}))


# ------------------------------------------------------------------ naive reference on random exams
def naive_units(frame: pd.DataFrame, exam: Exam, cut: Cutoffs) -> dict[tuple, tuple]:
    """Loop over units with the statistics module."""
    subjects = list(exam.subjects)
    records = frame.to_dict("records")
    for r in records:
        values = [r[s] for s in subjects]
        r[TOTAL] = round(sum(values), 6) if not any(math.isnan(v) for v in values) else NAN
    out = {}
    for subject in [*subjects, TOTAL]:
        full = exam.full_marks(subject)
        e, p, lo = cut.lines(full)
        keys = {("county", "", "")} | {("school", r["school"], "") for r in records} | {
            ("class", r["school"], r["class"]) for r in records}
        for level, school, klass in keys:
            members = [r for r in records if (not school or r["school"] == school) and (not klass or r["class"] == klass)]
            sat = [r[subject] for r in members if not math.isnan(r[subject])]
            if not sat:
                out[(level, school, klass, subject)] = (0, len(members), None)
                continue
            out[(level, school, klass, subject)] = (
                len(sat), len(members) - len(sat),
                (statistics.fmean(sat), statistics.pstdev(sat), sum(v >= e for v in sat) / len(sat),
                 sum(v >= p for v in sat) / len(sat), sum(v < lo for v in sat) / len(sat)),
            )  # fmt: skip
    return out


@settings(max_examples=15, deadline=None)
@given(st.integers(5, 60), st.integers(1, 4), st.integers(0, 10_000))
def test_units_match_naive_reference(n, n_schools, seed):
    frame, exam = simulated(n, n_schools, seed)
    result = analyze_exam(frame, exam)
    expected = naive_units(frame, exam, Cutoffs())
    got = result.units
    assert len(got) == len(expected)
    for row in got.itertuples(index=False):
        n_sat, n_absent, figures = expected[(row.level, row.school, row._2, row.subject)]
        assert (row.n, row.absent) == (n_sat, n_absent)
        if figures is None:
            assert math.isnan(row.mean)
            continue
        assert (row.mean, row.sd, row.excellent_rate, row.pass_rate, row.low_rate) == pytest.approx(figures)


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 60), st.integers(1, 4), st.integers(0, 10_000))
def test_standings_match_pandas_rank(n, n_schools, seed):
    frame, exam = simulated(n, n_schools, seed)
    result = analyze_exam(frame, exam)
    for subject in exam.subjects:
        table = result.student_table(subject).set_index("student_id")
        sat = frame.dropna(subset=[subject]).set_index("student_id")
        expected = sat[subject].rank(method="min", ascending=False)
        school = sat.groupby("school")[subject].rank(method="min", ascending=False)
        klass = sat.groupby(["school", "class"])[subject].rank(method="min", ascending=False)
        assert table["rank"].to_dict() == expected.astype(int).to_dict()
        assert table["school_rank"].to_dict() == school.astype(int).to_dict()
        assert table["class_rank"].to_dict() == klass.astype(int).to_dict()
