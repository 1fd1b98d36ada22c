"""Backup and restore as one portable file (gzip JSON of every table), so SQLite ↔ PostgreSQL both work."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

from sqlalchemy import select, text

from junheng.store.base import Base
from junheng.store.db import Database


def _encode(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return {"__dt__": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "__dt__" in value:
        return dt.datetime.fromisoformat(value["__dt__"])
    return value


def dump(db: Database, path: Path) -> dict[str, int]:
    from junheng.modules import load_models

    load_models()  # every module's tables

    counts = {}
    data = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = [{k: _encode(v) for k, v in r._mapping.items()} for r in conn.execute(select(table))]
            data[table.name] = rows
            counts[table.name] = len(rows)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump({"format": "junheng-backup-1", "tables": data}, fh, ensure_ascii=False)
    return counts


def load(db: Database, path: Path) -> dict[str, int]:
    from junheng.modules import load_models

    load_models()

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    if payload.get("format") != "junheng-backup-1":
        raise ValueError(f"{path} 不是均衡平台的备份文件")
    counts = {}
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
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
