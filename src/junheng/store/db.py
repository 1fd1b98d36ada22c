"""Engine, sessions and migrations, built from explicit settings (never at import time)."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from junheng.config import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


class Database:
    """One engine and its session factory for a deployment."""

    def __init__(self, settings: Settings):
        self.settings = settings
        url = settings.resolved_database_url()
        if url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True,
                                            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S} if sqlite else {})
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
            event.listen(self.engine, "before_cursor_execute", _sqlite_begin_on_write)
        from junheng.store import revision

        revision.install(self.engine)  # after the SQLite hooks: a write has its BEGIN IMMEDIATE first
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back whole on any error.

        On SQLite it reads the newest committed data statement by statement and takes the write lock at its
        first write (``BEGIN IMMEDIATE``), holding it to the end, as PostgreSQL's READ COMMITTED would; so a
        write never meets a stale snapshot, the one case SQLite answers "database is locked" without waiting
        (see docs/operations.md)."""
        with self.sessions() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest revision of every feature branch (``alembic upgrade heads``)."""
        from alembic import command

        command.upgrade(alembic_config(self.url), "heads")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    from junheng.modules import migration_folders

    cfg.set_main_option("script_location", str(MIGRATIONS))
    # the foundation's revisions, then one folder (one Alembic branch) per module
    folders = [MIGRATIONS / "versions", *migration_folders()]
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# SQLite allows one writer at a time. WAL lets readers go on while it writes; the busy timeout makes a second
# writer wait for the lock (up to an import of a whole county, ~10 s) instead of failing; and a transaction
# begins at its first write, with the lock (BEGIN IMMEDIATE): one that had begun at a read and asks for the
# lock after another writer committed would get SQLITE_BUSY at once, whatever the timeout. Not taking the lock
# at the first read keeps page views (which may log an access) from queueing behind each other, and lets a
# request that has only read run a dry-run import in a second session.
SQLITE_BUSY_TIMEOUT_S = 30
SQLITE_BEGIN = "junheng_sqlite_begin"  # execution option: "immediate", "deferred", or absent (at first write)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # the driver begins nothing itself; _sqlite_begin does
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.close()


def _sqlite_begin(conn) -> None:
    mode = conn.get_execution_options().get(SQLITE_BEGIN)
    if mode == "immediate":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif mode == "deferred":  # one consistent snapshot for a long read (a backup)
        conn.exec_driver_sql("BEGIN")


def _sqlite_begin_on_write(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    dbapi = conn.connection.dbapi_connection
    if dbapi.in_transaction or conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    if statement.lstrip()[:9].upper().startswith(_WRITES):
        dbapi.execute("BEGIN IMMEDIATE")


def lock_for_numbering(session: Session, sequence: str) -> None:
    """Hold the right to hand out numbers of ``sequence`` (e.g. 整改台账 item numbers) to the end of the transaction.

    A number read as "the highest so far + 1" is only free while no one else reads the same highest: two
    requests at once would otherwise both take it and the second would fail on the key. On PostgreSQL an
    advisory lock per sequence; on SQLite the database's write lock, taken now rather than at the first write
    (a write to nothing: ``UPDATE … WHERE 0`` of a bookkeeping table)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": zlib.crc32(sequence.encode()) - 2**31})
    else:
        session.execute(text("UPDATE data_revision SET n = n WHERE 0"))
