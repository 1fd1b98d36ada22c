"""Exported cells never become formulas (CSV/formula injection, OWASP).

A school, student or teacher name comes from users' files; one that begins with ``=`` (``=cmd|' /C calc'!A0``)
would be written by openpyxl as a formula, and any of ``= + - @``, tab or carriage return may be taken as one
by a spreadsheet opening a CSV. Every Excel and CSV writer routes its cells through this module:

- Excel: ``safe_row(ws, values)`` for ``ws.append``, ``guard_sheet(ws)`` after ``ws.cell``/pandas writes;
  such a text is kept unchanged and stored as a text cell (data type ``s``), so Excel shows it literally;
- CSV: ``csv_text(value)`` puts an apostrophe before it, as OWASP advises (a spreadsheet hides it).

Only text is touched: numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """A text a spreadsheet could run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(ws, value: Any) -> Any:
    """The value for ``ws.append``: a formula-like text becomes a text cell of ``ws``; anything else as given
    (a styled cell built by the caller is fixed in place)."""
    from openpyxl.cell.cell import Cell  # openpyxl only when writing (junheng.io is imported by light code)

    if isinstance(value, Cell):
        if formula_like(value.value):
            value.data_type = "s"
        return value
    if not formula_like(value):
        return value
    cell = Cell(ws, row=1, column=1, value=value)  # as openpyxl's WriteOnlyCell; ws.append places it
    cell.data_type = "s"
    return cell


def safe_row(ws, values: Iterable[Any]) -> list[Any]:
    """``values`` for ``ws.append``, each as ``text_cell`` gives it (numbers pass at the cost of two checks)."""
    from openpyxl.cell.cell import Cell

    out = []
    for value in values:
        if isinstance(value, str):
            if value.startswith(FORMULA_STARTS):
                value = text_cell(ws, value)
        elif isinstance(value, Cell) and formula_like(value.value):
            value.data_type = "s"
        out.append(value)
    return out


def guard_sheet(ws) -> None:
    """After writing a (not write-only) sheet cell by cell: no formula-like text is left as a formula. Only the
    cells that exist are visited (``iter_rows`` would create every empty one of the rectangle)."""
    for cell in list(ws._cells.values()):
        if cell.data_type == "f" and formula_like(cell.value):
            cell.data_type = "s"


def guard_workbook(book) -> None:
    for ws in book.worksheets:
        guard_sheet(ws)


def csv_text(value: Any) -> Any:
    """A CSV field: an apostrophe before a formula-like text; numbers and other values unchanged."""
    return "'" + value if formula_like(value) else value


def csv_frame(frame):
    """A pandas frame for ``to_csv`` with ``csv_text`` applied to its text columns."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "O":  # object and string columns; numbers stay numbers
            out[column] = out[column].map(csv_text)
    return out
