"""Backup and restore as one portable file (gzip JSON of every table), so SQLite ↔ PostgreSQL both work."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import tempfile
from pathlib import Path

from sqlalchemy import select, text

from junheng.store.base import Base
from junheng.store.db import SQLITE_BEGIN, Database


def _encode(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return {"__dt__": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "__dt__" in value:
        return dt.datetime.fromisoformat(value["__dt__"])
    return value


# signed-in sessions are not data: a restore ends them all (a session ended since the backup must not come back)
NOT_BACKED_UP = frozenset({"web_session", "data_revision"})
# the data revision goes on counting across a restore (its writes move it on): caches keyed by an older
# value must never match the restored data
KEPT_ON_RESTORE = frozenset({"data_revision"})


def dump(db: Database, path: Path) -> dict[str, int]:
    from junheng.modules import load_models

    load_models()  # every module's tables

    counts = {}
    data = {}
    # every table from one snapshot, so a backup taken while the service writes is still consistent
    snapshot = {SQLITE_BEGIN: "deferred"} if db.engine.dialect.name == "sqlite" else \
        {"isolation_level": "REPEATABLE READ"}
    with db.engine.connect().execution_options(**snapshot) as conn, conn.begin():
        for table in Base.metadata.sorted_tables:
            rows = [] if table.name in NOT_BACKED_UP else \
                [{k: _encode(v) for k, v in r._mapping.items()} for r in conn.execute(select(table))]
            data[table.name] = rows
            counts[table.name] = len(rows)
    _write_atomically(path, {"format": "junheng-backup-1", "tables": data})
    return counts


def _write_atomically(path: Path, payload: dict) -> None:
    """Write beside the target, flush to disk, then rename over it: a crash leaves the old file or the new
    one, never half a backup under the backup's name."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with gzip.GzipFile(filename=path.name, mode="wb", fileobj=raw) as gz, \
                    io.TextIOWrapper(gz, encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(tmp, 0o600)  # the backup holds every table, encrypted ID numbers included
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def load(db: Database, path: Path) -> dict[str, int]:
    from junheng.modules import load_models

    load_models()

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    if payload.get("format") != "junheng-backup-1":
        raise ValueError(f"{path} 不是均衡平台的备份文件")
    counts = {}
    # one transaction holding the write lock from the start: a crash or kill leaves the old data whole
    with db.engine.connect().execution_options(**{SQLITE_BEGIN: "immediate"}) as conn, conn.begin():
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_ON_RESTORE:
                conn.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            rows = [{k: _decode(v) for k, v in r.items()} for r in payload["tables"].get(table.name, [])]
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":  # keep sequences ahead of restored ids
            for table in Base.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement is not False and counts[table.name]:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT MAX(id) FROM {table.name}))"))
    return counts
