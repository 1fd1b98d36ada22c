"""The conformance suite (docs/scale.md): the same inputs through every analytics engine give the same figures.

One backend per engine and worker process: DuckDB in memory, the test PostgreSQL server (``JUNHENG_TEST_PG_URL``,
started by ``make test``; skipped when unset, except under CI where it must be there) and local Spark (one
session per process; skipped without Java or pyspark, except under CI).
"""

from __future__ import annotations

import shutil
import time
from functools import lru_cache

import pytest

from junheng.analytics import engines
from tests.conftest import PG_URL, REQUIRE_PG

ENGINE_PARAMS = [
    pytest.param("duckdb", id="duckdb"),
    pytest.param("postgres", id="postgresql",
                 marks=[] if PG_URL or REQUIRE_PG else [pytest.mark.skip(reason="未设置 JUNHENG_TEST_PG_URL")]),
    pytest.param("spark", id="spark"),
]
SPARK_START: dict[str, float] = {}


def _spark_available() -> str:
    """Why local Spark cannot run here ('' when it can)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "未安装 pyspark（pip install .[test] 或 .[spark]）"
    if shutil.which("java") is None:
        return "没有 Java（scripts/system-deps.sh 安装 openjdk-17）"
    return ""


@pytest.fixture(scope="session", params=ENGINE_PARAMS)
def backend(request):
    """A backend of each engine, shared by the tests of one worker process."""
    name = request.param
    if name == "postgres":
        if not PG_URL:
            pytest.fail("CI 必须在 PostgreSQL 上运行一致性测试：请通过 make test 运行（它会启动 PostgreSQL）")
        b = engines.connect("postgres", pg_url=PG_URL)
        yield b
        engines.release(b)
        return
    if name == "spark":
        missing = _spark_available()
        if missing:
            if REQUIRE_PG:  # CI: the Spark path must be tested
                pytest.fail(f"CI 必须在本地 Spark 上运行一致性测试：{missing}")
            pytest.skip(missing)
        start = time.perf_counter()
        b = engines.connect("spark", spark_master="local[2]", spark_conf=engines.FAST_START)
        SPARK_START.setdefault("seconds", time.perf_counter() - start)
        yield b
        return  # the session lives as long as the worker process (stopping it costs a second, to no use)
    b = engines.connect("duckdb")
    yield b
    engines.release(b)


@lru_cache(maxsize=1)
def demo_county():
    from junheng.demo import generate_county

    return generate_county(2024)


@pytest.fixture(scope="session")
def county():
    """The demo county (seed 2024): realistic, held-out-style exams of some 4,600 students."""
    return demo_county()


def pytest_terminal_summary(terminalreporter):
    if SPARK_START:
        terminalreporter.write_line(f"local Spark session started in {SPARK_START['seconds']:.1f} s")
