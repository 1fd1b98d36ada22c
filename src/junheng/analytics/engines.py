"""The analytics engines: one Ibis backend — in-memory DuckDB (default), PostgreSQL or Spark (docs/scale.md).

``connect()`` picks the engine from ``JUNHENG_ANALYTICS_ENGINE`` (``duckdb`` | ``postgres`` | ``spark``);
``table()`` hands a pandas frame to it, ``read()`` a Parquet/CSV path (a province's lake), ``drop()`` and
``release()`` let go of what was made. Nothing is built at import time; pyspark is imported only for Spark.

Absent values must reach every engine as NULL, never as NaN: PostgreSQL and Spark store NaN as a number, so
``count`` would count absent students (a class of 2 who sat out of 3 listed gave n = 3 on Spark). ``table()``
therefore converts the frame to Arrow (NaN → null) before any engine sees it, and gives Spark the Arrow table
itself: Ibis' own path to Spark goes back through pandas and would bring the NaN back.

Spark runs in one session per process (JVM start ≈ 10 s on a 2-core machine, docs/scale.md): local mode
``local[2]`` unless ``JUNHENG_SPARK_MASTER`` names a cluster (``spark://host:7077``, ``yarn``…).
"""

from __future__ import annotations

import itertools
import os
import threading
import warnings
from pathlib import Path

import ibis
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from junheng.analytics.names import ENGINES, EngineError, engine_name

__all__ = [
    "ENGINES",
    "EngineError",
    "connect",
    "drop",
    "engine_name",
    "read",
    "release",
    "spark_session",
    "stop_spark",
    "table",
    "to_arrow",
    "to_pandas",
]

DEFAULT_SPARK_MASTER = "local[2]"
SPARK_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.ansi.enabled": "false",
}
# A local JVM for short runs (tests): the quick C1 compiler only, so the first queries are not slowed by
# compiling (measured: first analysis 14 s instead of 19 s). Not for long jobs on a cluster.
FAST_START = {"spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
# pyspark 4.3 warns on import and on every result that it does not fully support pandas 3; the paths we use
# (Arrow in, to_pandas out) are covered by the conformance suite.
PANDAS_WARNING = "PySpark does not yet fully support pandas"

_names = itertools.count()
_spark_lock = threading.Lock()
_spark_session = None


def connect(name: str | None = None, *, pg_url: str | None = None, spark_master: str | None = None,
            spark_conf: dict[str, str] | None = None) -> BaseBackend:
    """A backend of the chosen engine.

    - ``duckdb``: a fresh in-memory database.
    - ``postgres``: ``pg_url`` or ``JUNHENG_ANALYTICS_PG_URL`` (``postgresql://user@host:port/db``; the
      ``postgresql+psycopg://`` form of ``JUNHENG_DATABASE_URL`` is accepted too). Inputs become temporary tables.
    - ``spark``: the process' Spark session (created on first use), master ``spark_master`` or
      ``JUNHENG_SPARK_MASTER`` or ``local[2]``; ``spark_conf`` adds settings when the session is created
      (the tests use :data:`FAST_START` for a quicker local JVM).
    """
    engine = engine_name(name)
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "postgres":
        url = pg_url if pg_url is not None else os.environ.get("JUNHENG_ANALYTICS_PG_URL", "")
        if not url:
            raise EngineError("分析引擎 postgres 需要数据库地址：请设置 JUNHENG_ANALYTICS_PG_URL（postgresql://用户@主机:端口/库名）")
        url = _plain_pg_url(url)
        try:
            return ibis.connect(url)
        except Exception as exc:  # psycopg's own message names host and cause
            raise EngineError(f"无法连接分析用 PostgreSQL（{_redact(url)}）：{exc}") from exc
    return _spark_backend(spark_master, spark_conf)


def _plain_pg_url(url: str) -> str:
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgres://" + url[len(prefix):]
    raise EngineError(f"分析用 PostgreSQL 地址应以 postgresql:// 开头：{_redact(url)}")


def _redact(url: str) -> str:
    """The URL without its password."""
    head, sep, tail = url.partition("://")
    if "@" in tail:
        creds, _, host = tail.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{head}{sep}{user}@{host}"
    return url


def _import_pyspark():
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
            import pyspark  # noqa: F401
            from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError("分析引擎 spark 需要 pyspark：请执行 pip install .[spark]（另需 Java 17）") from exc
    return SparkSession


def spark_session(master: str | None = None, conf: dict[str, str] | None = None):
    """The process' Spark session (one per process: the JVM is expensive to start); ``conf`` applies only
    when this call creates it."""
    global _spark_session
    with _spark_lock:
        if _spark_session is not None and not _spark_session.sparkContext._jsc.sc().isStopped():
            return _spark_session
        session_class = _import_pyspark()
        master = master or os.environ.get("JUNHENG_SPARK_MASTER", "") or DEFAULT_SPARK_MASTER
        builder = session_class.builder.master(master).appName("junheng")
        for key, value in {**SPARK_CONFIG, **(conf or {})}.items():
            builder = builder.config(key, value)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
            try:
                session = builder.getOrCreate()
            except Exception as exc:  # no Java, unreachable master…
                raise EngineError(f"无法启动 Spark（spark.master = {master}）：{exc}") from exc
        session.sparkContext.setLogLevel("ERROR")
        _spark_session = session
        return session


def _spark_backend(master: str | None, conf: dict[str, str] | None = None) -> BaseBackend:
    session = spark_session(master, conf)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
        import ibis.backends.pyspark

        return ibis.pyspark.connect(session)


def stop_spark() -> None:
    """Stop the process' Spark session, if any (the CLI calls this when a command ends)."""
    global _spark_session
    with _spark_lock:
        if _spark_session is not None:
            _spark_session.stop()
            _spark_session = None


def to_arrow(frame: pd.DataFrame | pa.Table) -> pa.Table:
    """An Arrow table with every NaN of a float column turned into null (absent, not a number)."""
    if isinstance(frame, pa.Table):
        table = frame
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)  # pandas NaN → null
    columns = []
    for column in table.columns:
        if pa.types.is_floating(column.type) and column.null_count < len(column):
            import pyarrow.compute as pc

            column = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def table(backend: BaseBackend, frame: pd.DataFrame | pa.Table, stem: str = "scores") -> ibis.Table:
    """Make ``frame`` available to the backend (NaN as NULL) and return its Ibis expression.

    On DuckDB the frame is registered as an Arrow view (zero copy, 4× faster than ``create_table`` for
    10⁶ rows); Spark gets a temporary view of a DataFrame made from the Arrow table; other backends a
    temporary table.
    """
    name = f"_jh_{stem}_{next(_names)}"
    data = to_arrow(frame)
    if backend.name == "duckdb":
        backend.con.register(name, data)
        return backend.table(name)
    if backend.name == "pyspark":
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
            backend._session.createDataFrame(data).createOrReplaceTempView(name)
        return backend.table(name)
    return backend.create_table(name, data, temp=True)


