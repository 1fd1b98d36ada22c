"""The Ibis/sqlglot/DuckDB stack works (DESIGN §2: Ibis 12 breaks on sqlglot 30; DuckDB 2.0 has no .arrow())."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
import sqlglot

from junheng.scores.core import engine

pytestmark = pytest.mark.core


def test_sqlglot_is_pinned_below_29():
    major = int(sqlglot.__version__.split(".")[0])
    assert 28 <= major < 29, f"sqlglot {sqlglot.__version__}: Ibis 12 needs >=28,<29"


def test_ibis_create_table_and_group_by_on_duckdb():
    backend = ibis.duckdb.connect()
    t = backend.create_table("t", pd.DataFrame({"g": [1, 1, 2], "x": [1.0, 3.0, 5.0]}))
    out = backend.to_pandas(t.group_by("g").aggregate(m=t.x.mean(), s=t.x.std(how="pop"), n=t.x.count()).order_by("g"))
    assert out["m"].tolist() == [2.0, 5.0]
    assert out["s"].tolist() == [1.0, 0.0]
    assert out["n"].tolist() == [2, 1]


def test_engine_table_registers_and_releases():
    backend = engine.connect()
    t = engine.table(backend, pd.DataFrame({"cls": [0, 0, 1], "s0": [1.0, None, 2.0]}))
    out = backend.to_pandas(t.group_by("cls").aggregate(n=t.s0.count()).order_by("cls"))
    assert out["n"].tolist() == [1, 1]
    engine.drop(backend, t)
    with pytest.raises(Exception, match=t.get_name()):  # ibis' list_tables itself fails on DuckDB 2.0
        backend.con.sql(f'select * from "{t.get_name()}"').fetchall()


def test_duckdb_results_leave_through_to_arrow_table():
    import duckdb

    con = duckdb.connect()
    assert con.sql("select 1 as a").to_arrow_table().num_rows == 1
