"""Read and validate sheets described by ``SheetSpec``; collect every problem instead of stopping at one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from junheng.io.problems import Problem
from junheng.io.spec import Column, SheetSpec
from junheng.io.workbook import UnreadableFile, open_workbook

BLANK = ("", None)


@dataclass
class SheetRows:
    spec: SheetSpec
    rows: list[dict]          # validated values by column key
    row_numbers: list[int]    # the Excel row number of each entry, for later messages


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value) -> str:
    """Cell value as text, keeping long digit identifiers whole (floats like 3.3e17 lose digits)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _convert(col: Column, raw) -> tuple[object, str | None]:
    text = _text(raw)
    if text == "":
        return None, ("必填项为空" if col.required else None)
    if col.kind == "text":
        return text, None
    if col.kind == "code":
        if text not in col.choices:
            return None, f"「{text}」不是有效代码，应为：{'、'.join(col.choices)}"
        return text, None
    if col.kind in ("int", "float"):
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return None, f"「{text}」不是数字"
        if col.kind == "int":
            if not number.is_integer():
                return None, f"「{text}」应为整数"
            number = int(number)
        if col.minimum is not None and number < col.minimum:
            return None, f"{text} 小于允许的最小值 {col.minimum:g}"
        if col.maximum is not None and number > col.maximum:
            return None, f"{text} 大于允许的最大值 {col.maximum:g}"
        return number, None
    if col.kind == "date":
        for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d"):
            try:
                return dt.datetime.strptime(text[:10] if "-" in text else text, fmt).date().isoformat(), None
            except ValueError:
                continue
        return None, f"「{text}」不是有效日期（应为 YYYY-MM-DD 或 YYYYMMDD）"
    raise ValueError(col.kind)


def read_sheet(path: Path, spec: SheetSpec, problems: list[Problem], file_label: str | None = None) -> SheetRows:
    """Read one sheet whose header is on row 1; append every problem found to ``problems``."""
    label = file_label or Path(path).name
    try:
        wb = open_workbook(path, label)
        if spec.name not in wb.sheet_names:
            problems.append(Problem(label, spec.name, None, "", f"缺少工作表「{spec.name}」"))
            return SheetRows(spec, [], [])
        sheet = wb.get_sheet_by_name(spec.name)
        data = sheet.to_python(skip_empty_area=False)
        merged_ranges = sheet.merged_cell_ranges or []
    except UnreadableFile as unreadable:
        if unreadable.problems[0] not in problems:  # several sheets of one damaged file: say it once
            problems.extend(unreadable.problems)
        return SheetRows(spec, [], [])
    for merged in merged_ranges:
        (r0, c0), (r1, c1) = merged
        if r0 == 0:
            problems.append(Problem(label, spec.name, 1, _col_letter(c0),
                                    f"表头单元格 {_col_letter(c0)}1:{_col_letter(c1)}{r1 + 1} 被合并，请取消合并后每列一个标题"))
    if not data:
        problems.append(Problem(label, spec.name, None, "", "工作表为空"))
        return SheetRows(spec, [], [])
    header = [_text(v) for v in data[0]]
    positions: dict[str, int] = {}
    for col in spec.columns:
        found = [i for i, h in enumerate(header) if h in col.headers()]
        if found:
            positions[col.key] = found[0]
        elif col.required:
            problems.append(Problem(label, spec.name, 1, col.header, f"缺少必需的列「{col.header}」"))
    if any(p.sheet == spec.name and p.row == 1 for p in problems if p.file == label):
        return SheetRows(spec, [], [])

    rows: list[dict] = []
    numbers: list[int] = []
    seen: dict[tuple, int] = {}
    pending_blank: list[int] = []
    for r, values in enumerate(data[1:], start=2):
        cells = [values[positions[c.key]] if positions.get(c.key, 10**9) < len(values) else None
                 for c in spec.columns]
        if all(_text(v) == "" for v in cells):
            pending_blank.append(r)
            continue
        for blank in pending_blank:  # a blank row followed by data: rows below it would be silently lost
            problems.append(Problem(label, spec.name, blank, "", "数据中间有空行，请删除空行（空行以下的数据可能被遗漏）"))
        pending_blank = []
        record: dict = {}
        for col, raw in zip(spec.columns, cells):
            if col.key not in positions:
                record[col.key] = None
                continue
            value, error = _convert(col, raw)
            if error:
                problems.append(Problem(label, spec.name, r, col.header, error))
            record[col.key] = value
        key = tuple(record[k] for k in spec.key)
        if all(k is not None for k in key):
            if key in seen:
                problems.append(Problem(label, spec.name, r, spec.column(spec.key[-1]).header,
                                        f"与第 {seen[key]} 行重复（{'、'.join(map(str, key))}）"))
            else:
                seen[key] = r
        rows.append(record)
        numbers.append(r)
    return SheetRows(spec, rows, numbers)
