"""Small workbooks in the layouts of FORMATS.md, written with openpyxl for the import tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def write(path: Path, rows: list[list], merges: tuple[str, ...] = (), sheet: str = "Sheet1",
          extra_sheets: dict[str, list[list]] | None = None) -> Path:  # fmt: skip
    book = Workbook()
    first = book.active
    sheets = [(sheet, rows, merges)] + [(name, r, ()) for name, r in (extra_sheets or {}).items()]
    for k, (name, content, ranges) in enumerate(sheets):
        ws = first if k == 0 else book.create_sheet(name)
        ws.title = name
        for row in content:
            ws.append(row)
        for cells in ranges:
            ws.merge_cells(cells)
    book.save(path)
    return path


def zhixue_two_row(path: Path) -> Path:
    """智学网 summary: title, group row with merged subjects, metric row, data from row 4, a 合计 row."""
    rows = [
        ["（七年级）考生成绩汇总 - 2024-2025学年第一学期期中考试"],
        ["准考证号", "自定义考号", "班级", "姓名", "学生属性", "总分", None, None, None, "语文", None, None, "数学", None, None],
        [None, None, None, None, None, "得分", "联考排名", "校次", "班次", "得分", "校次", "班次", "得分", "校次", "班次"],
        ["012024000001", "1001", "七1班", "张三", "普通", 200, 1, 1, 1, 100, 1, 1, 100, 1, 1],
        ["012024000002", "1002", "七1班", "李四", "普通", "-", "-", "-", "-", "缺考", "-", "-", 90, 2, 2],
        ["012024000003", "1003", "七2班", "王五", "普通", 150, 2, 2, 1, 70, 2, 1, 80, 3, 1],
        ["合计", None, None, None, None, 350, None, None, None, 170, None, None, 270, None, None],
    ]
    merges = ("A1:O1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:I2", "J2:L2", "M2:O2")
    return write(path, rows, merges, sheet="成绩汇总")
