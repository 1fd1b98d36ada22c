"""Import an exam export (xlsx, xls, csv) into the canonical score table (FORMATS.md, "Exam exports").

Reading uses python-calamine (xlsx and old .xls alike) or the csv reader; detection and validation are the
pure ``mapping`` and ``parse`` modules, so the web preview runs the same code. Not imported by
``junheng.scores`` (python-calamine stays out of the pure core).

    mapping, rows = propose_file("成绩.xlsx", subjects=["语文", "数学"])
    result = import_scores("成绩.xlsx", full_marks={"语文": 120, "数学": 120}, overrides=["F=ignore"])
    if result.ok: analyze_exam(result.scores, exam)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.io.workbook import UnreadableFile, Workbook, open_workbook
from junheng.scores.core.mapping import HEADER_SCAN_ROWS, ColumnMapping, find_header_row, propose_mapping
from junheng.scores.core.model import ScoresInputError
from junheng.scores.core.parse import ImportResult, parse_rows

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXTS = {".csv", ".txt"}


def sheet_names(path: str | Path) -> list[str]:
    """Sheet names of a workbook (['csv'] for a csv file)."""
    path = Path(path)
    if path.suffix.lower() in TEXTS:
        return [path.stem]
    return list(_workbook(path).sheet_names)


def _workbook(path: Path) -> Workbook:
    if not path.exists():
        raise ScoresInputError(f"文件不存在：{path}")
    try:  # the shared opener: damaged files explained, rows stop at the last value (no million empty rows)
        return open_workbook(path)
    except UnreadableFile as exc:
        raise ScoresInputError(str(exc)) from exc


def read_rows(path: str | Path, sheet: str | None = None) -> tuple[str, Sequence[Sequence[object]]]:
    """The cells of one sheet, top-left = A1. Without ``sheet``: the first sheet whose first rows hold a
    recognisable header (else the first sheet)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXTS:
        return "", _read_csv(path)  # a csv has no sheet: messages name the file only
    if suffix not in SPREADSHEETS:
        raise ScoresInputError(f"不支持的文件类型“{suffix or path.name}”，请用 xlsx、xls 或 csv")
    book = _workbook(path)
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise ScoresInputError(f"文件 {path.name} 中没有工作表“{sheet}”，现有：" + "、".join(names))
    chosen = sheet if sheet is not None else names[0]
    loaded = None
    try:
        if sheet is None:  # parsing a sheet is the costly step: parse each candidate once
            for name in names:
                candidate = book.get_sheet_by_name(name)
                if find_header_row(candidate.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS + 1)) is not None:
                    chosen, loaded = name, candidate
                    break
        if loaded is None:
            loaded = book.get_sheet_by_name(chosen)
        rows = loaded.to_python(skip_empty_area=False)
    except Exception as exc:
        raise ScoresInputError(f"文件 {path.name} 工作表 {chosen} 读取失败（{type(exc).__name__}）") from exc
    return chosen, rows


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScoresInputError(f"文件 {path.name} 的编码无法识别（请另存为 UTF-8 或 GBK 的 csv）")


def _read_csv(path: Path) -> np.ndarray:
    if not path.exists():
        raise ScoresInputError(f"文件不存在：{path}")
    text = _decode(path)
    head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:200]))))
    width = max((len(r) for r in head), default=0)
    if width == 0:
        raise ScoresInputError(f"文件 {path.name} 是空的")
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, names=range(width), dtype=str,
                            keep_default_na=False, skip_blank_lines=False, engine="c")  # fmt: skip
    except (pd.errors.ParserError, ValueError):  # rows wider than the first 200: pad by hand
        rows = list(csv.reader(io.StringIO(text)))
        width = max(len(r) for r in rows)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows])
    return frame.fillna("").to_numpy(dtype=object)


def propose_file(
    path: str | Path,
    *,
    sheet: str | None = None,
    subjects: Collection[str] = (),
    subject: str | None = None,
) -> tuple[ColumnMapping, Sequence[Sequence[object]]]:
    """Read a file and propose its column mapping (for the preview); returns the rows too."""
    path = Path(path)
    name, rows = read_rows(path, sheet)
    return propose_mapping(rows, file=path.name, sheet=name, subjects=subjects, subject=subject), rows


def import_scores(
    path: str | Path,
    *,
    full_marks: Mapping[str, float] | None = None,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    overrides: Sequence[str] = (),
    subject: str | None = None,
    known_schools: Collection[str] | None = None,
    known_classes: Collection[tuple[str, str]] | None = None,
    default_school: str | None = None,
    zeros: str = "auto",
) -> ImportResult:
    """Read, map (proposed, or the confirmed ``mapping``, plus ``overrides``) and validate an exam file;
    ``zeros``: auto, scores or absent (``junheng.scores.core.zeros``)."""
    path = Path(path)
    if mapping is None:
        mapping, rows = propose_file(path, sheet=sheet, subjects=list(full_marks or ()), subject=subject)
    else:
        _, rows = read_rows(path, mapping.sheet or sheet)
    if overrides:
        mapping = mapping.with_overrides(overrides)
    return parse_rows(rows, mapping, full_marks=full_marks, known_schools=known_schools,
                      known_classes=known_classes, default_school=default_school, zeros=zeros)  # fmt: skip