def read(backend: BaseBackend, path: str | Path, stem: str = "input") -> ibis.Table:
    """A Parquet or CSV file (or a directory of Parquet files) as a table of the backend.

    Spark reads the path itself (on a cluster it may be ``hdfs://…`` or ``s3a://…``), DuckDB reads CSV
    itself; PostgreSQL, and DuckDB for Parquet, get the file's rows through Arrow. CSV is UTF-8 with a header
    row; NaN becomes NULL. (DuckDB 2.0 trusts a Parquet file's min/max statistics, which leave NaN out, and
    folds ``isnan(x)`` to false: NaN read by DuckDB itself could not be told from a score.)
    """
    text = str(path)
    kind = _kind(text)
    name = f"_jh_{stem}_{next(_names)}"
    local = "://" not in text
    if local and not Path(text).exists():
        raise EngineError(f"找不到输入文件：{text}")
    try:
        if backend.name == "pyspark" or (backend.name == "duckdb" and kind == "csv"):
            reader = backend.read_parquet if kind == "parquet" else backend.read_csv
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
                expr = reader(text, table_name=name) if backend.name == "duckdb" else _spark_read(
                    backend, text, kind, name)
            return _nan_to_null(expr)
        return table(backend, _arrow_read(text, kind), stem)
    except EngineError:
        raise
    except Exception as exc:
        raise EngineError(f"无法读取 {text}：{exc}") from exc


def _kind(path: str) -> str:
    lower = path.lower().rstrip("/")
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".parquet", ".pq")) or "." not in Path(lower).name:
        return "parquet"  # a directory of Parquet parts
    raise EngineError(f"只能读取 Parquet（.parquet）或 CSV（.csv）文件：{path}")


def _spark_read(backend: BaseBackend, path: str, kind: str, name: str) -> ibis.Table:
    reader = backend._session.read
    frame = reader.parquet(path) if kind == "parquet" else reader.options(
        header="true", inferSchema="true", encoding="UTF-8").csv(path)
    frame.createOrReplaceTempView(name)
    return backend.table(name)


def _arrow_read(path: str, kind: str) -> pa.Table:
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    import pyarrow.csv as pcsv

    return pcsv.read_csv(path)


def _nan_to_null(expr: ibis.Table) -> ibis.Table:
    """Float columns with NaN read from a file: NaN → NULL in the engine (a no-op projection otherwise)."""
    floats = [name for name, dtype in expr.schema().items() if dtype.is_floating()]
    if not floats:
        return expr
    return expr.mutate(**{name: ibis.ifelse(expr[name].isnan(), ibis.null(expr[name].type()), expr[name])
                          for name in floats})


def drop(backend: BaseBackend, expr: ibis.Table) -> None:
    """Release a table made by :func:`table` or :func:`read`."""
    op = expr.op()
    while not hasattr(op, "name") and getattr(op, "parent", None) is not None:  # a projection over a read
        op = op.parent
    name = getattr(op, "name", None)
    if not name or not str(name).startswith("_jh_"):
        return
    if backend.name == "duckdb":
        backend.con.execute(f'DROP VIEW IF EXISTS "{name}"')  # registered Arrow tables are views too
    elif backend.name == "pyspark":
        backend._session.catalog.dropTempView(name)
    else:
        backend.drop_table(name, force=True)


def release(backend: BaseBackend) -> None:
    """Let go of a backend from :func:`connect` (Spark's session stays for the process: see :func:`stop_spark`)."""
    if backend.name == "pyspark":
        return
    backend.disconnect()


def to_pandas(backend: BaseBackend, expr: ibis.Expr) -> pd.DataFrame:
    """Execute ``expr`` and return a pandas frame (quiet about pyspark's pandas-version warning)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PANDAS_WARNING, category=FutureWarning)
        return backend.to_pandas(expr)
