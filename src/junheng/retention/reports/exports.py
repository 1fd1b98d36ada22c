"""Excel exports of the retention pages (openpyxl, write-only: a county roster of 45,000 rows in a few seconds).

Every sheet: a bold blue header row, frozen, identifiers as text, ID numbers only masked. The callers audit each
export of a student list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from junheng.io.cells import text_cell

Columns = Sequence[tuple[str, str]]   # (key, header)

CASE_COLUMNS: Columns = (("case_id", "个案编号"), ("name", "姓名"), ("student_id_label", "学籍号"), ("school_name", "学校"),
                         ("township_name", "乡镇"), ("village", "村（社区）"), ("status", "状态"), ("opened_on", "立案日期"),
                         ("township_official", "乡镇责任人"), ("village_official", "村（社区）责任人"),
                         ("school_contact", "学校责任人"), ("class_teacher", "班主任"), ("next_step", "下一步"),
                         ("next_due", "期限"), ("overdue_steps", "逾期事项"))
ROSTER_COLUMNS: Columns = (("school_id", "学校标识码"), ("school_name", "学校名称"), ("student_id", "学籍号"),
                           ("name", "姓名"), ("gender", "性别"), ("birth_date", "出生日期"),
                           ("id_number_masked", "身份证件号（脱敏）"), ("grade", "年级"), ("class_name", "班级"),
                           ("status_label", "学籍状态"), ("township_name", "户籍乡镇"), ("village", "户籍村（社区）"))
ENTRY_COLUMNS: Columns = (("student_id_label", "学籍号"), ("name", "姓名"), ("id_number_masked", "身份证件号（脱敏）"),
                          ("school_name", "上学期学校"), ("grade", "上学期年级"), ("outcome_label", "清查结果"),
                          ("other_school", "对方学校"), ("current_student_id_label", "本学期学籍号"),
                          ("proof_text", "接收证明"), ("report_by", "上报期限"), ("case_id", "个案编号"))
WARNING_COLUMNS: Columns = (("school_name", "学校"), ("student_id_label", "学籍号"), ("name", "姓名"), ("grade", "年级"),
                            ("class_name", "班级"), ("risk_score", "风险分"), ("reasons", "列入原因"),
                            ("flagged_on", "列入日期"), ("due", "应联系期限"), ("state_label", "跟进情况"),
                            ("first_contact_on", "首次有效联系"))
UNENROLLED_COLUMNS: Columns = (("name", "姓名"), ("id_number_masked", "公民身份号码（脱敏）"), ("birth_date", "出生日期"),
                               ("township", "乡镇"), ("village", "村（社区）"), ("hint", "线索"), ("case_id", "个案编号"))
TEXT_KEYS = {"student_id", "current_student_id", "student_id_label", "current_student_id_label", "school_id",
             "id_number_masked", "case_id"}


def _value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    try:
        if pd.isna(value):   # NaN, NA, NaT
            return None
    except (TypeError, ValueError):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_sheets(path: Path | str, sheets: Iterable[tuple[str, Columns, Iterable[dict]]]) -> Path:
    """One worksheet per (title, columns, rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    font, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F6FB2")
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.freeze_panes = "A2"
        for i, (key, header) in enumerate(columns):
            letter = chr(65 + i) if i < 26 else "A" + chr(65 + i - 26)
            ws.column_dimensions[letter].width = 22 if key in TEXT_KEYS else max(10, len(header) * 2 + 2)
        head = []
        for _, header in columns:
            cell = WriteOnlyCell(ws, value=header)
            cell.font, cell.fill = font, fill
            head.append(cell)
        ws.append(head)
        for row in rows:
            out = []
            for key, _ in columns:
                cell = WriteOnlyCell(ws, value=_value(row.get(key)))
                if key in TEXT_KEYS:
                    cell.number_format = "@"
                out.append(text_cell(ws, cell))
            ws.append(out)
    wb.save(path)
    return Path(path)


def census_sheets(summary: list, lists: list) -> list[tuple[str, Columns, list[dict]]]:
    """The census export: 汇总 per school, then one sheet of every school's lists."""
    cols: Columns = (("school_id", "学校标识码"), ("name", "学校"), ("township", "乡镇"), ("previous_total", "上学期人数"),
                     ("continuing", "在读"), ("transferred_within", "县内转出"), ("transfers_in", "县内转入"),
                     ("transferred_out", "转出县外"), ("without_proof", "其中缺接收证明"), ("graduated", "毕业"),
                     ("died", "死亡"), ("dropped_out", "已登记辍学"), ("other", "其他"),
                     ("suspected_dropout", "疑似辍学"), ("new", "新增"), ("first_report_by", "最早上报期限"))
    rows = [{"school_id": s.school_id, "name": s.name, "township": s.township, "previous_total": s.previous_total,
             **s.counts, "transfers_in": s.transfers_in, "without_proof": s.without_proof, "new": s.new,
             "first_report_by": s.first_report_by} for s in summary]
    detail = []
    for lst in lists:
        for group in (lst.suspected, lst.moved_out, lst.moved_in, lst.left_county, lst.graduated, lst.died_other,
                      lst.new):
            for r in group:
                detail.append({**r, "school_name": lst.name,
                               "outcome_label": "县内转入" if r in lst.moved_in else r["outcome_label"]})
    return [("汇总", cols, rows), ("名单", ENTRY_COLUMNS, detail)]
