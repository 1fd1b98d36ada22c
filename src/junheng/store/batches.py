"""The one write path for imports: upsert rows by key inside the caller's transaction, recording a batch
with each row's state before and after, so that any batch can be listed and undone."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Float, Numeric, String, delete, select, tuple_
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.store.base import Base, utcnow
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class BatchResult:
    batch_id: int
    counts: dict[str, TableCounts] = field(default_factory=dict)

    def summary(self) -> dict:
        return {t: vars(c) for t, c in self.counts.items()}


def model_for(table: str) -> type[Base]:
    from junheng.modules import load_models

    load_models()  # a batch may name any module's table
    for mapper in Base.registry.mappers:
        if mapper.class_.__tablename__ == table:
            return mapper.class_
    raise KeyError(table)


def _row_key(values: dict, key: tuple[str, ...]) -> str:
    return json.dumps({k: values[k] for k in key}, ensure_ascii=False, sort_keys=True)


def _state(obj, columns: list[str]) -> dict:
    return {c: getattr(obj, c) for c in columns}


def unfit_values(file_name: str, tables: list[tuple[str, tuple[str, ...], list[dict]]],
                 row_column: str = "", sheet: str = "") -> list[Problem]:
    """Values no column can hold: text longer than its column (PostgreSQL refuses it mid-transaction, SQLite
    keeps it whole) and NaN or infinity in a number column. The last guard before a write, for whatever a
    reader let through; each problem names the file, the row's key (or its file row, from ``row_column``) and
    the column."""
    problems: list[Problem] = []
    for table, key, rows in tables:
        model = model_for(table)
        limits = {c.key: c.type.length for c in model.__table__.columns
                  if isinstance(c.type, String) and c.type.length}
        numbers = {c.key for c in model.__table__.columns if isinstance(c.type, Float | Numeric)}
        for n, values in enumerate(rows, start=1):
            for column, value in values.items():
                if isinstance(value, str):
                    limit = limits.get(column)
                    if limit and len(value) > limit:
                        reason = f"内容过长（{len(value)} 个字符，最多 {limit} 个）"
                    else:
                        continue
                elif isinstance(value, float) and column in numbers and not math.isfinite(value):
                    reason = f"「{value}」不是有效数值"
                else:
                    continue
                line = values.get(row_column) if row_column else None
                if isinstance(line, int):
                    problems.append(Problem(file_name, sheet, line, column, reason))
                else:
                    where = "、".join(f"{values.get(k)}" for k in key if values.get(k) not in (None, ""))
                    problems.append(Problem(file_name, sheet, None, column,
                                            f"第 {n} 条记录（{where or '无标识'}）：{reason}"))
                if len(problems) >= 50:
                    return problems
    return problems


def upsert_batch(session: Session, kind: str, file_name: str, username: str,
                 tables: list[tuple[str, tuple[str, ...], list[dict]]],
                 not_compared: dict[str, set[str]] | None = None) -> BatchResult:
    """Insert or update rows of each (table, key columns, rows) in order; unchanged rows are not touched.

    ``not_compared`` names columns whose new value alone is no change (e.g. a re-encrypted ID number whose
    keyed hash is equal): they are written only along with a real change. Raises ``ImportFailed`` before any
    write when a value does not fit its column (``unfit_values``)."""
    unfit = unfit_values(file_name, tables)
    if unfit:
        raise ImportFailed(unfit)
    batch = ImportBatch(kind=kind, file_name=file_name, username=username, summary={})
    session.add(batch)
    session.flush()
    result = BatchResult(batch.id)
    changes: list[dict] = []
    for table, key, rows in tables:
        model = model_for(table)
        columns = [c.key for c in model.__table__.columns if c.key != "id"]
        counts = result.counts.setdefault(table, TableCounts())
        key_cols = [getattr(model, k) for k in key]
        existing: dict[str, object] = {}
        wanted = [tuple(r[k] for k in key) for r in rows]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            stmt = select(model).where(tuple_(*key_cols).in_(chunk)) if len(key) > 1 else \
                select(model).where(key_cols[0].in_([k[0] for k in chunk]))
            for obj in session.scalars(stmt):
                existing[_row_key(_state(obj, list(key)), key)] = obj
        new_rows = []
        for values in rows:
            rk = _row_key(values, key)
            obj = existing.get(rk)
            if obj is None:
                new_rows.append(values)
                counts.inserted += 1
                changes.append({"batch_id": batch.id, "table_name": table, "row_key": rk, "before": None,
                                "after": values})
                continue
            before = _state(obj, columns)
            after = {**before, **{k: v for k, v in values.items() if k in columns}}
            skip = (not_compared or {}).get(table, set())
            if all(after[c] == before[c] for c in columns if c not in skip):
                counts.unchanged += 1
                continue
            for k, v in after.items():
                setattr(obj, k, v)
            counts.updated += 1
            changes.append({"batch_id": batch.id, "table_name": table, "row_key": rk, "before": before,
                            "after": after})
        if new_rows:
            session.execute(model.__table__.insert(), new_rows)
        session.flush()
    if changes:
        session.execute(ImportChange.__table__.insert(), changes)
    batch.summary = result.summary()
    session.add(AuditEntry(username=username, action=f"import:{kind}", target=file_name,
                           detail={"batch_id": batch.id, **batch.summary}))
    return result


class UndoRefused(Exception):
    """Why a batch cannot be undone; ``lead`` and ``items`` let a page show the rows at stake as a list."""

    def __init__(self, message: str, lead: str = "", items: tuple[str, ...] = ()):
        super().__init__(message)
        self.lead = lead or message
        self.items = items


def _plain(value: object) -> object:
    """A stored value as the batch's JSON record holds it, so that the two compare."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _current_rows(session: Session, model: type[Base], keys: list[dict]) -> dict[str, object]:
    """The rows of ``model`` now under the given keys (all with the same key columns), by row key."""
    if not keys:
        return {}
    names = tuple(sorted(keys[0]))
    cols = [getattr(model, k) for k in names]
    found: dict[str, object] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        stmt = select(model).where(tuple_(*cols).in_([tuple(k[n] for n in names) for k in chunk])) \
            if len(names) > 1 else select(model).where(cols[0].in_([k[names[0]] for k in chunk]))
        for obj in session.scalars(stmt):
            found[_row_key(_state(obj, list(names)), names)] = obj
    return found


