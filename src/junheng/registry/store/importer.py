"""Import the registry workbook: validate the whole file first, then write it in one transaction as a batch."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.core.schema import REGISTRY_SHEETS
from junheng.registry.reports.excel import read_registry
from junheng.store.batches import BatchResult, model_for, upsert_batch
from junheng.store.protect import IdProtector

ORDER = [spec.table for spec in REGISTRY_SHEETS]


def import_registry(session: Session, path: Path, username: str, protector: IdProtector,
                    file_label: str | None = None) -> BatchResult:
    """Raise ``ImportFailed`` with every problem and write nothing, or write everything as one batch."""
    label = file_label or Path(path).name
    sheets, problems = read_registry(path, label)
    problems += _reference_problems(session, sheets, label)
    if problems:
        raise ImportFailed(problems)
    tables = []
    for table in ORDER:
        if table not in sheets:
            continue
        spec = sheets[table].spec
        rows = sheets[table].rows
        if table == "student":
            rows = [_protected(r, protector) for r in rows]
        tables.append((table, spec.key, rows))
    return upsert_batch(session, "registry", label, username, tables,
                        not_compared={"student": {"id_number_enc"}})


def _protected(record: dict, protector: IdProtector) -> dict:
    out = {k: v for k, v in record.items() if k != "id_number"}
    out.update(protector.protect(record["id_number"]))
    return out


def _reference_problems(session: Session, sheets: dict, label: str) -> list[Problem]:
    """Every code that refers to another sheet must exist in this file or already in the database."""
    problems = []
    for rows in sheets.values():
        for column, target in rows.spec.references.items():
            target_sheet, target_key = target.split(".")
            target_spec = next(s for s in REGISTRY_SHEETS if s.name == target_sheet)
            known = {r[target_key] for r in sheets[target_spec.table].rows} if target_spec.table in sheets else set()
            model = model_for(target_spec.table)
            wanted = {r[column] for r in rows.rows if r.get(column)} - known
            if wanted:
                known |= set(session.scalars(select(getattr(model, target_key))
                                             .where(getattr(model, target_key).in_(wanted))))
            header = rows.spec.column(column).header
            for record, row in zip(rows.rows, rows.row_numbers):
                value = record.get(column)
                if value and value not in known:
                    problems.append(Problem(label, rows.spec.name, row, header,
                                            f"「{value}」在「{target_sheet}」中不存在"))
    return problems
