"""The results workbook: one row per child (ID number masked), with the reason of each result."""

from __future__ import annotations

import io
from collections.abc import Iterable

from junheng.io.cells import safe_row


def results_workbook(rows: Iterable, names: dict[str, str], year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "招生结果"
    header = ["报名编号", "儿童姓名", "身份证件号（脱敏）", "学段", "来源", "学区学校", "入学类别", "审核状态", "审核意见",
              "录取学校", "结果", "依据"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6FB2")
    for r in rows:
        ws.append(safe_row(ws, [r.application_no, r.child_name, r.id_number_masked, r.section, r.source,
                                names.get(r.school_id, r.school_id or ""), r.tier_label, r.status, r.decision_reason,
                                names.get(r.result_school, r.result_school or ""), r.result_stage, r.result_reason]))
    for col, width in zip("ABCDEFGHIJKL", (14, 10, 22, 6, 9, 18, 30, 10, 22, 18, 9, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.sheet_properties.tabColor = "1F6FB2"
    wb.properties.title = f"{year}年义务教育招生结果"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
