"""Rubric totals worked by hand: each rule kind, weights, ranks with ties, a missing figure (never 0)."""

from __future__ import annotations

import pytest

from junheng.evaluation.core import (
    EvaluationSettings,
    aggregate_raters,
    competition_ranks,
    parse_rubric,
    score_round,
)

pytestmark = pytest.mark.core

RUBRIC = {
    "name": "测试方案",
    "categories": [{"id": "A", "name": "甲类", "when": [{"kind": ["小学"]}]}, {"id": "B", "name": "乙类"}],
    "fallback": "B",
    "dimensions": [{"id": "D1", "name": "数据"}, {"id": "D2", "name": "评议"}],
    "indicators": [
        {"id": "L1", "name": "培训", "dimension": "D1", "weight": 40, "kind": "figure",
         "source": "teachers.training_completion_rate", "rule": {"type": "linear", "zero": 0.8, "full": 1.0}},
        {"id": "B1", "name": "合格", "dimension": "D1", "weight": 20, "kind": "figure", "source": "scores.pass_rate",
         "rule": {"type": "bands", "bands": [{"min": 0.9, "score": 100}, {"min": 0.8, "score": 60}],
                  "otherwise": 20}},
        {"id": "R1", "name": "指数名次", "dimension": "D1", "weight": 20, "kind": "figure",
         "source": "scores.mean_index", "rule": {"type": "rank", "points": [100, 80, 60], "otherwise": 40}},
        {"id": "J1", "name": "常规", "dimension": "D2", "weight": 20, "kind": "judgement", "max": 10},
    ],
}
CATS = {"s1": "A", "s2": "A", "s3": "A", "s4": "A", "s5": "B"}
FIGS = {("s1", "L1"): 0.9, ("s1", "B1"): 0.95, ("s1", "R1"): 80,
        ("s2", "L1"): 1.1, ("s2", "B1"): 0.8, ("s2", "R1"): 70,
        ("s3", "L1"): 0.7, ("s3", "B1"): 0.79, ("s3", "R1"): 70,
        ("s4", "L1"): None, ("s4", "B1"): 0.9, ("s4", "R1"): 60,
        ("s5", "L1"): 0.8, ("s5", "R1"): 100}
JUDG = {("s1", "J1"): [8, 9, 10], ("s2", "J1"): [6], ("s3", "J1"): [10, 10], ("s4", "J1"): [5]}


@pytest.fixture
def result():
    return score_round(parse_rubric(RUBRIC), CATS, FIGS, JUDG)


@pytest.mark.parametrize(("school", "indicator", "score"), [
    pytest.param("s1", "L1", 50.0, id="linear-midpoint"),
    pytest.param("s2", "L1", 100.0, id="linear-clipped-above"),
    pytest.param("s3", "L1", 0.0, id="linear-clipped-below"),
    pytest.param("s5", "L1", 0.0, id="linear-at-zero"),
    pytest.param("s1", "B1", 100.0, id="band-top"),
    pytest.param("s4", "B1", 100.0, id="band-boundary-inclusive"),
    pytest.param("s2", "B1", 60.0, id="band-second-boundary"),
    pytest.param("s3", "B1", 20.0, id="band-otherwise"),
    pytest.param("s1", "R1", 100.0, id="rank-1"),
    pytest.param("s2", "R1", 80.0, id="rank-tie-2"),
    pytest.param("s3", "R1", 80.0, id="rank-tie-2-shared"),
    pytest.param("s4", "R1", 40.0, id="rank-4-past-list"),
    pytest.param("s5", "R1", 100.0, id="rank-within-own-category"),
    pytest.param("s1", "J1", 90.0, id="judgement-mean-of-3"),
    pytest.param("s3", "J1", 100.0, id="judgement-max"),
])
def test_indicator_scores(result, school, indicator, score):
    assert result.schools[school].indicators[indicator].score == pytest.approx(score)


@pytest.mark.parametrize(("school", "total", "rank", "coverage"), [
    pytest.param("s1", 78.0, 2, 1.0, id="s1"),            # (40×50 + 20×100 + 20×100 + 20×90)/100
    pytest.param("s2", 80.0, 1, 1.0, id="s2"),            # (4000 + 1200 + 1600 + 1200)/100
    pytest.param("s3", 40.0, 4, 1.0, id="s3"),            # (0 + 400 + 1600 + 2000)/100
    pytest.param("s4", 100 * 38 / 60, 3, 0.6, id="s4-missing-reweighted"),   # (20 + 8 + 10) over weight 60
    pytest.param("s5", 100 * 20 / 60, 1, 0.6, id="s5-missing-and-unjudged"),  # (0 + 20) over weight 60
])
def test_totals_and_ranks(result, school, total, rank, coverage):
    r = result.schools[school]
    assert r.total == pytest.approx(total)
    assert r.rank == rank
    assert r.coverage == pytest.approx(coverage)


