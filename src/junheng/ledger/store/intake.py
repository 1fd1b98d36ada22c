"""Ledger intake (database edge): an inspection's problem list imported as one batch, items generated from the
优质均衡 shortfall list, and new assessment results recorded on the linked items (指标复核)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.ledger.core.model import Source, Status
from junheng.ledger.core.shortfall import check_indicators, items_from_shortfalls
from junheng.ledger.core.workflow import TransitionError
from junheng.ledger.store.models import LedgerItemRecord
from junheng.ledger.store.records import event_rows, new_item_row, to_item
from junheng.ledger.store.service import (
    ITEM_PREFIX,
    SHORTFALL_PREFIX,
    SHORTFALL_SOURCE,
    LedgerError,
    _audit,
    _insert,
    load,
    next_number,
    now,
    responsible_units,
    save,
    year_prefix,
)
from junheng.store.batches import BatchResult, upsert_batch


def import_inspection(session: Session, path: Path, username: str, file_label: str | None = None,
                      source: Source | None = None, at: dt.datetime | None = None) -> BatchResult:
    """Import an inspection's problem list (``junheng.ledger.reports.excel``) as one batch in the caller's transaction.

    Raises ``ImportFailed`` with every problem (file, sheet, row, column, reason) and writes nothing; an item
    number given in the file must be new; blank numbers and plain sequence numbers (序号 1, 2, 3 …) get the next
    ``ZG<year>-nnnn``."""
    from junheng.io.problems import ImportFailed, Problem
    from junheng.ledger.reports.excel import SPEC, read_inspection_excel

    at = at or now()
    label = file_label or Path(path).name
    auto = "\x00auto-"
    items = read_inspection_excel(path, at=at, by=username, source=source, units=responsible_units(session),
                                  id_prefix=auto, file_label=label)
    items = [replace(i, item_id=auto + i.item_id) if i.item_id.isdigit() else i for i in items]   # a 序号
    given = [i.item_id for i in items if not i.item_id.startswith(auto)]
    clash = set(session.scalars(select(LedgerItemRecord.item_no).where(LedgerItemRecord.item_no.in_(given))))
    if clash:
        raise ImportFailed([Problem(label, SPEC.name, None, SPEC.column("item_id").header,
                                    f"编号「{no}」已存在于台账中（是否重复导入？）") for no in sorted(clash)])
    prefix = year_prefix(ITEM_PREFIX, at.date())
    number = next_number(session, prefix)
    numbered = []
    for item in items:
        if item.item_id.startswith(auto):
            item = replace(item, item_id=f"{prefix}{number:04d}")
            number += 1
        numbered.append(item)
    tables = [("ledger_item", ("item_no",), [new_item_row(i, username) for i in numbered]),
              ("ledger_event", ("item_no", "seq"), [e for i in numbered for e in event_rows(i.item_id, i.history)])]
    return upsert_batch(session, "ledger", label, username, tables)


def _shortfall_row(row: Any) -> dict[str, Any]:
    """Accept the ledger's shortfall form, or the balance module's (``key``, ``indicator`` name, ``text``)."""
    data = asdict(row) if is_dataclass(row) and not isinstance(row, type) else dict(row)
    if "indicator_name" not in data and "key" in data:
        data = {**data, "indicator": data["key"], "indicator_name": data.get("indicator", data["key"]),
                "gap_text": data.get("gap_text") or data.get("text", "")}
    return data


def create_items_from_shortfalls(session: Session, shortfalls: Iterable[Mapping[str, Any]], username: str, *,
                                 deadline: dt.date | None = None, at: dt.datetime | None = None,
                                 days: int = 90) -> list[int]:
    """One 均衡短板 item per shortfall row (school section × indicator) not already covered by an open item.

    Rows carry ``school_id``, ``school_name``, ``stage``, ``indicator``, ``indicator_name``, ``gap_text`` (or
    the balance module's ``key``/``indicator``/``text``). Returns the database ids of the new items."""
    at = at or now()
    rows = [_shortfall_row(r) for r in shortfalls]
    open_linked = [to_item(r) for r in session.scalars(
        select(LedgerItemRecord).where(LedgerItemRecord.indicator.is_not(None),
                                       LedgerItemRecord.status != Status.CLOSED.value))]
    prefix = year_prefix(SHORTFALL_PREFIX, at.date())
    try:
        items = items_from_shortfalls(rows, source=Source(SHORTFALL_SOURCE, at.date(), username),
                                      deadline=deadline or at.date() + dt.timedelta(days=days), at=at, by=username,
                                      existing=open_linked, id_prefix=prefix, start=next_number(session, prefix))
    except (ValueError, TransitionError) as exc:
        raise LedgerError(str(exc)) from exc
    ids = [_insert(session, item, username).id for item in items]
    if items:
        _audit(session, username, "shortfalls", SHORTFALL_SOURCE, created=len(items),
               items=[i.item_id for i in items])
    return ids


def recheck_from_shortfalls(session: Session, shortfalls: Iterable[Any], username: str,
                            at: dt.datetime | None = None) -> int:
    """Close the loop with a new shortfall list: an open linked item whose (school, stage, indicator) is no longer
    on the list now passes; one still on it records the new figures. An empty list says nothing (no data is
    not the same as every school passing), so it changes nothing. Returns how many items got a 指标复核 entry."""
    rows = [_shortfall_row(r) for r in shortfalls]
    if not rows:
        return 0
    failing = {(str(r["school_id"]), str(r["stage"]), str(r["indicator"])): r for r in rows}
    results = []
    for link in session.scalars(select(LedgerItemRecord.indicator).where(
            LedgerItemRecord.indicator.is_not(None), LedgerItemRecord.status != Status.CLOSED.value)):
        key = (link["school_id"], link["stage"], link["indicator"])
        row = failing.get(key)
        results.append({"school_id": key[0], "stage": key[1], "indicator": key[2], "passed": row is None,
                        "value": row.get("value") if row else None, "threshold": row.get("threshold") if row else None})
    return record_indicator_results(session, results, username, at) if results else 0


def record_indicator_results(session: Session, results: Iterable[Mapping[str, Any]], username: str,
                             at: dt.datetime | None = None) -> int:
    """New assessment results → a 指标复核 entry on every linked item whose figures changed; returns how many."""
    at = at or now()
    changed = 0
    results = list(results)
    for row in session.scalars(select(LedgerItemRecord).where(LedgerItemRecord.indicator.is_not(None))):
        found = load(session, row.item_no, lock=True)
        assert found is not None
        _, item = found
        (after,) = check_indicators([item], results, at, username)
        if after is not item:
            save(session, row, item, after)
            changed += 1
    if changed:
        _audit(session, username, "indicator_check", SHORTFALL_SOURCE, items=changed)
    return changed
