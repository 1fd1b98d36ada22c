"""Read rosters and the school-age population list from the files bureaus actually have (not imported by the core).

Accepted: CSV (UTF-8 or GBK/GB18030, as Excel saves it), ``.xlsx``/``.xlsm``/``.xls``/``.ods`` through
python-calamine. Layouts: the registry's 学生 sheet (its Chinese headers) and the 学籍 system's export as it comes
(FORMATS.md: 全国学籍号/学籍号, 姓名, 性别, 出生日期 YYYYMMDD or YYYY-MM-DD, 身份证件号, 学校标识码/学校名称, 年级, 班级,
学籍状态/学生状态 …). The header is found by scanning the first rows for 姓名 beside an identifier column, so title
rows above it do no harm. Identifiers are kept as text; an identifier that Excel stored as a number with more
than 15 digits has lost digits and is reported. Every problem names the file, sheet, row and column, in Chinese.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pv

from junheng.io.problems import Problem
from junheng.registry.core.schema import STUDENTS
from junheng.retention.core.roster import RosterCheck, normalize_population, normalize_roster

HEADER_SCAN_ROWS = 12
ROSTER_ALIASES: dict[str, tuple[str, ...]] = {
    "student_id": ("全国学籍号", "学籍号", "学生学籍号", "全国学籍号码", "student_id"),
    "name": ("姓名", "学生姓名", "name"),
    "gender": ("性别", "gender"),
    "birth_date": ("出生日期", "出生年月日", "birth_date"),
    "id_number": ("身份证件号", "身份证件号码", "身份证号", "身份证号码", "公民身份号码", "id_number"),
    "id_type": ("身份证件类型",),
    "school": ("学校标识码", "school", "school_id"),
    "school_name": ("学校名称", "学校", "school_name"),
    "grade": ("年级", "grade"),
    "class_name": ("班级", "班级名称", "class_name"),
    "status": ("学籍状态", "学生状态", "状态", "status"),
    "term": ("学期", "term"),
    "personal_code": ("个人标识码",),
    "enrolled_on": ("入学年月",),
    "village": ("户籍村（社区）", "village"),
    "township_code": ("户籍乡镇代码", "township_code"),
    "household": ("户口所在地", "户籍所在地", "household"),
    # the 学籍 form has no 低保 field; its 是否需要申请资助 (family needs financial aid) is the nearest sign
    "low_income": ("是否需要申请资助",),
}
for _col in STUDENTS.columns:  # the registry's own headers, whatever they become
    _key = "school" if _col.key == "school_id" else _col.key
    ROSTER_ALIASES[_key] = tuple(dict.fromkeys((*ROSTER_ALIASES.get(_key, ()), *_col.headers(), _col.key)))
POPULATION_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "id_number": ("公民身份号码", "身份证件号", "身份证号", "身份证号码", "id_number"),
    "birth_date": ("出生日期", "birth_date"),
    "gender": ("性别",),
    "township": ("乡镇", "乡镇（街道）", "乡镇(街道)", "乡镇街道", "户籍地乡镇（街道）", "户籍地乡镇", "township"),
    "village": ("村", "村（社区）", "村(社区)", "村居", "村（居）委会", "村(居)委会", "户籍地村（居）", "village"),
    "guardian": ("监护人", "监护人姓名", "guardian"),
    "address": ("户籍地址", "住址", "address"),
}
ID_KEYS = ("student_id", "id_number", "school", "personal_code")


class RosterFileError(ValueError):
    """The file cannot be read at all (missing, unknown type, no header found)."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv_encoding(path: Path) -> str:
    head = path.read_bytes()[:1 << 20]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(head) - 4:  # a character cut at the 1 MiB boundary
                return encoding
    raise RosterFileError(f"{path.name}：无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")


