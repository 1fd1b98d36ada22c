"""The one write path for imports: upsert rows by key inside the caller's transaction, recording a batch
with each row's state before and after, so that any batch can be listed and undone."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

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
    pass


def undo_batch(session: Session, batch_id: int, username: str) -> int:
    """Restore every row the batch wrote to its state before; refuse if a later change touched those rows."""
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

