"""Import problems: where (file, sheet, row, column) and why, in the user's language."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}，工作表「{self.sheet}」"
        if self.row is not None:
            where += f"，第 {self.row} 行"
        if self.column:
            where += f"，「{self.column}」列"
        return f"{where}：{self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet, p.row or 0, p.column))
        super().__init__(f"导入失败，共 {len(problems)} 处问题，未写入任何数据")


def write_problem_report(problems: list[Problem], path: Path) -> Path:
    """Write the problems to an Excel file a clerk can work through row by row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "错误清单"
    ws.append(["序号", "文件", "工作表", "行号", "列", "问题说明"])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C0392B")
    for i, p in enumerate(problems, 1):
        ws.append([i, p.file, p.sheet, p.row, p.column, p.reason])
    for col, width in zip("ABCDEF", (6, 28, 14, 8, 18, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(path)
    return path
