"""Excel in and out for balance: the school data template (openpyxl), reading it back with precise errors
(python-calamine), and exporting results, shortfalls and plans. Not imported by ``junheng.balance``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from junheng.balance.core.columns import BY_KEY, COLUMNS, SECTION_VALUES, TEACHER_KEYS
from junheng.balance.core.validate import DataIssue, validate_school_year_data
from junheng.io.cells import guard_sheet

SHEET = "办学条件采集表"
GUIDE = "填表说明"
HEAD_ROW = 2  # row 1: title; row 2: headers; data from row 3

KEY_HEADERS: list[tuple[str, str]] = [("school_id", "学校标识码"), ("school_name", "学校名称"), ("year", "年度"),
                                      ("section", "学部")]
KEY_HEADERS += [(c.key, f"{c.label}（{c.unit}）" if c.unit else c.label) for c in COLUMNS]
HEADER_TO_KEY = {h: k for k, h in KEY_HEADERS}
SECTIONS_BY_KIND = {"小学": ["小学"], "初中": ["初中"], "九年一贯制": ["小学", "初中", "全校"],
                    "十二年一贯制": ["小学", "初中", "高中", "全校"], "完全中学": ["初中", "高中", "全校"],
                    "教学点": ["小学"], "特殊教育学校": ["小学"]}


def _header_key(h: object) -> str | None:
    text = str(h).strip() if h is not None else ""
    if text in HEADER_TO_KEY:
        return HEADER_TO_KEY[text]
    if text in BY_KEY or text in {k for k, _ in KEY_HEADERS}:
        return text
    base = text.split("（")[0].strip()
    for k, h2 in KEY_HEADERS:
        if h2.split("（")[0] == base:
            return k
    return None


def write_school_data_template(path: str | Path, year: int, schools: pd.DataFrame | None = None) -> Path:
    """The per-school, per-year data template: one row per school section; 全校 rows carry shared resources."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ncol = len(KEY_HEADERS)
    ws.cell(1, 1, f"{year}年度义务教育学校办学条件采集表（每个学部一行；多学部学校的共享资源填在“全校”行）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, (key, head) in enumerate(KEY_HEADERS, start=1):
        c = ws.cell(HEAD_ROW, j, head)
        c.font = Font(bold=True)
        c.fill = fill
        c.alignment = Alignment(wrap_text=True, vertical="center")
        col = BY_KEY.get(key)
        if col is not None and col.source:
            c.comment = Comment(f"来源：{col.source}" + ("；可留空，由教师库生成" if col.teacher else ""), "均衡")
        ws.column_dimensions[get_column_letter(j)].width = 14 if j > 4 else 16
    ws.row_dimensions[HEAD_ROW].height = 60
    ws.freeze_panes = ws.cell(HEAD_ROW + 1, 5)
    last = 2000
    dv = DataValidation(type="list", formula1='"' + ",".join(SECTION_VALUES) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="学部", error="请选择 小学、初中、高中 或 全校")
    ws.add_data_validation(dv)
    dv.add(f"D{HEAD_ROW + 1}:D{last}")
    for j, (key, _h) in enumerate(KEY_HEADERS, start=1):
        col = BY_KEY.get(key)
        if col is None:
            continue
        kind = "whole" if col.integer or col.teacher else "decimal"
        v = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle=col.label, error="请填写不小于 0 的数字")
        ws.add_data_validation(v)
        letter = get_column_letter(j)
        v.add(f"{letter}{HEAD_ROW + 1}:{letter}{last}")
    for r in range(HEAD_ROW + 1, last + 1):
        ws.cell(r, 1).number_format = "@"
    if schools is not None and len(schools):
        r = HEAD_ROW + 1
        for s in schools.itertuples():
            for sec in SECTIONS_BY_KIND.get(getattr(s, "kind", "小学"), ["小学"]):
                ws.cell(r, 1, str(s.school_id)).number_format = "@"
                ws.cell(r, 2, getattr(s, "name", ""))
                ws.cell(r, 3, int(year))
                ws.cell(r, 4, sec)
                r += 1
        guard_sheet(ws)  # a school name such as "=…" stays text
    _guide(wb.create_sheet(GUIDE), year)
    out = Path(path)
    wb.save(out)
    return out


