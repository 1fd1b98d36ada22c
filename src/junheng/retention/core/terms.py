"""Terms (学期) as the rosters name them: ``YYYY-1`` is the spring term (February–July), ``YYYY-2`` the autumn term
(September–January). The autumn term ``YYYY-2`` starts the school year ``YYYY``–``YYYY+1``.
"""

from __future__ import annotations

import datetime as dt
import re

from junheng.retention.core.workdays import TermCalendar

_TERM = re.compile(r"^(\d{4})-([12])$")


def parse_term(term: str) -> tuple[int, int]:
    """(year, half) of a term; raises ``ValueError`` with a Chinese message.

    >>> parse_term("2024-2")
    (2024, 2)
    """
    m = _TERM.match(str(term).strip())
    if not m:
        raise ValueError(f"学期「{term}」无效，应为 YYYY-1（春季学期）或 YYYY-2（秋季学期），如 2024-2")
    return int(m.group(1)), int(m.group(2))


def previous_term(term: str) -> str:
    """>>> previous_term("2024-1"), previous_term("2024-2")
    ('2023-2', '2024-1')
    """
    year, half = parse_term(term)
    return f"{year - 1}-2" if half == 1 else f"{year}-1"


def next_term(term: str) -> str:
    """>>> next_term("2024-2")
    '2025-1'
    """
    year, half = parse_term(term)
    return f"{year}-2" if half == 1 else f"{year + 1}-1"


def term_label(term: str) -> str:
    """>>> term_label("2024-2")
    '2024年秋季学期'
    """
    year, half = parse_term(term)
    return f"{year}年{'春季' if half == 1 else '秋季'}学期"


def school_year(term: str) -> int:
    """The first calendar year of the term's school year (autumn 2024 and spring 2025 are school year 2024)."""
    year, half = parse_term(term)
    return year if half == 2 else year - 1


def term_on(day: dt.date) -> str:
    """The term a day falls in (August and January count with the autumn term).

    >>> term_on(dt.date(2025, 1, 10)), term_on(dt.date(2025, 3, 1)), term_on(dt.date(2025, 8, 20))
    ('2024-2', '2025-1', '2025-2')
    """
    if day.month == 1:
        return f"{day.year - 1}-2"
    return f"{day.year}-1" if day.month < 8 else f"{day.year}-2"


def default_term_start(term: str, calendar: TermCalendar | None = None) -> dt.date:
    """A default first day: the first working day on or after 1 September (autumn) or 20 February (spring); the
    census page lets the bureau set the real date."""
    year, half = parse_term(term)
    day = dt.date(year, 9, 1) if half == 2 else dt.date(year, 2, 20)
    return (calendar or TermCalendar()).add_working_days(day, 0)
