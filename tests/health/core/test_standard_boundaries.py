"""Every boundary of every table of the 2014 standard (grades 1–9, both sexes): a result exactly on a cut-off,
one reading unit better and one worse, scored by the vectorised scorer and by the naive oracle (tests/health/
core/naive.py), and checked against the level the table gives. The probes are generated from the data file;
there is one test per table (item, sex, grade), which lists every wrong probe of that table when it fails."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from junheng.health.core.scoring import score_results
from junheng.health.core.standard import raw_document
from tests.health.core import naive

pytestmark = pytest.mark.core

DOC = raw_document()
LEVELS = DOC["levels"]


def _tables():
    """One case per single-item table (item, sex, grade); its rows are checked inside the test."""
    for item, by_sex in DOC["tables"].items():
        for sex, by_grade in by_sex.items():
            for grade in by_grade:
                yield pytest.param(item, sex, grade, id=f"{item}-{sex}-g{grade}")


TABLES = list(_tables())


def _probes(item, sex, grade):
    """(level, cut, better, worse) for every non-blank cut of one table: on the cut, one reading unit better
    and one unit worse."""
    unit = 10 ** -DOC["items"][item]["decimals"]
    higher = DOC["items"][item]["direction"] == "higher"
    for level, cut in zip(LEVELS, DOC["tables"][item][sex][grade]):
        if cut is None:
            continue
        better = round(cut + unit if higher else cut - unit, 4)
        worse = round(cut - unit if higher else cut + unit, 4)
        yield level, cut, better, worse


@pytest.fixture(scope="module")
def scored():
    """Every probe of every table scored in one vectorised call: {(item, sex, grade, value): score}."""
    rows = []
    for case in TABLES:
        item, sex, grade = case.values
        for _, cut, better, worse in _probes(item, sex, grade):
            rows += [(item, sex, grade, cut), (item, sex, grade, better), (item, sex, grade, worse)]
    frame = pd.DataFrame([{"sex": sex, "grade": grade, item: value} for item, sex, grade, value in rows])
    out = score_results(frame)
    return {key: out.at[i, f"score_{key[0]}"] for i, key in enumerate(rows)}


def _next_lower(row, level):
    """The level a result one unit worse than ``level``'s cut-off gets: the next non-blank level, or 0."""
    below = [lv for lv, c in zip(LEVELS, row) if c is not None and lv < level]
    return below[0] if below else 0


@pytest.mark.parametrize(("item", "sex", "grade"), TABLES)
def test_every_boundary_of_the_table(scored, item, sex, grade):
    """On the cut → its level; one unit better → that level or higher; one unit worse → the next non-blank
    level (0 below the last). The vectorised scorer and the naive oracle must both say so."""
    row = DOC["tables"][item][sex][grade]
    wrong = []
    for level, cut, better, worse in _probes(item, sex, grade):
        on, up, down = (scored[(item, sex, grade, v)] for v in (cut, better, worse))
        expect_down = _next_lower(row, level)
        checks = [
            ("on the cut", cut, on, level, naive.item_score(item, sex, grade, cut)),
            ("one unit worse", worse, down, expect_down, naive.item_score(item, sex, grade, worse)),
        ]
        for what, value, got, expect, oracle in checks:
            if not got == expect == oracle:
                wrong.append(f"{level} 分 {what}: {value} → scorer {got}, oracle {oracle}, table says {expect}")
        if not (up == naive.item_score(item, sex, grade, better) and up >= level):
            wrong.append(f"{level} 分 one unit better: {better} → scorer {up}, below {level}")
    assert not wrong, f"{item} {sex} grade {grade}:\n" + "\n".join(wrong)


def test_every_grade_and_sex_has_its_weighted_tables():
    for band in DOC["weights"]:
        for grade in band["grades"]:
            for sex in ("male", "female"):
                assert sum(band[sex].values()) == 100
                for item in band[sex]:
                    if item != "bmi":
                        row = DOC["tables"][item][sex][grade]
                        assert len(row) == 20 and row[0] is not None, (item, sex, grade)


@pytest.mark.parametrize("item", sorted(DOC["tables"]))
def test_cut_offs_are_strictly_monotone_and_steps_plausible(item):
    higher = DOC["items"][item]["direction"] == "higher"
    for sex, by_grade in DOC["tables"][item].items():
        for grade, row in by_grade.items():
            cuts = [c for c in row if c is not None]
            diffs = np.diff(cuts)
            assert (diffs < 0).all() if higher else (diffs > 0).all(), (sex, grade, row)


@pytest.mark.parametrize("item", sorted(DOC["tables"]))
def test_older_grades_need_at_least_as_much_for_full_marks(item):
    """Across grades the 100-point cut-off never gets easier (a transcription slip would break this)."""
    higher = DOC["items"][item]["direction"] == "higher"
    for sex, by_grade in DOC["tables"][item].items():
        grades = sorted(by_grade)
        best = [by_grade[g][0] for g in grades]
        ok = all(b >= a for a, b in itertools.pairwise(best)) if higher else all(b <= a for a, b in itertools.pairwise(best))
        assert ok, (sex, dict(zip(grades, best)))


def test_time_readings_round_up_as_the_standard_reads_them():
    """50米跑 10.21 s is read as 10.3 s (小数点后第二位非 0 进 1)."""
    frame = pd.DataFrame([{"sex": "male", "grade": 1, "run50": v} for v in (10.2, 10.21, 10.29, 10.3)])
    got = score_results(frame)["score_run50"].tolist()
    assert got == [100, 95, 95, 95]


def test_below_the_lowest_level_scores_zero():
    frame = pd.DataFrame([{"sex": "female", "grade": 9, "run800": 400}, {"sex": "male", "grade": 7, "pullup": 0}])
    assert score_results(frame)[["score_run800", "score_pullup"]].fillna(-1).to_numpy().max() == 0
