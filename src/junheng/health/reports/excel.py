"""Excel lists for schools: the students below 及格 with their weakest items."""

from __future__ import annotations

import io

from junheng.io.cells import safe_row


def below_pass_workbook(rows: list[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "不及格学生"
    ws.append(safe_row(ws, [title]))
    ws["A1"].font = Font(bold=True, size=13)
    headers = ["学校", "年级", "班级", "学籍号", "姓名", "性别", "学年总分", "最弱项目"]
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6FB2")
    for r in rows:
        ws.append(safe_row(ws, [r["school_name"], r["grade"], r["class_name"], r["student_id"], r["name"], r["sex"],
                                round(float(r["total"]), 1), r["weak"]]))
    for col, width in zip("ABCDEFGH", (26, 8, 12, 22, 10, 6, 10, 40)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
