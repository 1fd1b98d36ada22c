"""Fast deployments for the ledger and lottery DB tests: the migrated schema with the small county and one user
of every role is built once per backend and session, then copied for each test (SQLite: the backup API;
PostgreSQL: ``CREATE DATABASE … TEMPLATE``). Each test still gets its own database, as with the shared
``web_deployment`` fixture it replaces (same users, passwords and secret key)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.web.conftest import USERS

SECRET = "test-secret"


def _seed(url: str, data_dir: Path, registry_file: Path) -> None:
    from junheng.accounts import create_user
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.registry.store.importer import import_registry
    from tests.web.conftest import PASSWORD

    dep = Deployment.open(Settings(data_dir=data_dir, database_url=url, secret_key=SECRET))
    with dep.db.transaction() as session:
        import_registry(session, registry_file, "setup", dep.protector)
        for name, (role, school, town) in USERS.items():
            create_user(session, name, PASSWORD, role, f"{name}用户", school, town)
    dep.db.dispose()


@pytest.fixture(scope="session")
def _seeded_sources(tmp_path_factory, _registry_template):
    """backend → the seeded database to copy (built on first use)."""
    sources: dict[str, str] = {}
    yield sources
    if "postgresql" in sources:
        from sqlalchemy import create_engine, text

        admin = create_engine(os.environ["JUNHENG_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{sources["postgresql"]}" WITH (FORCE)'))
        admin.dispose()


def _sqlite_source(sources, tmp_path_factory, registry_file) -> Path:
    if "sqlite" not in sources:
        folder = tmp_path_factory.mktemp("seeded")
        _seed(f"sqlite:///{folder / 'seed.db'}", folder, registry_file)
        sources["sqlite"] = str(folder / "seed.db")
    return Path(sources["sqlite"])


def _pg_template(sources, tmp_path_factory, registry_file) -> str:
    from sqlalchemy import create_engine, text

    if "postgresql" not in sources:
        name = f"jh_seed_{uuid.uuid4().hex[:10]}"
        base = os.environ["JUNHENG_TEST_PG_URL"]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        _seed(base.rsplit("/", 1)[0] + f"/{name}", tmp_path_factory.mktemp("seeded-pg"), registry_file)
        sources["postgresql"] = name
    return sources["postgresql"]


@pytest.fixture
def deployment(database_url, tmp_path, tmp_path_factory, _seeded_sources, _registry_template):
    """A deployment with the small county and the five users, in a fresh copy of the seeded database."""
    from sqlalchemy import create_engine, text

    from junheng.config import Settings
    from junheng.deployment import Deployment

    if database_url.startswith("sqlite"):
        source = _sqlite_source(_seeded_sources, tmp_path_factory, _registry_template)
        target = Path(database_url.removeprefix("sqlite:///"))
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
    else:
        template = _pg_template(_seeded_sources, tmp_path_factory, _registry_template)
        name = database_url.rsplit("/", 1)[1]
        admin = create_engine(os.environ["JUNHENG_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
    dep = Deployment.open(Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key=SECRET),
                          migrate=False)
    yield dep
    dep.db.dispose()


@pytest.fixture
def web_deployment(deployment):
    return deployment
