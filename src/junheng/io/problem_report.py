"""The Excel error report of a failed import (the edge; ``junheng.io.problems`` stays pure)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from junheng.io.cells import safe_row
from junheng.io.problems import Problem


def write_problem_report(problems: list[Problem], path: Path) -> Path:
    """Write the problems to an Excel file a clerk can work through row by row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "错误清单"
    ws.append(["序号", "文件", "工作表", "行号", "列", "问题说明"])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C0392B")
    for i, p in enumerate(problems, 1):
        ws.append(safe_row(ws, [i, p.file, p.sheet, p.row, p.column, p.reason]))
    for col, width in zip("ABCDEF", (6, 28, 14, 8, 18, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
