"""The engine factory (docs/scale.md): choosing an engine, NaN as NULL, reading a lake's files, releasing.

The same behaviours on PostgreSQL and Spark are checked by tests/conformance/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from junheng.analytics import engines

pytestmark = pytest.mark.core


def test_engine_name_from_argument_setting_and_default(monkeypatch):
    monkeypatch.delenv("JUNHENG_ANALYTICS_ENGINE", raising=False)
    assert engines.engine_name() == "duckdb"
    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "Spark")
    assert engines.engine_name() == "spark"
    assert engines.engine_name("postgresql") == "postgres"


def test_unknown_engine_is_a_clear_chinese_error(monkeypatch):
    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "oracle")
    with pytest.raises(engines.EngineError, match="未知的分析引擎“oracle”：可选 duckdb"):
        engines.connect()


def test_the_setting_is_checked_when_a_deployment_starts(monkeypatch):
    from pydantic import ValidationError

    from junheng.config import Settings

    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "PostgreSQL")
    assert Settings().analytics_engine == "postgres"
    with pytest.raises(ValidationError, match="未知的分析引擎“mysql”"):
        Settings(analytics_engine="mysql")


def test_postgres_without_url_says_which_setting(monkeypatch):
    monkeypatch.delenv("JUNHENG_ANALYTICS_PG_URL", raising=False)
    with pytest.raises(engines.EngineError, match="JUNHENG_ANALYTICS_PG_URL"):
        engines.connect("postgres")


def test_pg_url_forms_and_redaction():
    assert engines._plain_pg_url("postgresql+psycopg://u:pw@h:5432/db") == "postgres://u:pw@h:5432/db"
    assert engines._redact("postgres://u:pw@h:5432/db") == "postgres://u@h:5432/db"
    with pytest.raises(engines.EngineError, match="postgresql://"):
        engines._plain_pg_url("mysql://h/db")


def test_to_arrow_turns_nan_into_null_and_keeps_text():
    frame = pd.DataFrame({"name": ["张三", "李四"], "x": [np.nan, 2.5]})
    data = engines.to_arrow(frame)
    assert data.column("x").null_count == 1
    assert data.column("name").to_pylist() == ["张三", "李四"]
    # an Arrow table that carries NaN as a value (as Parquet files written by other tools may)
    raw = pa.table({"x": pa.array([np.nan, 1.0, None], pa.float64())})
    assert raw.column("x").null_count == 1
    assert engines.to_arrow(raw).column("x").null_count == 2


def test_table_counts_nan_as_absent_and_drop_releases():
    backend = engines.connect("duckdb")
    t = engines.table(backend, pd.DataFrame({"g": [1, 1, 1], "x": [1.0, np.nan, 3.0]}))
    out = engines.to_pandas(backend, t.group_by("g").aggregate(n=t.x.count(), m=t.x.mean()))
    assert out["n"].tolist() == [2] and out["m"].tolist() == [2.0]
    engines.drop(backend, t)
    with pytest.raises(Exception, match=t.get_name()):
        backend.con.sql(f'select * from "{t.get_name()}"').fetchall()
    engines.release(backend)


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_read_lake_files_with_nan_and_chinese(tmp_path, kind):
    path = tmp_path / f"scores.{kind}"
    if kind == "parquet":  # NaN stored as a value, not as null
        pq.write_table(pa.table({"name": ["张三", "李四", "王五"], "x": pa.array([1.0, np.nan, 3.0])}), path)
    else:
        path.write_text("name,x\n张三,1\n李四,\n王五,3\n", encoding="utf-8")
    backend = engines.connect("duckdb")
    t = engines.read(backend, path)
    out = engines.to_pandas(backend, t.aggregate(n=t.x.count(), s=t.x.sum(), names=t.name.count()))
    assert out.iloc[0].tolist() == [2, 4.0, 3]
    engines.drop(backend, t)


def test_read_rejects_missing_and_unknown_files(tmp_path):
    backend = engines.connect("duckdb")
    with pytest.raises(engines.EngineError, match="找不到输入文件"):
        engines.read(backend, tmp_path / "none.parquet")
    (tmp_path / "a.xlsx").write_bytes(b"")
    with pytest.raises(engines.EngineError, match="Parquet（.parquet）或 CSV"):
        engines.read(backend, tmp_path / "a.xlsx")
