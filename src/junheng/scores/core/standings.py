"""Student ranks and 百分等级 on any analytics engine (DESIGN §4.3, docs/scale.md).

Two paths behind one function, :func:`standing_ranks`, with the same definitions and identical results
(tests/scores/core/test_standings.py and tests/conformance/):

- ``numpy``: counting ranks over the score codes of :mod:`junheng.scores.core.ranks` (fastest in memory:
  the default for DuckDB, whose data are in this process anyway);
- ``engine``: Ibis window functions, so PostgreSQL or Spark rank a province's students where the data are.

Definitions. Competition rank (1, 2, 2, 4; highest score = 1) in the county, the school and the class, per
subject; absent students are not ranked. Scores tie as :func:`~junheng.scores.core.ranks.value_codes` says:
on a grid of 1/q points (q = 1, 2, 4, 5, 10, 20, 100) values within 1e-7 point of the same grid point are the
same score; the engine finds q by the same rule (one aggregate) and ranks on ``round(score·q)``.
百分等级 PR = 100 − (100·R − 50) / N with N the students who sat the subject.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd
from ibis.backends import BaseBackend

from junheng.analytics import engines
from junheng.scores.core.frame import ExamFrame
from junheng.scores.core.ranks import percentile_rank, ranks_from_codes, value_codes

GRID_STEPS = (1, 2, 4, 5, 10, 20, 100)
_GRID_SPAN = 4_000_000
_GRID_NOISE = 1e-7
RANK_COLUMNS = ["student", "subject", "score", "rank", "school_rank", "class_rank", "percentile"]
METHODS = ("auto", "numpy", "engine")


def standing_ranks(ef: ExamFrame, table: ibis.Table | None = None, backend: BaseBackend | None = None,
                   method: str = "auto") -> pd.DataFrame:
    """County, school and class ranks and 百分等级 of every student in every subject sat (and the total).

    ``table`` is the engine table of :func:`~junheng.scores.core.stats.engine_frame` (columns student, sch,
    cls, s0 … sK). ``method``: ``auto`` (numpy for DuckDB or without a backend, the engine otherwise),
    ``numpy`` or ``engine``. Rows are ordered by subject, then student; columns :data:`RANK_COLUMNS`.
    """
    if method not in METHODS:
        raise ValueError(f"standing_ranks: method {method!r} not in {METHODS}")
    if method == "numpy" or (method == "auto" and (backend is None or backend.name == "duckdb")):
        return numpy_ranks(ef)
    if table is None or backend is None:
        raise ValueError("standing_ranks: the engine path needs the engine table and its backend")
    return engine_ranks(ef, table, backend)


def numpy_ranks(ef: ExamFrame) -> pd.DataFrame:
    """The in-memory path: counting ranks over score codes (O(n) per subject)."""
    present = ~np.isnan(ef.scores)
    total = int(present.sum())
    columns = {
        "student": np.empty(total, np.int32),
        "subject": np.empty(total, np.int16),
        "score": np.empty(total, np.float64),
        "rank": np.empty(total, np.int32),
        "school_rank": np.empty(total, np.int32),
        "class_rank": np.empty(total, np.int32),
        "percentile": np.empty(total, np.float64),
    }
    start = 0
    for k in range(len(ef.subjects)):
        rows = np.flatnonzero(present[:, k])
        part = slice(start, start + rows.size)
        x = ef.scores[rows, k]
        code, n_values = value_codes(x)
        rank = ranks_from_codes(code, n_values)
        columns["student"][part] = rows
        columns["subject"][part] = k
        columns["score"][part] = x
        columns["rank"][part] = rank
        columns["school_rank"][part] = ranks_from_codes(code, n_values, ef.school_code[rows])
        columns["class_rank"][part] = ranks_from_codes(code, n_values, ef.class_code[rows])
        columns["percentile"][part] = percentile_rank(rank, rows.size)
        start = part.stop
    return pd.DataFrame(columns, copy=False)


def grid_steps(table: ibis.Table, backend: BaseBackend, columns: list[str]) -> dict[str, int | None]:
    """Per column, the grid step q whose points the scores lie on (None: rank on the exact values).

    One aggregate in the engine; the same rule as :func:`~junheng.scores.core.ranks.value_codes`.
    """
    aggregates = {}
    for i, name in enumerate(columns):
        x = table[name].cast("float64")
        aggregates[f"lo_{i}"] = x.min()
        aggregates[f"hi_{i}"] = x.max()
        for q in GRID_STEPS:
            scaled = x * float(q)
            aggregates[f"dev_{i}_{q}"] = (scaled - scaled.round()).abs().max()
    if not aggregates:
        return {}
    row = engines.to_pandas(backend, table.aggregate(**aggregates)).iloc[0]
    steps: dict[str, int | None] = {}
    for i, name in enumerate(columns):
        steps[name] = None
        low, high = row[f"lo_{i}"], row[f"hi_{i}"]
        if pd.isna(low):
            continue
        for q in GRID_STEPS:
            if (float(high) - float(low)) * q > _GRID_SPAN:
                break
            if float(row[f"dev_{i}_{q}"]) <= _GRID_NOISE:
                steps[name] = q
                break
    return steps


def rank_key(x: ibis.Value, step: int | None) -> ibis.Value:
    """The value ranks are computed on: the grid point ``round(x·q)`` or the score itself."""
    x = x.cast("float64")
    return x if step is None else (x * float(step)).round().cast("float64")


def competition_rank(key: ibis.Value, *group_by: ibis.Value | str) -> ibis.Value:
    """Competition rank (1 = highest ``key``, ties share the lowest rank) within ``group_by``."""
    return ibis.rank().over(ibis.window(group_by=list(group_by), order_by=ibis.desc(key))).cast("int64") + 1


def engine_ranks(ef: ExamFrame, table: ibis.Table, backend: BaseBackend) -> pd.DataFrame:
    """The portable path: window functions over the subjects' scores stacked into one long table."""
    columns = [f"s{k}" for k in range(len(ef.subjects))]
    steps = grid_steps(table, backend, columns)
    parts = []
    for k, name in enumerate(columns):
        x = table[name]
        parts.append(table.filter(x.notnull()).select(
            student=table.student.cast("int64"), subject=ibis.literal(k, type="int64"),
            score=x.cast("float64"), key=rank_key(x, steps[name]), sch=table.sch, cls=table.cls))
    long = ibis.union(*parts)
    rank = competition_rank(long.key, long.subject)
    size = long.student.count().over(ibis.window(group_by=[long.subject])).cast("float64")
    ranked = long.select(
        "student", "subject", "score",
        rank=rank,
        school_rank=competition_rank(long.key, long.subject, long.sch),
        class_rank=competition_rank(long.key, long.subject, long.cls),
        size=size,
    )
    ranked = ranked.mutate(
        percentile=ibis.literal(100.0, type="float64")
        - (ibis.literal(100.0, type="float64") * ranked["rank"].cast("float64") - ibis.literal(50.0, type="float64"))
        / ranked["size"]
    )
    out = engines.to_pandas(backend, ranked.drop("size"))
    order = np.lexsort((out["student"].to_numpy(), out["subject"].to_numpy()))
    return pd.DataFrame({
        "student": out["student"].to_numpy()[order].astype(np.int32),
        "subject": out["subject"].to_numpy()[order].astype(np.int16),
        "score": out["score"].to_numpy(dtype=np.float64)[order],
        "rank": out["rank"].to_numpy()[order].astype(np.int32),
        "school_rank": out["school_rank"].to_numpy()[order].astype(np.int32),
        "class_rank": out["class_rank"].to_numpy()[order].astype(np.int32),
        "percentile": out["percentile"].to_numpy(dtype=np.float64)[order],
    }, copy=False)
