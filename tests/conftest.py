"""Shared fixtures: a deployment on SQLite and on PostgreSQL (when ``JUNHENG_TEST_PG_URL`` is set)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import settings as hsettings

hsettings.register_profile("dev", max_examples=30, deadline=None)
hsettings.register_profile("ci", max_examples=150, deadline=None, derandomize=True)  # CI must not flake
hsettings.load_profile("ci" if os.environ.get("CI") else "dev")

PG_URL = os.environ.get("JUNHENG_TEST_PG_URL", "")
REQUIRE_PG = bool(os.environ.get("CI"))


def _backends():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql",
                       marks=[] if PG_URL or REQUIRE_PG else [pytest.mark.skip(reason="未设置 JUNHENG_TEST_PG_URL")])


@pytest.fixture(params=list(_backends()))
def database_url(request, tmp_path: Path):
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not PG_URL:
        pytest.fail("CI 必须在 PostgreSQL 上运行存储测试：请通过 make test 运行（它会启动 PostgreSQL）")
    from sqlalchemy import create_engine, text

    name = f"jh_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def deployment(database_url, tmp_path):
    from junheng.config import Settings
    from junheng.deployment import Deployment

    dep = Deployment.open(Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key="test-secret"))
    yield dep
    dep.db.dispose()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Production argon2 parameters cost ~0.2 s a hash; tests only need the same code path."""
    from argon2 import PasswordHasher

    from junheng import accounts

    original = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = original


@pytest.fixture(scope="session")
def _registry_template(tmp_path_factory) -> Path:
    from junheng.registry.reports.excel import write_registry
    from tests.factories import small_registry

    return write_registry(small_registry(), tmp_path_factory.mktemp("registry") / "学校名册.xlsx")


@pytest.fixture
def registry_file(_registry_template, tmp_path) -> Path:
    import shutil

    return Path(shutil.copy(_registry_template, tmp_path / "学校名册.xlsx"))