def _module_title(table: str) -> str:
    from junheng.modules import module
    from junheng.store.revision import module_of

    try:
        return module(module_of(table)).title
    except KeyError:
        return table


def _place(table: str, key: dict) -> str:
    return f"{_module_title(table)}「{'、'.join(str(v) for v in key.values())}」"


def _later_work(session: Session, changes: list[ImportChange]) -> list[str]:
    """What undoing these changes would throw away or cannot do: rows edited or deleted since the batch wrote
    them, and rows that now hang on a row the batch inserted (which the undo deletes) without being the batch's
    own — a 整改 step on an imported item, a reviewer's decision on an imported application (both would be
    cascaded away), another module's data on an imported school (the delete would be refused)."""
    by_table: dict[str, list[ImportChange]] = defaultdict(list)
    for change in changes:
        by_table[change.table_name].append(change)
    found, deleted = _edited_or_deleted(session, by_table)
    found += _hanging_on(session, by_table, deleted)
    return list(dict.fromkeys(found))


def _edited_or_deleted(session: Session, by_table: dict[str, list[ImportChange]]):
    """Rows no longer as the batch left them, and the rows the undo would delete (table → [(key, row)])."""
    found: list[str] = []
    deleted: dict[str, list[tuple[dict, object]]] = {}
    for table, table_changes in by_table.items():
        model = model_for(table)
        keys = [json.loads(c.row_key) for c in table_changes]
        now = _current_rows(session, model, keys)
        for change, key in zip(table_changes, keys, strict=True):
            obj = now.get(_row_key(key, tuple(sorted(key))))
            if obj is None:
                if change.before is not None:
                    found.append(f"{_place(table, key)}在导入后已被删除")
                continue
            if change.before is None:
                deleted.setdefault(table, []).append((key, obj))
            if any(c in model.__table__.columns and _plain(getattr(obj, c)) != _plain(v)
                   for c, v in change.after.items()):
                found.append(f"{_place(table, key)}在导入后已被修改")
    return found, deleted


