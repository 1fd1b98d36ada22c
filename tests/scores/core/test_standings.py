"""The two rank paths behind ``standing_ranks`` (numpy counting, Ibis windows) give identical results.

Other engines (PostgreSQL, Spark) run the same comparison in tests/conformance/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from junheng.analytics import engines
from junheng.scores.core import Exam
from junheng.scores.core.analyze import analyze_exam
from junheng.scores.core.frame import prepare
from junheng.scores.core.standings import engine_ranks, grid_steps, numpy_ranks, standing_ranks
from junheng.scores.core.stats import engine_frame
from tests.scores.data import HAND, HAND_EXAM, simulated

pytestmark = pytest.mark.core


def _both(frame: pd.DataFrame, exam: Exam) -> tuple[pd.DataFrame, pd.DataFrame]:
    ef = prepare(frame, exam)
    backend = engines.connect("duckdb")
    table = engines.table(backend, engine_frame(ef))
    try:
        return numpy_ranks(ef), engine_ranks(ef, table, backend)
    finally:
        engines.drop(backend, table)


def test_hand_exam_ranks_and_percentiles():
    fast, portable = _both(HAND, HAND_EXAM)
    assert_frame_equal(fast, portable)
    chinese = fast[fast["subject"] == 0]  # 语文: 102, 72, 48, 47.5, —, 102, 110
    assert chinese["rank"].tolist() == [2, 4, 5, 6, 2, 1]
    assert chinese["class_rank"].tolist() == [1, 2, 1, 2, 1, 1]
    assert chinese["percentile"].iloc[-1] == 100 - (100 * 1 - 50) / 6


def test_simulated_exam_with_ties_and_absences_is_identical():
    frame, exam = simulated(3000, 7, seed=5, absent=0.1)
    fast, portable = _both(frame, exam)
    assert len(fast) > 8000
    assert_frame_equal(fast, portable)


def test_grid_noise_ties_and_off_grid_values():
    # 0.1 + 0.2 ties with 0.3 on the grid (noise is not a difference); thirds are off every grid
    frame = pd.DataFrame({
        "student_id": list("abcdef"), "name": ["甲", "乙", "丙", "丁", "戊", "己"],
        "school": ["一中"] * 3 + ["二中"] * 3, "class": ["1班"] * 6,
        "语文": [0.1 + 0.2, 0.3, 0.4, np.nan, 0.3, 0.0],
        "数学": [1 / 3, 2 / 3, 1 / 3, 1.0, np.nan, 0.5],
    })
    exam = Exam("小测", {"语文": 1, "数学": 1})
    ef = prepare(frame, exam)
    backend = engines.connect("duckdb")
    table = engines.table(backend, engine_frame(ef))
    assert grid_steps(table, backend, ["s0", "s1"]) == {"s0": 10, "s1": None}
    fast, portable = numpy_ranks(ef), engine_ranks(ef, table, backend)
    assert_frame_equal(fast, portable)
    assert fast[fast["subject"] == 0]["rank"].tolist() == [2, 2, 1, 2, 5]


def test_auto_uses_numpy_for_duckdb_and_engine_elsewhere(monkeypatch):
    ef = prepare(HAND, HAND_EXAM)
    backend = engines.connect("duckdb")
    calls = []
    monkeypatch.setattr("junheng.scores.core.standings.engine_ranks", lambda *a: calls.append(a) or "engine")
    assert standing_ranks(ef, None, backend).equals(numpy_ranks(ef))
    assert standing_ranks(ef, "t", backend, "engine") == "engine" and len(calls) == 1
    with pytest.raises(ValueError, match="method"):
        standing_ranks(ef, None, backend, "sql")


def test_analysis_is_the_same_with_either_rank_path():
    frame, exam = simulated(800, 4, seed=11)
    fast = analyze_exam(frame, exam)
    portable = analyze_exam(frame, exam, rank_method="engine")
    assert_frame_equal(fast.standings, portable.standings)
    assert_frame_equal(fast.units, portable.units)