def test_missing_is_missing_never_zero(result):
    s4 = result.schools["s4"].indicators["L1"]
    assert s4.score is None and s4.points is None and s4.value is None and s4.note == "缺数据"
    assert result.schools["s5"].indicators["J1"].score is None
    assert result.as_contract()["schools"]["s4"]["indicators"]["L1"] is None
    assert result.schools["s4"].missing == ["L1"]
    # scoring the missing figure as 0 would give 38, not 63.3
    assert result.schools["s4"].total != pytest.approx(38.0)


def test_dimension_rates(result):
    # s4: D1 present L1 missing → B1 100×20 + R1 40×20 over 40 = 70
    assert result.schools["s4"].dimensions == {"D1": pytest.approx(70.0), "D2": pytest.approx(50.0)}


def test_min_coverage_unranks_but_keeps_total():
    r = score_round(parse_rubric(RUBRIC), CATS, FIGS, JUDG, EvaluationSettings(min_coverage=0.7))
    assert r.schools["s4"].rank is None and r.schools["s4"].total == pytest.approx(100 * 38 / 60)
    assert r.schools["s3"].rank == 3


def test_ties_in_total_share_rank():
    rubric = parse_rubric({**RUBRIC, "indicators": [RUBRIC["indicators"][3]]})
    r = score_round(rubric, {"a": "A", "b": "A", "c": "A", "d": "A"}, {},
                    {("a", "J1"): [9], ("b", "J1"): [7], ("c", "J1"): [9], ("d", "J1"): [8]})
    assert {s: x.rank for s, x in r.schools.items()} == {"a": 1, "c": 1, "d": 3, "b": 4}


def test_nothing_present_has_no_total():
    r = score_round(parse_rubric(RUBRIC), {"x": "A"}, {}, {})
    assert r.schools["x"].total is None and r.schools["x"].rank is None and r.schools["x"].coverage == 0


def test_judgement_out_of_range_is_refused():
    with pytest.raises(ValueError, match="超出 0–10"):
        score_round(parse_rubric(RUBRIC), {"x": "A"}, {}, {("x", "J1"): [11]})


@pytest.mark.parametrize(("scores", "method", "expected"), [
    pytest.param([6, 8, 9, 10], "mean", 8.25, id="mean"),
    pytest.param([6, 8, 9, 10], "trimmed", 8.5, id="trimmed-4"),
    pytest.param([2, 8, 9], "trimmed", 8.0, id="trimmed-3"),
    pytest.param([4, 10], "trimmed", 7.0, id="trimmed-too-few-is-mean"),
    pytest.param([7], "trimmed", 7.0, id="single"),
    pytest.param([9, 9, 9, 1, 9], "trimmed", 9.0, id="trimmed-drops-one-of-each"),
])
def test_rater_aggregation(scores, method, expected):
    assert aggregate_raters(scores, method) == pytest.approx(expected)


def test_trimmed_setting_reaches_the_round():
    r = score_round(parse_rubric(RUBRIC), {"s1": "A"}, {}, {("s1", "J1"): [2, 9, 10]},
                    EvaluationSettings(rater_aggregation="trimmed"))
    assert r.schools["s1"].indicators["J1"].score == pytest.approx(90.0)


def naive_ranks(values, higher=True):
    ordered = sorted(values.values(), reverse=higher)
    return {k: ordered.index(v) + 1 for k, v in values.items()}


@pytest.mark.parametrize("values", [
    pytest.param({"a": 3, "b": 3, "c": 1, "d": 5}, id="tie-middle"),
    pytest.param({"a": 1, "b": 1, "c": 1}, id="all-tied"),
    pytest.param({"a": 2.5, "b": 0.1, "c": 9, "d": 9, "e": 2.5}, id="two-ties"),
])
@pytest.mark.parametrize("higher", [True, False])
def test_competition_ranks_against_naive(values, higher):
    assert competition_ranks(values, higher) == naive_ranks(values, higher)


def test_lower_is_better_rank_rule():
    rubric = dict(RUBRIC)
    rubric["indicators"] = [{**RUBRIC["indicators"][2], "rule": {"type": "rank", "points": [100, 50],
                                                                  "higher_is_better": False}}]
    r = score_round(parse_rubric(rubric), {"a": "A", "b": "A", "c": "A"}, {("a", "R1"): 3, ("b", "R1"): 1,
                                                                            ("c", "R1"): 2}, {})
    assert [r.schools[s].indicators["R1"].score for s in "abc"] == [0.0, 100.0, 50.0]


@pytest.mark.parametrize(("how", "values", "expected"), [
    pytest.param("min", {"小学": 7.0, "初中": 5.0}, 5.0, id="min"),
    pytest.param("sum", {"小学": 30.0, "初中": 12.0}, 42.0, id="sum"),
    pytest.param("mean", {"小学": 0.9, "初中": 0.8}, 0.85, id="mean"),
    pytest.param("max", {"小学": 1.0}, 1.0, id="single-section"),
    pytest.param("min", {"小学": 7.0, "初中": None}, None, id="one-section-missing-is-missing"),
    pytest.param("none", {"小学": 7.0}, None, id="not-used"),
])
def test_combine_sections(how, values, expected):
    from junheng.evaluation.core.scoring import combine_sections

    value, _ = combine_sections(how, values)
    assert value == (None if expected is None else pytest.approx(expected))
