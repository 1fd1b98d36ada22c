"""A filled school-data workbook (办学条件采集表) in exactly the layout ``junheng.balance.reports.excel`` reads back.

The headers, sheet names and title row are those of the template writer (``balance/excel.py``): row 1 the title,
row 2 the headers, data from row 3, 学校标识码 as text. Written in openpyxl's write-only mode so that a county of
hundreds of sections takes well under a second. Used by the demo generator and by database exports.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from junheng.balance.core.columns import BY_KEY
from junheng.balance.reports.excel import GUIDE, KEY_HEADERS, SHEET
from junheng.io.cells import safe_row


def _clean(value: object) -> object:
    """A cell value: None for blanks and NaN/NA, Python scalars for numpy/pandas ones."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
    return value


def _year_of(frame: pd.DataFrame, year: int | None) -> int | str:
    if year is not None:
        return int(year)
    if "year" in frame and frame["year"].notna().any():
        years = sorted({int(y) for y in frame["year"].dropna()})
        return years[0] if len(years) == 1 else "、".join(map(str, years))
    return ""


def write_school_data(frame: pd.DataFrame, path: str | Path, *, year: int | None = None,
                      names: dict[str, str] | None = None) -> Path:
    """Write school_year_data rows (canonical keys of DATA.md, one row per section incl. 全校 rows).

    ``names`` (school_id → name) fills 学校名称 when the frame has no ``school_name`` column. Missing columns are
    left blank; ``year`` fills 年度 when the frame has no ``year`` column.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    df = frame.copy()
    df["school_id"] = df["school_id"].astype(str)
    if "school_name" not in df:
        df["school_name"] = df["school_id"].map(names or {})
    if "year" not in df and year is not None:
        df["year"] = int(year)
    keys = [k for k, _h in KEY_HEADERS]
    for k in keys:
        if k not in df:
            df[k] = None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.freeze_panes = "E3"
    for j in range(1, len(KEY_HEADERS) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 14 if j > 4 else 16
    title = WriteOnlyCell(ws, value=f"{_year_of(df, year)}年度义务教育学校办学条件采集表"
                                     "（每个学部一行；多学部学校的共享资源填在“全校”行）")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    fill = PatternFill("solid", fgColor="DDEBF7")
    heads = []
    for key, head in KEY_HEADERS:
        cell = WriteOnlyCell(ws, value=head)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        col = BY_KEY.get(key)
        if col is not None and col.source:
            cell.comment = Comment(f"来源：{col.source}" + ("；可留空，由教师库生成" if col.teacher else ""), "均衡")
        heads.append(cell)
    ws.append(heads)
    records = df[keys].astype(object).to_numpy().tolist()
    for rec in records:
        sid = WriteOnlyCell(ws, value=str(rec[0]))
        sid.number_format = "@"
        ws.append(safe_row(ws, [sid, *(_clean(v) for v in rec[1:])]))
    guide = wb.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 120
    guide.append(["办学条件采集表 填表说明（由系统导出，可修改后重新导入）"])
    guide.append(["每个学校的每个学部一行；多学部学校共用的校舍、运动场、仪器设备等可填在“全校”行，按在校生数×成本系数分摊。"])
    guide.append(["教师类各列若留空，导入时由教师库生成；学校标识码按文本填写。"])
    for _k, head in KEY_HEADERS:
        guide.append([head])
    out = Path(path)
    wb.save(out)
    return out
