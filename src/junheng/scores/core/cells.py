"""Vectorised conversion of spreadsheet cells (object arrays from python-calamine or csv) to text and scores.

Absent marks (缺考, 未扫描, -, blank …) are recognised and never become 0. Identifiers stay text: a number cell
holding an integer becomes its digits ("2024001", not "2024001.0").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

ABSENT_TOKENS = frozenset(
    {"", "缺考", "缺", "缺席", "缺測", "未考", "未参加", "未参考", "未扫描", "未扫", "-", "--", "—", "——", "－", "/",
     "／", "作弊", "违纪", "免考", "none", "nan", "null", "NaN", "None"}
)  # fmt: skip
SUMMARY = re.compile(r"^(合计|总计|平均分?|最高分?|最低分?|统计|优秀率|及格率|低分率|人数|参考人数|标准差|全校|全县|全区|年级)")
CHOICE = re.compile(r"^[A-Ga-g]+$")


def _string_mask(series: pd.Series) -> np.ndarray:
    """Which cells are str (calamine gives str, float, int, bool, date or '' — never None for cells)."""
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind == "string":
        return series.notna().to_numpy(dtype=bool)
    if kind in ("mixed", "mixed-integer"):
        return (series.map(type) == str).to_numpy(dtype=bool)
    return np.zeros(len(series), dtype=bool)


def _trim(strings: np.ndarray) -> np.ndarray:
    """Strip white space of a str object array (Arrow kernel; the array is returned as is when no cell has
    white space to strip, the usual case)."""
    arrow = pa.array(strings, type=pa.string())
    trimmed = pc.utf8_trim_whitespace(arrow)
    if trimmed.equals(arrow):
        return strings
    return trimmed.to_numpy(zero_copy_only=False).astype(object)


def blank(values: np.ndarray) -> np.ndarray:
    """True where a cell is empty: None, NaN or '' (a cell of spaces only counts as given)."""
    values = np.asarray(values, dtype=object)
    return np.asarray(pd.isna(values), dtype=bool) | (values == "")


def to_text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells as stripped text ('' when empty) and a mask of numbers too long to be exact (≥ 16 digits)."""
    series = pd.Series(values, dtype=object)
    strings = _string_mask(series)
    out = np.full(len(series), "", dtype=object)
    if strings.any():
        out[strings] = _trim(series.to_numpy()[strings])
    lossy = np.zeros(len(series), dtype=bool)
    others = ~strings & series.notna().to_numpy()
    if others.any():
        raw = series[others]
        numbers = pd.to_numeric(raw, errors="coerce")
        # whole numbers an int64 holds print as integers; inf and larger ones keep their own text
        integral = numbers.notna() & (numbers.abs() < 2.0**63) & (numbers == np.floor(numbers))
        formatted = raw.astype(str)
        if integral.any():
            formatted[integral] = numbers[integral].astype("Int64").astype(str)
        lossy[np.flatnonzero(others)] = (numbers.abs() >= 1e15).fillna(False).to_numpy(dtype=bool)
        out[others] = formatted.to_numpy(dtype=object)
    return out, lossy


@dataclass(frozen=True)
class ParsedScores:
    """Scores (NaN where absent or unreadable), the absent mask and the unreadable mask."""

    values: np.ndarray
    absent: np.ndarray
    bad: np.ndarray


def to_scores(values: np.ndarray) -> ParsedScores:
    """Parse score cells: numbers, numeric text (full-width digits too), absent marks; anything else is bad."""
    series = pd.Series(values, dtype=object)
    raw = series.to_numpy()
    numbers = np.array(pd.to_numeric(series, errors="coerce"), dtype=np.float64)
    missing = np.isnan(numbers)
    absent = np.zeros(len(series), dtype=bool)
    bad = np.zeros(len(series), dtype=bool)
    nulls = np.zeros(len(series), dtype=bool)
    nulls[missing] = np.asarray(pd.isna(raw[missing]), dtype=bool)  # None and NaN: empty cells
    absent[missing & nulls] = True
    given = np.flatnonzero(missing & ~nulls)  # text that is not a number: absent marks or bad cells
    if given.size:
        text = pd.Series(to_text(series.to_numpy()[given])[0])
        is_absent = text.isin(ABSENT_TOKENS).to_numpy()
        absent[given[is_absent]] = True
        unclear = given[~is_absent]
        if unclear.size:  # full-width digits, '98.5分'
            normal = pd.Series(
                [unicodedata.normalize("NFKC", str(v)).strip().removesuffix("分") for v in series.to_numpy()[unclear]]
            )  # only the few unreadable cells
            retry = pd.to_numeric(normal, errors="coerce").to_numpy(dtype=np.float64)
            numbers[unclear] = retry
            bad[unclear[np.isnan(retry)]] = True
    return ParsedScores(numbers, absent, bad)


def is_summary(text: np.ndarray) -> np.ndarray:
    """Cells (already text) that mark a summary row: 合计, 平均分, 最高分 … (Arrow regex, no Python per cell)."""
    if len(text) == 0:
        return np.zeros(0, dtype=bool)
    found = pc.match_substring_regex(pa.array(text, type=pa.string()), SUMMARY.pattern)
    return found.to_numpy(zero_copy_only=False).astype(bool)


def is_choice_column(values: np.ndarray) -> bool:
    """An item column holding option letters (A, B, AC …) rather than scores."""
    text, _ = to_text(values)
    given = text[text != ""]
    if given.size == 0:
        return False
    return bool(pd.Series(given).str.match(CHOICE).mean() >= 0.9)


def count_markers(cells: np.ndarray, absent: np.ndarray, markers: dict[str, int]) -> None:
    """Add the absent marks of one score column to ``markers``: 空白 (empty cells) or the word itself."""
    if not absent.any():
        return
    words = to_text(cells[absent])[0]
    kinds, counts = np.unique(np.where(words == "", "空白", words).astype(str), return_counts=True)
    for kind, count in zip(kinds, counts, strict=True):
        markers[str(kind)] = markers.get(str(kind), 0) + int(count)
