"""Periods: a term ``"YYYY-1"`` (spring, Feb–Jul of YYYY) or ``"YYYY-2"`` (autumn, Sep YYYY–Jan YYYY+1), and a
school year ``"YYYY"`` (学年 YYYY–YYYY+1)."""

from __future__ import annotations

import re

_TERM = re.compile(r"^(\d{4})-([12])$")


def is_term(period: str) -> bool:
    return bool(_TERM.match(period))


def school_year_of(term: str) -> str:
    """The school year a term belongs to: autumn 2024 (``2024-2``) and spring 2025 (``2025-1``) are 学年 2024.

    >>> school_year_of("2024-2"), school_year_of("2025-1")
    ('2024', '2024')
    """
    m = _TERM.match(term)
    if not m:
        raise ValueError(f"学期「{term}」格式应为 YYYY-1（春季）或 YYYY-2（秋季）")
    year, half = int(m.group(1)), m.group(2)
    return str(year if half == "2" else year - 1)


def term_label(term: str) -> str:
    """The term's Chinese name.

    >>> term_label("2024-2")
    '2024年秋季学期'
    """
    m = _TERM.match(term)
    if not m:
        return term
    return f"{m.group(1)}年{'春季' if m.group(2) == '1' else '秋季'}学期"