def _hanging_on(session: Session, by_table: dict[str, list[ImportChange]],
                deleted: dict[str, list[tuple[dict, object]]]) -> list[str]:
    """Rows of any table whose foreign key points at a row the undo deletes and that the batch did not write.
    (An exam's scores hang on it by design, through a trigger and no foreign key, and go with it.)"""
    found: list[str] = []
    recorded = {table: {c.row_key for c in table_changes} for table, table_changes in by_table.items()}
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            parents = deleted.get(fk.column.table.name)
            if not parents:
                continue
            by_value = {getattr(obj, fk.column.key): key for key, obj in parents}
            child_key = (tuple(sorted(json.loads(by_table[child.name][0].row_key))) if child.name in by_table
                         else tuple(c.name for c in child.primary_key.columns))
            values = sorted(by_value, key=str)
            for start in range(0, len(values), 500):
                rows = session.execute(select(*[child.c[k] for k in child_key], fk.parent)
                                       .where(fk.parent.in_(values[start:start + 500])))
                for row in rows:
                    if _row_key(dict(zip(child_key, row[:-1], strict=True)), child_key) in recorded.get(child.name, ()):
                        continue
                    parent = _place(fk.column.table.name, by_value[row[-1]])
                    if fk.ondelete is None and _module_title(child.name) != _module_title(fk.column.table.name):
                        found.append(f"{parent}已被{_module_title(child.name)}的数据引用")
                    else:
                        found.append(f"{parent}在导入后已有后续记录")
    return found


SHOWN = 10  # rows listed in a refusal; the rest are counted


def undo_batch(session: Session, batch_id: int, username: str) -> int:
    """Restore every row the batch wrote to its state before; refuse if a later batch of its kind is still in
    place, or if anything since edited, deleted or added under those rows (that work would be lost)."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise UndoRefused(f"没有编号为 {batch_id} 的导入批次")
    if batch.undone_at is not None:
        raise UndoRefused(f"批次 {batch_id} 已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销")
    later = session.scalars(select(ImportBatch).where(ImportBatch.id > batch_id, ImportBatch.undone_at.is_(None),
                                                      ImportBatch.kind == batch.kind)).first()
    if later is not None:
        raise UndoRefused(f"批次 {batch_id} 之后还有批次 {later.id}（{later.file_name}）修改过同类数据，请先撤销较新的批次")
    changes = list(session.scalars(select(ImportChange).where(ImportChange.batch_id == batch_id)
                                   .order_by(ImportChange.id.desc())))
    lost = _later_work(session, changes)
    if lost:
        lead = f"批次 {batch_id}（{batch.file_name}）不能撤销：导入的数据在导入后已有人处理或引用，撤销会丢失这些工作"
        advice = "请在相应页面更正这些数据，而不是撤销整个批次。"
        shown = lost[:SHOWN] + ([f"……共 {len(lost)} 处，只列出前 {SHOWN} 处"] if len(lost) > SHOWN else [])
        raise UndoRefused(f"{lead}：{'；'.join(shown)}。{advice}", f"{lead}（{advice}）", tuple(shown))
    for change in changes:
        model = model_for(change.table_name)
        where = [getattr(model, k) == v for k, v in json.loads(change.row_key).items()]
        if change.before is None:
            session.execute(delete(model).where(*where))
        else:
            obj = session.scalars(select(model).where(*where)).one()
            for k, v in change.before.items():
                setattr(obj, k, v)
        session.flush()
    batch.undone_at = utcnow()
    session.add(AuditEntry(username=username, action="import:undo", target=batch.file_name,
                           detail={"batch_id": batch_id, "rows": len(changes)}))
    return len(changes)

