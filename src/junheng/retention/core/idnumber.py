"""Resident ID numbers (GB 11643-1999) and birth dates, vectorised over whole rosters.

``junheng.registry.valid_id_number`` checks one number; these functions check two million at once by viewing the
strings as a character matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from junheng.retention.core.frames import on_distinct

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def normalize_id_numbers(values: pd.Series) -> pd.Series:
    """Trim and upper-case (the check character ``x`` → ``X``); blanks become empty strings."""
    return values.astype("str").fillna("").str.strip().str.upper()


def _char_matrix(values: pd.Series, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(n × width uint8 matrix of the strings that are exactly ``width`` ASCII characters, mask of those rows).

    Reads the Arrow data buffer directly: no Python object per string."""
    usable = ((values.str.len() == width) & values.str.isascii()).to_numpy(dtype=bool, na_value=False)
    matrix = np.zeros((len(values), width), dtype=np.uint8)
    if usable.any():
        arr = pa.array(values[usable].astype("str"), type=pa.large_string())
        arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
        offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
        data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
        matrix[usable] = data.reshape(-1, width)
    return matrix, usable


def valid_id_numbers(values: pd.Series, births: pd.Series | None = None) -> pd.Series:
    """True where the value is an 18-character ID number with a valid birth date and check character
    (``births``: ``birth_dates_from_id(values)`` when already computed).

    >>> valid_id_numbers(pd.Series(["11010519491231002X", "110105194912310021", "123"])).tolist()
    [True, False, False]
    """
    clean = normalize_id_numbers(values)
    chars, usable = _char_matrix(clean, 18)
    digits = chars[:, :17] - ord("0")
    ok = usable & (chars[:, :17] >= ord("0")).all(axis=1) & (chars[:, :17] <= ord("9")).all(axis=1)
    check = _CHECK[(digits.astype(np.int64) @ _WEIGHTS) % 11]
    ok &= chars[:, 17] == check
    births = birth_dates_from_id(clean) if births is None else births
    ok &= births.notna().to_numpy()
    return pd.Series(ok, index=values.index)


def format_dates(dates: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` text (empty when missing), formatted once per distinct date."""
    return on_distinct(dates, lambda d: d.dt.strftime("%Y-%m-%d")).fillna("").astype("str")


def birth_dates_from_id(values: pd.Series) -> pd.Series:
    """The birth date in characters 7–14 of an 18-character ID number (datetime64, NaT when not a valid date)."""
    clean = normalize_id_numbers(values)
    digits = clean.str.slice(6, 14).where(clean.str.len() == 18, "")
    return on_distinct(digits, lambda d: pd.to_datetime(d, format="%Y%m%d", errors="coerce")).astype("datetime64[s]")


def _parse_dates(text: pd.Series) -> pd.Series:
    text = text.astype("str").fillna("").str.strip().str.replace(r"[ T].*$", "", regex=True)
    parts = text.str.replace(r"[./年月]", "-", regex=True).str.rstrip("日")
    compact = parts.str.fullmatch(r"\d{8}")
    iso = parts.where(~compact, parts.str.slice(0, 4) + "-" + parts.str.slice(4, 6) + "-" + parts.str.slice(6, 8))
    return pd.to_datetime(iso.where(iso.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}"), None), format="%Y-%m-%d",
                          errors="coerce")


def parse_birth_dates(values: pd.Series) -> pd.Series:
    """Birth dates as exported: ``YYYYMMDD``, ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD`` or an Excel date
    (possibly with a time of 00:00:00). Returns datetime64 with NaT where the value is blank or not a date.

    >>> parse_birth_dates(pd.Series(["20150304", "2015-3-4", "2015/03/04 00:00:00", "2015-02-30", ""])).dt.day.tolist()
    [4.0, 4.0, 4.0, nan, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.normalize().astype("datetime64[s]")
    return on_distinct(values, _parse_dates).astype("datetime64[s]")
