"""The census result as an Excel workbook for schools and the bureau (openpyxl; not imported by the core).

Sheets: 汇总 (counts per outcome and per school), then one sheet per list — 疑似辍学 (with the report-by date
when given), 县内转学, 转出县外, 毕业, 死亡, 辍学, 其他, 新增, 提示. Identifiers are written as text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from junheng.io.cells import safe_row
from junheng.retention.core.census import OUTCOME_LABELS, CensusResult

HEADERS = {"student_id": "学籍号", "name": "姓名", "id_number": "身份证件号", "school": "学校", "grade": "年级",
           "status": "上学期状态", "current_student_id": "本学期学籍号", "current_school": "本学期学校",
           "current_grade": "本学期年级", "current_status": "本学期状态", "matched_by": "匹配方式",
           "returned": "曾离校后返回", "proof": "有接收证明", "report_by": "上报期限", "state_label": "上报状态",
           "kind": "类型", "schools": "涉及学校", "detail": "说明"}
LISTS = [("suspected_dropout", ["student_id", "name", "id_number", "school", "grade", "status"]),
         ("transferred_within", ["student_id", "name", "school", "current_school", "current_student_id",
                                 "matched_by", "returned"]),
         ("transferred_out", ["student_id", "name", "school", "grade", "proof"]),
         ("graduated", ["student_id", "name", "school", "grade", "current_school"]),
         ("died", ["student_id", "name", "school", "grade"]),
         ("dropped_out", ["student_id", "name", "school", "grade"]),
         ("other", ["student_id", "name", "school", "grade", "current_status"])]
FILL = PatternFill("solid", fgColor="1F6FB2")


MATCHED_BY = {"student_id": "学籍号", "id_number": "身份证件号", "": ""}


def _sheet(wb: Workbook, title: str, frame: pd.DataFrame) -> None:
    if "matched_by" in frame.columns:
        frame = frame.assign(matched_by=frame["matched_by"].map(MATCHED_BY))
    ws = wb.create_sheet(title)
    ws.append([HEADERS.get(c, c) for c in frame.columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), FILL
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
        ws.append(safe_row(ws, [("是" if v else "否") if isinstance(v, bool) else v for v in row]))
    for i, col in enumerate(frame.columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = 22 if col in ("student_id", "id_number", "current_student_id") else 14
        for cell in ws[letter][1:]:
            cell.number_format = "@"
    ws.freeze_panes = "A2"


def write_census_workbook(result: CensusResult, path: Path | str, *, deadlines: pd.DataFrame | None = None) -> Path:
    """Write the workbook; ``deadlines``: ``report_deadlines`` output to add report-by dates to 疑似辍学."""
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append(["类别", "人数"])
    for key, value in result.counts().items():
        summary.append([OUTCOME_LABELS.get(key, "曾离校后返回" if key == "returned" else key), value])
    per_school = pd.crosstab(result.students["school"], result.students["outcome"].astype(str))
    summary.append([])
    summary.append(["学校", *[OUTCOME_LABELS[c] for c in per_school.columns]])
    for school, row in zip(per_school.index, per_school.to_numpy().tolist()):
        summary.append(safe_row(summary, [school, *row]))
    for outcome, columns in LISTS:
        frame = result.by_outcome(outcome)[columns]
        if outcome == "suspected_dropout" and deadlines is not None:
            extra = deadlines.set_index("student_id")[["report_by", "state_label"]]
            frame = frame.join(extra, on="student_id")
            frame["report_by"] = frame["report_by"].dt.strftime("%Y-%m-%d")
        _sheet(wb, OUTCOME_LABELS[outcome], frame)
    _sheet(wb, "新增", result.new[["student_id", "name", "id_number", "school", "grade", "returned"]])
    _sheet(wb, "提示", result.warnings)
    path = Path(path)
    wb.save(path)
    return path
