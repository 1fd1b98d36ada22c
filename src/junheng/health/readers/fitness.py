"""Read fitness results as schools record them and in the national upload layout; strict, with every problem
located (file, sheet, row, column); nothing is returned half-read.

Accepted: the upload layout's headers (and common variants: 1分钟跳绳, 身高(cm) …); the header row may sit
below a title row; grade as 年级编号 (11–16, 21–23), 1–9, 一年级…六年级, 初一…初三 or 七年级…九年级; sex as
1/2 or 男/女; long-run times as 分'秒, 3:45, 3.45 or seconds; a cell 免测 marks the student exempt.
A column 学校标识码 (or 学校代码) names each row's school; without it the school comes from a 10-digit code in
the file name or from the caller.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.health.core.measure import (
    BMI_PLAUSIBLE,
    PLAUSIBLE,
    TIMED_LONG,
    ValueProblem,
    parse_seconds,
    parse_sex,
)
from junheng.health.core.standard import load_standard
from junheng.health.readers.layout import IDENTITY, ITEM_HEADERS, SCHOOL_HEADERS
from junheng.io.problems import ImportFailed, Problem
from junheng.io.reader import _col_letter, _text

GRADE_WORDS = {"一年级": 1, "二年级": 2, "三年级": 3, "四年级": 4, "五年级": 5, "六年级": 6, "初一": 7, "初二": 8,
               "初三": 9, "七年级": 7, "八年级": 8, "九年级": 9}
EXEMPT_MARKS = ("免测", "免考", "免试")


def parse_grade(text: str) -> int:
    """年级编号 or a grade name → 1–9."""
    s = text.strip()
    s = s.removesuffix(".0")
    codes = {str(v): k for k, v in load_standard().grade_codes.items()}
    if s in codes:
        return codes[s]
    if s in GRADE_WORDS:
        return GRADE_WORDS[s]
    if s.isdigit() and 1 <= int(s) <= 9:
        return int(s)
    raise ValueProblem(f"「{s}」不是义务教育阶段的年级编号（11–16 小学，21–23 初中）" if s else "年级编号为空")


def _header_row(grid: list[list]) -> int | None:
    for r, row in enumerate(grid[:6]):
        cells = {_text(v) for v in row}
        if "学籍号" in cells and "姓名" in cells:
            return r
    return None


def _number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueProblem(f"「{text}」不是数字") from None


def read_results(path: Path, school_id: str | None = None, file_label: str | None = None) -> pd.DataFrame:
    """The results of one workbook (first sheet) as a frame with the layout's keys, ``school_id``, ``grade``
    (1–9), ``sex`` (male/female), items in their units (seconds for times), ``exempt`` and ``row``.
    Raises ``ImportFailed`` with every problem found."""
    from junheng.io.workbook import open_workbook

    label = file_label or Path(path).name
    wb = open_workbook(path, label)
    sheet_name = wb.sheet_names[0]
    if "填表说明" == sheet_name and len(wb.sheet_names) > 1:
        sheet_name = wb.sheet_names[1]
    grid = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    problems: list[Problem] = []
    h = _header_row(grid)
    if h is None:
        raise ImportFailed([Problem(label, sheet_name, None, "", "找不到表头：前 6 行中没有同时含「学籍号」和「姓名」的行")])
    header = [_text(v) for v in grid[h]]
    where: dict[str, int] = {}
    for col in IDENTITY:
        found = [i for i, x in enumerate(header) if x == col.header]
        if found:
            where[col.key] = found[0]
        elif col.required:
            problems.append(Problem(label, sheet_name, h + 1, col.header, f"缺少必需的列「{col.header}」"))
    for key, names in ITEM_HEADERS.items():
        found = [i for i, x in enumerate(header) if x in names]
        if found:
            where[key] = found[0]
    school_col = next((i for i, x in enumerate(header) if x in SCHOOL_HEADERS), None)
    if school_col is None and school_id is None:
        m = re.search(r"(?<!\d)(\d{10})(?!\d)", Path(label).stem)
        school_id = m.group(1) if m else None
        if school_id is None:
            problems.append(Problem(label, sheet_name, h + 1, "学校标识码",
                                    "表中没有「学校标识码」列，文件名中也没有 10 位学校标识码，请加列或指定学校"))
    if problems:
        raise ImportFailed(problems)

    records: list[dict] = []
    seen: dict[str, int] = {}
    std = load_standard()
    for r in range(h + 1, len(grid)):
        values = grid[r]
        excel_row = r + 1

        def cell(key: str, values: list = values) -> str:
            i = where.get(key)
            return _text(values[i]) if i is not None and i < len(values) else ""

        if all(_text(v) == "" for v in values):
            continue
        rec: dict = {"row": excel_row, "exempt": False}
        for col in IDENTITY:
            rec[col.key] = cell(col.key) or None
        rec["school_id"] = (_text(values[school_col]) if school_col is not None and school_col < len(values)
                            else school_id) or None

        def bad(column: str, reason: str, excel_row: int = excel_row) -> None:
            problems.append(Problem(label, sheet_name, excel_row, column, reason))

        if not rec["student_id"]:
            bad("学籍号", "学籍号为空")
        elif rec["student_id"] in seen:
            bad("学籍号", f"与第 {seen[rec['student_id']]} 行重复（{rec['student_id']}）")
        else:
            seen[rec["student_id"]] = excel_row
        if not rec["name"]:
            bad("姓名", "姓名为空")
        if not rec["school_id"]:
            bad("学校标识码", "学校标识码为空")
        try:
            rec["sex"] = parse_sex(cell("sex"))
        except ValueProblem as exc:
            rec["sex"] = None
            bad("性别", str(exc))
        try:
            rec["grade"] = parse_grade(cell("grade_code"))
        except ValueProblem as exc:
            rec["grade"] = None
            bad("年级编号", str(exc))
        for key, names in ITEM_HEADERS.items():
            text = cell(key)
            rec[key] = np.nan
            if text == "":
                continue
            if text in EXEMPT_MARKS:
                rec["exempt"] = True
                continue
            try:
                value = parse_seconds(text) if key in TIMED_LONG else _number(text)
            except ValueProblem as exc:
                bad(names[0], str(exc))
                continue
            lo, hi = PLAUSIBLE[key]
            if not lo <= value <= hi:
                unit = std.items[key].unit if key in std.items else ("厘米" if key == "height" else "千克")
                bad(names[0], f"{text} 不是可能的成绩（应在 {lo:g}–{hi:g} {unit} 之间），请核对是否录错")
                continue
            rec[key] = value
        if not np.isnan(rec["height"]) and not np.isnan(rec["weight"]):
            bmi = rec["weight"] / (rec["height"] / 100) ** 2
            if not BMI_PLAUSIBLE[0] <= bmi <= BMI_PLAUSIBLE[1]:
                bad("体重", f"身高 {rec['height']:g} 厘米、体重 {rec['weight']:g} 千克算得 BMI {bmi:.1f}，"
                          f"超出可能范围 {BMI_PLAUSIBLE[0]:g}–{BMI_PLAUSIBLE[1]:g}，请核对身高体重")
        if rec["sex"] and rec["grade"]:
            wrong = [ITEM_HEADERS[k][0] for k in ("pullup", "run1000") if rec["sex"] == "female" and
                     not np.isnan(rec[k])] + [ITEM_HEADERS[k][0] for k in ("run800",)
                                              if rec["sex"] == "male" and not np.isnan(rec[k])]
            for w in wrong:
                bad(w, f"{'女' if rec['sex'] == 'female' else '男'}生不测{w}，请核对性别或成绩列")
        records.append(rec)
    if not records and not problems:
        problems.append(Problem(label, sheet_name, None, "", "表中没有学生数据"))
    if problems:
        raise ImportFailed(problems)
    return pd.DataFrame(records)


def column_letter(index: int) -> str:
    return _col_letter(index)
