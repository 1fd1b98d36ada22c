"""Excel exports: the teacher list (masked ID numbers) and the training shortfall list."""

from __future__ import annotations

import io

from junheng.io.cells import safe_row


def _book(title: str, headers: list[str], rows: list[list], widths: list[int]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6FB2")
    for r in rows:
        ws.append(safe_row(ws, r))
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = w
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def teacher_list_xlsx(rows: list[dict]) -> bytes:
    headers = ["教师工号", "姓名", "性别", "年龄", "学校", "学段", "学科", "最高学历", "职称", "骨干认定", "本周期学时",
               "应修学时", "是否符合交流条件", "身份证件号（脱敏）"]
    data = [[r["teacher_id"], r["name"], r["gender"], r["age"], r["school"], r["section"], r["subject"], r["education"],
             r["title"], r["backbone"], r["hours"], r["required"], "是" if r["eligible"] else "否", r["masked"] or ""]
            for r in rows]
    return _book("教师名单", headers, data, [14, 10, 6, 6, 26, 6, 12, 10, 8, 14, 10, 10, 10, 22])


def behind_xlsx(rows: list[dict], view) -> bytes:
    c = view.training.cycle
    headers = ["教师工号", "姓名", "学校", "学段", f"{c[0]}—{c[1]} 已修学时", "应修学时", "还差学时"]
    data = [[r["teacher_id"], r["name"], r["school"], r["section"], r["hours"], r["required"], r["behind"]]
            for r in rows]
    return _book("学时未完成", headers, data, [14, 10, 26, 6, 16, 10, 10])
