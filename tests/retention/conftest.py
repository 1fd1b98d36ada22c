"""Fixtures for the retention database and web tests: the web shell's county with two term rosters, a census and
its cases; ``today`` fixed so deadlines are reproducible."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid

import pytest

from tests.web.conftest import app, client_for, csrf_of, login, web_deployment  # noqa: F401

TODAY = dt.date(2024, 9, 30)
CENSUS_DAY = dt.date(2024, 9, 10)


@pytest.fixture
def fixed_today(monkeypatch):
    from junheng.retention.store import service

    monkeypatch.setattr(service, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def censused(web_deployment, tmp_path, fixed_today):  # noqa: F811
    """Both rosters imported, the 2024-2 census run on 10 September, its cases opened."""
    from junheng.retention.store.case_open import open_census_cases
    from junheng.retention.store.census import run_term_census
    from junheng.retention.store.rosters import import_roster
    from tests.retention.webcounty import write_rosters

    previous, current = write_rosters(tmp_path)
    dep = web_deployment
    with dep.db.transaction() as s:
        import_roster(s, previous, term="2024-1", username="staff", protector=dep.protector)
        import_roster(s, current, term="2024-2", username="staff", protector=dep.protector)
        run = run_term_census(s, "2024-2", username="staff", term_start=dt.date(2024, 9, 2), census_date=CENSUS_DAY)
        open_census_cases(s, run, username="staff")
    return dep


def mount_retention_only_if_others_fail(patch) -> None:
    """While other features' routers are still being written and fail to mount, mount only ours (the whole app
    is used as soon as every router mounts; the lead can then drop this)."""
    import junheng.web.app as web_app

    try:
        list(web_app.feature_routers())
    except Exception:   # noqa: BLE001 - any failure in another feature's router module
        from junheng.retention.web.routes import router

        patch.setattr(web_app, "feature_routers", lambda: iter([("retention", router)]))


@pytest.fixture(autouse=True)
def _routers(monkeypatch):
    mount_retention_only_if_others_fail(monkeypatch)


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory):
    """One migrated, empty database per backend for the whole session; each test gets a copy (a file copy on
    SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL) instead of running every migration again (~2 s)."""
    made: dict[str, str] = {}
    yield made
    if "postgresql" in made:
        from sqlalchemy import create_engine, text

        from tests.conftest import PG_URL

        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{made["postgresql"]}" WITH (FORCE)'))
        admin.dispose()


def _template(made: dict, backend: str, folder) -> str:
    from junheng.config import Settings
    from junheng.deployment import Deployment

    if backend in made:
        return made[backend]
    if backend == "sqlite":
        path = folder / "template.db"
        url = f"sqlite:///{path}"
    else:
        from sqlalchemy import create_engine, text

        from tests.conftest import PG_URL

        name = f"jh_tpl_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url, path = PG_URL.rsplit("/", 1)[0] + f"/{name}", name
    dep = Deployment.open(Settings(data_dir=folder, database_url=url, secret_key="test-secret"))
    if backend == "sqlite":
        from sqlalchemy import text

        with dep.db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    dep.db.dispose()
    made[backend] = str(path)
    return made[backend]


@pytest.fixture
def deployment(database_url, tmp_path, tmp_path_factory, _migrated_templates):
    """The root ``deployment`` (same settings, same backends), started from a migrated template."""
    from junheng.config import Settings
    from junheng.deployment import Deployment

    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    template = _template(_migrated_templates, backend, tmp_path_factory.mktemp(f"template-{backend}"))
    if backend == "sqlite":
        shutil.copyfile(template, database_url.removeprefix("sqlite:///"))
    else:
        from sqlalchemy import create_engine, text

        from tests.conftest import PG_URL

        name = database_url.rsplit("/", 1)[1]
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
    dep = Deployment.open(Settings(data_dir=tmp_path / "data", database_url=database_url, secret_key="test-secret"),
                          migrate=False)
    yield dep
    dep.db.dispose()
