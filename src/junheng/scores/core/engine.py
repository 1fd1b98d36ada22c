"""The analytics engine of the scores module: the shared engines of ``junheng.analytics`` (DESIGN §2).

Pitfalls this stack is written around (see tests/scores/core/test_engine.py, which would catch the break):
Ibis 12 needs ``sqlglot>=28,<29`` (sqlglot 30 breaks even ``create_table``); DuckDB 2.0 has no ``.arrow()`` on
results, so results leave the engine through Ibis' ``to_pyarrow``/``to_pandas``.
"""

from __future__ import annotations

from junheng.analytics.engines import connect, drop, read, release, table, to_pandas

__all__ = ["connect", "drop", "read", "release", "table", "to_pandas"]
