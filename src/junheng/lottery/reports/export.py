"""The results with names as Excel, for the school's admissions office (personal data: callers log it)."""

from __future__ import annotations

import io

from junheng.io.cells import safe_row


def receipts_workbook(title: str, rows: list[tuple]) -> bytes:
    """One sheet of receipts in order of consideration: (LotteryReceipt, name) rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "派位结果"
    ws.append(safe_row(ws, [title]))
    ws["A1"].font = Font(bold=True, size=14)
    header = ["排序位次", "报名编号", "姓名", "档次", "抽签号", "兄弟姐妹组", "结果", "录取学校", "轮次", "候补位次", "依据"]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F5F99")
    for r, name in rows:
        ws.append(safe_row(ws, [r.position, r.applicant_id, name, r.tier, r.draw_number, r.sibling_group, r.result,
                                r.school_name, r.round_no, r.waitlist_position, r.rule]))
    for col, width in zip("ABCDEFGHIJK", (9, 14, 10, 6, 8, 11, 7, 22, 6, 9, 90)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
