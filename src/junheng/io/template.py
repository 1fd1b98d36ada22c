"""Write Excel templates from sheet specifications: Chinese headers, drop-down lists, an instructions sheet."""

from __future__ import annotations

from pathlib import Path

from junheng.io.reader import _col_letter
from junheng.io.spec import SheetSpec

KIND_LABEL = {"text": "文本", "int": "整数", "float": "数字", "date": "日期", "code": "下拉选择"}


def write_template(path: Path, specs: list[SheetSpec], title: str, rows: dict[str, list[dict]] | None = None,
                   notes: list[str] = ()) -> Path:
    """A workbook with a 填表说明 sheet and one sheet per spec, optionally prefilled with ``rows``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    guide = wb.active
    guide.title = "填表说明"
    guide.append([title])
    guide["A1"].font = Font(bold=True, size=14)
    for note in notes:
        guide.append([note])
    guide.append([])
    guide.append(["工作表", "列", "类型", "必填", "可选值 / 说明"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for spec in specs:
        for col in spec.columns:
            guide.append([spec.name, col.header, KIND_LABEL[col.kind], "是" if col.required else "否",
                          "、".join(col.choices) if col.choices else col.help])
    for letter, width in zip("ABCDE", (14, 22, 10, 6, 70)):
        guide.column_dimensions[letter].width = width

    header_fill = PatternFill("solid", fgColor="1F6FB2")
    for spec in specs:
        ws = wb.create_sheet(spec.name)
        ws.append([c.header for c in spec.columns])
        for i, col in enumerate(spec.columns):
            cell = ws.cell(row=1, column=i + 1)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = _col_letter(i)
            ws.column_dimensions[letter].width = max(col.width, len(col.header) * 2 + 2)
            if col.choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=not col.required,
                                    showErrorMessage=True, errorTitle="无效的值", error="请从下拉列表中选择")
                dv.add(f"{letter}2:{letter}20000")
                ws.add_data_validation(dv)
            elif col.kind in ("text", "date"):
                ws.column_dimensions[letter].number_format = "@"  # long ids must stay text, not floats
        for record in (rows or {}).get(spec.name, []):
            ws.append([record.get(c.key) for c in spec.columns])
        ws.freeze_panes = "A2"
    wb.save(path)
    return Path(path)
