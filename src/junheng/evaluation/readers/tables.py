"""Plain tables as rows of text: CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese
Windows) or the first sheet of an Excel workbook (python-calamine reads .xlsx and old .xls)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from junheng.io.problems import ImportFailed, Problem


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_table(path: Path) -> tuple[str, list[str], list[list]]:
    """(sheet name, header, data rows) of a CSV or the first sheet of a workbook; ImportFailed if unreadable."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed([Problem(path.name, "", None, "", "文件不存在")])
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFailed([Problem(path.name, "", None, "", "无法识别文件编码（应为 UTF-8 或 GBK）")])
        rows = [r for r in csv.reader(io.StringIO(text))]
        sheet = "CSV"
    elif path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        from junheng.io.workbook import open_workbook

        book = open_workbook(path)
        sheet = book.sheet_names[0]
        rows = book.get_sheet_by_name(sheet).to_python()
    else:
        raise ImportFailed([Problem(path.name, "", None, "", "只支持 .csv、.xlsx、.xls 文件")])
    if not rows:
        raise ImportFailed([Problem(path.name, sheet, 1, "", "文件是空的，没有表头")])
    return sheet, [cell_text(h) for h in rows[0]], [list(r) for r in rows[1:]]


def columns(path: Path, sheet: str, header: list[str], wanted: dict[str, tuple[str, ...]],
            optional: tuple[str, ...] = ()) -> dict[str, int]:
    """Column positions by key, each found under any of its header names; ImportFailed naming what is missing."""
    out: dict[str, int] = {}
    problems = []
    for key, names in wanted.items():
        idx = next((i for i, h in enumerate(header) if h in names), None)
        if idx is None:
            if key not in optional:
                problems.append(Problem(path.name, sheet, 1, names[0], f"缺少「{names[0]}」列（也可写作："
                                                                       f"{'、'.join(names[1:]) or '无'}）"))
            continue
        out[key] = idx
    if problems:
        raise ImportFailed(problems)
    return out