def _sheets(path: Path, sheet: str | None):
    """Yield (sheet name, first rows as text, loader) per candidate sheet; ``loader(header_row)`` returns the
    body as a DataFrame of text plus its first file row number."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        encoding = _csv_encoding(path)
        with path.open(encoding=encoding, newline="") as handle:
            head = [row for _, row in zip(range(HEADER_SCAN_ROWS), csv.reader(handle))]

        def load_csv(header_row: int):
            width = len(head[header_row])
            try:  # Arrow's reader: several times faster than pandas' on millions of rows; keeps blank lines
                table = pv.read_csv(path, read_options=pv.ReadOptions(
                    skip_rows=header_row + 1, autogenerate_column_names=True, encoding=encoding),
                    parse_options=pv.ParseOptions(ignore_empty_lines=False),
                    convert_options=pv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                      strings_can_be_null=False))
                body = pd.DataFrame({i: pd.Series(table.column(i), dtype="str") for i in range(table.num_columns)})
            except pa.ArrowInvalid:  # ragged rows: pandas copes with them
                body = pd.read_csv(path, dtype="str", header=None, skiprows=header_row + 1, keep_default_na=False,
                                   encoding=encoding, skip_blank_lines=False)
            for col in body.columns:
                body[col] = body[col].fillna("").str.strip()
            return body, header_row + 2

        yield "", head, load_csv
        return
    if suffix not in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        raise RosterFileError(f"{path.name}：不支持的文件类型「{suffix}」，请使用 .xlsx、.xls 或 .csv")
    from junheng.io.workbook import UnreadableFile, open_workbook

    try:
        book = open_workbook(path)
    except UnreadableFile as exc:
        raise RosterFileError(str(exc)) from None
    if sheet and sheet not in book.sheet_names:
        raise RosterFileError(f"{path.name}：没有名为「{sheet}」的工作表（现有：{'、'.join(book.sheet_names)}）")
    for name in [sheet] if sheet else book.sheet_names:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except UnreadableFile as exc:
            raise RosterFileError(str(exc)) from None

        def load_excel(header_row: int, rows=rows):
            body = rows[header_row + 1:]
            width = max((len(r) for r in body), default=0)
            return pd.DataFrame([list(r) + [None] * (width - len(r)) for r in body], dtype=object), header_row + 2

        yield name, [[_cell_text(v) for v in r] for r in rows[:HEADER_SCAN_ROWS]], load_excel


def _find_header(rows: list[list[str]], aliases: Mapping[str, tuple[str, ...]], anchors: tuple[str, ...]):
    lookup = {h: key for key, headers in aliases.items() for h in headers}
    for r, row in enumerate(rows):
        texts = [str(t).replace(" ", "").replace("\u3000", "") for t in row]
        keys = {lookup[t]: (i, t) for i, t in reversed(list(enumerate(texts))) if t in lookup}
        if "name" in keys and any(a in keys for a in anchors):
            return r, keys
    return None, {}


def read_table(path: Path | str, aliases: Mapping[str, tuple[str, ...]], anchors: tuple[str, ...],
               sheet: str | None = None) -> tuple[pd.DataFrame, np.ndarray, dict[str, str], str, list[Problem]]:
    """Find the header, map headers to keys and return (frame of text by key, file row numbers, header text per
    key, sheet name, problems of identifiers stored as long numbers)."""
    path = Path(path)
    if not path.exists():
        raise RosterFileError(f"找不到文件：{path}")
    for name, head, load in _sheets(path, sheet):
        header_row, keys = _find_header(head, aliases, anchors)
        if header_row is None:
            continue
        frame, first = load(header_row)
        numbers = pd.Series(range(first, first + len(frame)), index=frame.index)
        problems: list[Problem] = []
        out = pd.DataFrame(index=frame.index)
        for key, (col, header) in keys.items():
            raw = frame[col] if col in frame.columns else pd.Series([""] * len(frame), index=frame.index)
            kind = pd.api.types.infer_dtype(raw, skipna=True) if raw.dtype == object else "string"
            if kind in ("string", "empty"):  # all text already (a C-level check): stay vectorised
                raw = raw.astype("str").fillna("").str.strip()
            else:  # Excel cells of mixed Python types: numbers, dates, booleans
                if key in ID_KEYS:
                    lost = raw.map(lambda v: isinstance(v, float) and abs(v) >= 1e15)  # Excel keeps 15 digits
                    for idx in lost[lost].index[:50]:
                        problems.append(Problem(path.name, name, int(numbers[idx]), header,
                                                f"「{_cell_text(raw[idx])}」以数字格式保存，已丢失位数；"
                                                "请把该列设为文本后重新导出"))
                raw = raw.map(_cell_text)
            out[key] = raw.astype("str")
        keep = ~(out == "").all(axis=1)
        return (out[keep].reset_index(drop=True), numbers[keep].to_numpy(),
                {k: h for k, (_, h) in keys.items()}, name, problems)
    where = f"工作表「{sheet}」" if sheet else "任何工作表"
    raise RosterFileError(f"{path.name}：在{where}的前 {HEADER_SCAN_ROWS} 行中没有找到表头（需要「姓名」及"
                          f"「{'」或「'.join(aliases[anchors[0]][:2])}」等列）")


def read_roster(path: Path | str, *, sheet: str | None = None, school: str | None = None,
                school_names: Mapping[str, str] | None = None) -> RosterCheck:
    """Read one roster file and normalise it (``normalize_roster``). ``school``: the school id when the file has no
    school column; ``school_names``: 学校名称 → 学校标识码 for exports that carry only the name."""
    return read_roster_located(path, sheet=sheet, school=school, school_names=school_names)[0]


def read_roster_located(path: Path | str, *, sheet: str | None = None, school: str | None = None,
                        school_names: Mapping[str, str] | None = None
                        ) -> tuple[RosterCheck, np.ndarray, str, dict[str, str]]:
    """``read_roster`` plus where each row came from: (check, file row numbers, sheet name, header per key), for
    importers that add their own checks."""
    frame, numbers, headers, name, problems = read_table(path, ROSTER_ALIASES, ("student_id", "id_number"), sheet)
    if "school" not in frame.columns and "school_name" in frame.columns:
        names = frame["school_name"]
        frame["school"] = names.map(dict(school_names)).fillna(names) if school_names else names
        headers["school"] = headers["school_name"]
    check = normalize_roster(frame, source=Path(path).name, sheet=name, row_numbers=numbers, headers=headers,
                             school=school)
    check.problems[:0] = problems
    return check, numbers, name, headers


def read_population(path: Path | str, *, sheet: str | None = None) -> RosterCheck:
    """Read the household registry's school-age list (姓名, 公民身份号码, 出生日期, 乡镇, 村)."""
    frame, numbers, headers, name, problems = read_table(path, POPULATION_ALIASES, ("id_number",), sheet)
    check = normalize_population(frame, source=Path(path).name, sheet=name, row_numbers=numbers, headers=headers)
    check.problems[:0] = problems
    return check