def _guide(ws, year: int) -> None:
    from openpyxl.styles import Font

    lines = [
        (f"{year}年度办学条件采集表 填表说明", True),
        (("1. 每个学校的每个学部填一行（小学部、初中部分开）；九年一贯制、完全中学等多学部学校，共用的校舍、运动场、"
          "仪器设备、多媒体教室、计算机、图书，可填在该校“全校”行，系统按“在校生数×成本系数”（评估标准文件设定，"
          "默认小学 1、初中 1.1、高中 1.32）分摊到各学部。"), False),
        ("2. 学校标识码为 10 位数字，按文本填写，不要改成数字格式。", False),
        ("3. 所有数字不能为负数；面积单位为平方米，金额单位为元（统计报表中的万元请乘以 10000）。", False),
        ("4. 教师类各列（专任教师、学历、骨干、体育艺术、职称、资格证、培训、交流）若教师库已有数据可留空，由系统生成。",
         False),
        ("5. 教学及辅助用房面积不含室内体育用房；室内体育用房与室外运动场地合计为体育运动场馆面积。", False),
        ("6. 同一学校同一学部只能有一行。", False),
        ("", False),
        ("各列含义与来源：", True),
    ]
    for k, head in KEY_HEADERS:
        col = BY_KEY.get(k)
        src = f"；来源：{col.source}" if col and col.source else ""
        lines.append((f"{head}{src}", False))
    for r, (text, bold) in enumerate(lines, start=1):
        c = ws.cell(r, 1, text)
        if bold:
            c.font = Font(bold=True)
    ws.column_dimensions["A"].width = 120


def _cell_text(v: object) -> object:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v


def read_school_data(path: str | Path) -> tuple[pd.DataFrame, list[DataIssue]]:
    """Read a filled template (or any sheet with the same headers); errors name file, sheet, row, column."""
    p = Path(path)
    if not p.is_file():
        return pd.DataFrame(), [DataIssue(p.name, None, None, None, "文件不存在")]
    from junheng.io.workbook import UnreadableFile, open_workbook

    sheet = None
    try:
        wb = open_workbook(p)
        sheet = SHEET if SHEET in wb.sheet_names else wb.sheet_names[0]
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except UnreadableFile as unreadable:
        return pd.DataFrame(), [DataIssue(p.name, sheet, None, None, unreadable.reason)]
    head_idx = next((i for i, r in enumerate(rows[:12])
                     if any(_header_key(v) == "school_id" for v in r)), None)
    if head_idx is None:
        return pd.DataFrame(), [DataIssue(p.name, sheet, None, "school_id", "找不到表头（应有“学校标识码”列）")]
    header = [_header_key(v) for v in rows[head_idx]]
    issues: list[DataIssue] = []
    seen: dict[str, int] = {}
    for j, k in enumerate(header):
        if k is None:
            continue
        if k in seen:
            issues.append(DataIssue(p.name, sheet, head_idx + 1, k, "表头重复"))
            header[j] = None
        seen[k] = j
    body = rows[head_idx + 1:]
    keep_cols = [j for j, k in enumerate(header) if k is not None]
    data = pd.DataFrame([[r[j] if j < len(r) else None for j in keep_cols] for r in body],
                        columns=[header[j] for j in keep_cols], dtype=object)
    data = data.replace("", None)
    nonempty = data.notna().any(axis=1).to_numpy()
    excel_rows = np.arange(len(data)) + head_idx + 2
    data, excel_rows = data[nonempty].reset_index(drop=True), excel_rows[nonempty]
    if "school_id" in data:
        data["school_id"] = data["school_id"].map(_cell_text)
    clean, more = validate_school_year_data(data, file=p.name, sheet=sheet, header_row=head_idx + 1)
    row_map = dict(zip(np.arange(len(data)) + head_idx + 2, excel_rows, strict=True))
    more = [DataIssue(i.file, i.sheet, int(row_map.get(i.row, i.row)) if i.row is not None else None, i.column,
                      i.reason) for i in more]
    for c in TEACHER_KEYS:
        if c not in clean:
            clean[c] = np.nan
    return clean, issues + more


def export_results(path: str | Path, assessment, *, shortfalls=None, drivers=None, plan=None) -> Path:
    """All tables of an assessment (and shortfalls, CV drivers, plan) in one workbook."""
    from junheng.balance.core.tables import result_tables

    out = Path(path)
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for name, df in result_tables(assessment, shortfalls=shortfalls, drivers=drivers, plan=plan).items():
            df.to_excel(xw, sheet_name=name[:31], index=False)
            ws = xw.sheets[name[:31]]
            guard_sheet(ws)
            for j, col in enumerate(df.columns, start=1):
                width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)]) + 2
                ws.column_dimensions[ws.cell(1, j).column_letter].width = min(max(width * 1.6, 8), 60)
            ws.freeze_panes = "A2"
    return out
