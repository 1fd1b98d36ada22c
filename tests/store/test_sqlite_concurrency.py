"""Concurrent writers on one SQLite file never fail with "database is locked" (WAL, a busy timeout, and
transactions that begin at their first write, with the lock — see junheng.store.db and docs/operations.md)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from junheng.config import Settings
from junheng.deployment import Deployment
from junheng.store.batches import upsert_batch
from junheng.store.models.accounts import AuditEntry


@pytest.fixture(scope="module")
def _migrated(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("migrated")
    Deployment.open(Settings(data_dir=data, database_url="", secret_key="test-secret")).db.dispose()
    return data / "junheng.db"


@pytest.fixture
def sqlite_deployment(_migrated, tmp_path: Path):
    (tmp_path / "data").mkdir()
    shutil.copy(_migrated, tmp_path / "data" / "junheng.db")
    dep = Deployment.open(Settings(data_dir=tmp_path / "data", database_url="", secret_key="test-secret"),
                          migrate=False)
    yield dep
    dep.db.dispose()


def _audit_count(dep) -> int:
    with dep.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_busy_timeout_and_wal_on_every_connection(sqlite_deployment):
    with sqlite_deployment.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_naive_deferred_transactions_do_fail_on_a_stale_snapshot(tmp_path):
    """The failure the settings avoid: a transaction that read, then writes after another writer committed,
    gets "database is locked" at once, whatever the timeout (a control showing the later tests can fail)."""
    url = f"sqlite:///{tmp_path / 'naive.db'}"
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @event.listens_for(engine, "begin")
    def _deferred(conn):
        conn.exec_driver_sql("BEGIN")

    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    reader, other = engine.connect(), engine.connect()
    with reader.begin():
        reader.exec_driver_sql("SELECT count(*) FROM t").scalar()
        with other.begin():
            other.exec_driver_sql("INSERT INTO t VALUES (1)")
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"):
            reader.exec_driver_sql("INSERT INTO t VALUES (2)")
        assert time.monotonic() - started < 1  # no waiting helps: the snapshot is stale
    reader.close(), other.close()
    engine.dispose()


def test_page_view_that_writes_after_another_commit(sqlite_deployment):
    """The same sequence through ``Database.transaction`` (a page view that logs an access) succeeds."""
    db = sqlite_deployment.db
    with db.transaction() as page:
        before = page.scalar(select(func.count()).select_from(AuditEntry))
        with db.transaction() as post:
            post.add(AuditEntry(username="b", action="test:post", target="x", detail={}))
        page.add(AuditEntry(username="a", action="test:view", target="x", detail={"saw": before}))
    assert _audit_count(sqlite_deployment) == before + 2


def test_a_transaction_holds_the_lock_from_its_first_write(sqlite_deployment):
    """Once a transaction has written, a second writer waits for its commit (then goes on, no error)."""
    db = sqlite_deployment.db
    order: list[str] = []
    wrote = threading.Event()

    def second_writer():
        wrote.wait()
        with db.transaction() as s:
            s.add(AuditEntry(username="b", action="test:second", target="x", detail={}))
            s.flush()
            order.append("second wrote")

    t = threading.Thread(target=second_writer)
    t.start()
    with db.transaction() as s:
        s.add(AuditEntry(username="a", action="test:first", target="x", detail={}))
        s.flush()
        wrote.set()
        time.sleep(0.3)
        order.append("first commits")
    t.join(10)
    assert order == ["first commits", "second wrote"]


def test_a_request_that_only_read_can_dry_run_an_import_in_a_second_session(sqlite_deployment):
    """The preview pattern (junheng.teachers.web.uploads.trial, the registry upload): the request's session has
    read the user; a second session writes a whole import and rolls it back; the request then writes."""
    db = sqlite_deployment.db
    with db.transaction() as request_session:
        request_session.scalar(select(func.count()).select_from(AuditEntry))
        trial = db.sessions()
        try:
            upsert_batch(trial, "test", "preview.xlsx", "admin",
                         [("county", ("county_code",), [{"county_code": "990001", "name": "试导入县"}])])
        finally:
            trial.rollback()
            trial.close()
        started = time.monotonic()
        request_session.add(AuditEntry(username="a", action="test:after-preview", target="x", detail={}))
        request_session.flush()
        assert time.monotonic() - started < 1
    with db.sessions() as s:
        assert s.scalar(text("SELECT count(*) FROM county")) == 0


def test_eight_concurrent_writers_never_see_database_is_locked(sqlite_deployment, tmp_path):
    """Imports, form posts, page views that log access and a second process's long import, all at once on
    one file; every write lands and none fails."""
    dep = sqlite_deployment
    # a second engine on the same file behaves as another process would (locks are per connection)
    other = Deployment.open(Settings(data_dir=tmp_path / "data", database_url="", secret_key="test-secret"),
                            migrate=False)
    rounds = 15
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def imports(worker: int):
        for i in range(rounds):
            with dep.db.transaction() as s:
                upsert_batch(s, "test", f"w{worker}-{i}.xlsx", "clerk", [
                    ("county", ("county_code",), [{"county_code": f"9{worker}{i:04d}", "name": f"县{worker}-{i}"}]),
                ])

    def posts(worker: int):
        for i in range(rounds):
            with dep.db.transaction() as s:  # read, decide, write: a form post
                n = s.scalar(select(func.count()).select_from(AuditEntry))
                time.sleep(0.002)
                s.add(AuditEntry(username=f"u{worker}", action="test:post", target=str(i), detail={"seen": n}))

    def page_views(worker: int):
        for i in range(rounds):
            with dep.db.transaction() as s:  # a page view that logs who saw a ranked list
                s.scalar(select(func.count()).select_from(AuditEntry))
                time.sleep(0.002)
                s.add(AuditEntry(username=f"v{worker}", action="test:view", target=str(i), detail={}))

    def long_import(_worker: int):
        for i in range(2):
            with other.db.transaction() as s:
                upsert_batch(s, "test-long", f"long-{i}.xlsx", "admin", [
                    ("county", ("county_code",), [{"county_code": f"8{i}{k:04d}", "name": f"长{k}"}
                                                  for k in range(300)]),
                ])
                time.sleep(0.5)  # the lock held as by a county-sized import

    def run(fn, worker):
        try:
            start.wait()
            fn(worker)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported below
            errors.append(exc)

    plan = [imports, imports, posts, posts, page_views, page_views, page_views, long_import]
    threads = [threading.Thread(target=run, args=(fn, w)) for w, fn in enumerate(plan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.db.dispose()
    assert not errors, errors
    with dep.db.sessions() as s:
        assert s.scalar(text("SELECT count(*) FROM county")) == 2 * rounds + 600
        actions = dict(s.execute(select(AuditEntry.action, func.count()).group_by(AuditEntry.action)).all())
    assert actions == {"import:test": 2 * rounds, "import:test-long": 2, "test:post": 2 * rounds,
                       "test:view": 3 * rounds}
    with dep.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
