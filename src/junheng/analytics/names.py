"""The engine names and the setting that picks one (light: no engine library is imported, so ``Settings``
can check the value at start-up)."""

from __future__ import annotations

import os

ENGINES = ("duckdb", "postgres", "spark")


class EngineError(ValueError):
    """An engine setting or input the user can fix (the message is for them, in Chinese)."""


def engine_name(name: str | None = None) -> str:
    """The engine to use: ``name`` if given, else ``JUNHENG_ANALYTICS_ENGINE``, else ``duckdb``."""
    raw = name if name is not None else os.environ.get("JUNHENG_ANALYTICS_ENGINE", "")
    value = (raw or "duckdb").strip().lower()
    if value == "postgresql":
        value = "postgres"
    if value not in ENGINES:
        raise EngineError(
            f"未知的分析引擎“{raw}”：可选 duckdb（默认）、postgres、spark（设置 JUNHENG_ANALYTICS_ENGINE 或命令的 --engine）"
        )
    return value
