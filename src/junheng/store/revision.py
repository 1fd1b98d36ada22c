"""Data revisions: per module, a counter that moves on, in the same transaction, with every commit that wrote
that module's tables — so a cache of derived figures (``junheng.store.memo``) keyed by the revisions of the
modules it reads is never stale, and needs no list of the tables behind each figure.

Writes are seen at the driver (``before_cursor_execute``), whatever made them: the ORM, an import's bulk
insert, an undo, a restore. A table belongs to the module whose ``store/models.py`` maps it (the platform's own
tables to ``platform``); a table no module maps moves every module on (``*``, which every key includes). The
counters move at commit, not at the first write, so the row lock PostgreSQL takes on them lasts an instant
rather than a whole import; a rolled-back transaction moves nothing. Bookkeeping that changes no figure — web
sessions, the audit log (views of health data are logged), users' sign-in counters — does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from junheng.store.models.revision import DataRevision

ANY = "*"
NOT_DATA = frozenset({"web_session", "audit_entry", "app_user", "data_revision", "alembic_version"})
_WROTE = "junheng_wrote_modules"
_TARGET = re.compile(r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)""",
                     re.IGNORECASE)
_MODULE_NAME = re.compile(r"^[a-z_*]{1,32}$")
_owners: dict[str, str] = {}


def written_table(statement: str) -> str | None:
    """The table a DML statement writes, or None for a read (or DDL, which changes no row)."""
    found = _TARGET.match(statement)
    return found.group(1).lower() if found else None


def module_of(table: str) -> str:
    """The module owning ``table``: ``junheng.<module>.store.models`` maps it; ``platform`` for the platform's
    own; ``*`` for a table nothing maps."""
    if table not in _owners:
        from junheng.store.base import Base

        for mapper in Base.registry.mappers:
            parts = mapper.class_.__module__.split(".")
            owner = "platform" if parts[1] == "store" else parts[1]
            for t in mapper.tables:
                _owners[t.name] = owner
    return _owners.get(table, ANY)


def install(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _move_on_at_commit)
    event.listen(engine, "rollback", _forget)


def current(session: Session, modules: Iterable[str]) -> tuple[int, ...]:
    """The committed revisions of ``modules`` and of ``*``, in that order (0 before a module's first write)."""
    names = (*modules, ANY)
    found = dict(session.execute(select(DataRevision.module, DataRevision.n)
                                 .where(DataRevision.module.in_(names))).all())
    return tuple(found.get(m, 0) for m in names)


def has_uncommitted_writes(session: Session) -> bool:
    """Has this session written data it has not committed (pending ORM changes included)?"""
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        return True
    if not session.in_transaction():
        return False
    return bool(session.connection().info.get(_WROTE))


def _note_write(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    table = written_table(statement)
    if table is not None and table not in NOT_DATA:
        conn.info.setdefault(_WROTE, set()).add(module_of(table))


def _move_on_at_commit(conn) -> None:
    modules = conn.info.pop(_WROTE, None)
    if not modules:
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        for module in sorted(modules):  # one order for every writer: no deadlock between two commits
            if not _MODULE_NAME.match(module):  # names come from our own packages; inlined, so checked
                raise ValueError(f"not a module name: {module!r}")
            cursor.execute(f"INSERT INTO data_revision (module, n) VALUES ('{module}', 1) "
                           "ON CONFLICT (module) DO UPDATE SET n = data_revision.n + 1")
    finally:
        cursor.close()


def _forget(conn) -> None:
    conn.info.pop(_WROTE, None)
