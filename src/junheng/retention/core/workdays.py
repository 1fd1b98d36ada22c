"""Working days on the county's term calendar: weekends, public holidays and 调休 make-up working days.

Deadlines of DESIGN §4.4 ("within N days") count working days after the starting day: the starting day itself
never counts, so ``add_working_days(friday, 1)`` is the next Monday (or later if that is a holiday). All functions
take scalars or arrays and are vectorised (no Python loop over dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

_DAY = np.timedelta64(1, "D")


def parse_days(specs: Iterable[str]) -> frozenset[dt.date]:
    """Dates from ``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD`` (inclusive range) strings.

    >>> sorted(parse_days(["2024-10-01..2024-10-03"]))[-1]
    datetime.date(2024, 10, 3)
    """
    days: set[dt.date] = set()
    for spec in specs:
        spec = spec.strip()
        if not spec:
            continue
        try:
            if ".." in spec:
                first, last = (dt.date.fromisoformat(s.strip()) for s in spec.split(".."))
                if last < first:
                    raise ValueError
                days.update(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
            else:
                days.add(dt.date.fromisoformat(spec))
        except ValueError:
            raise ValueError(f"日期「{spec}」无效，应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD") from None
    return frozenset(days)


def _as_days(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]")


@dataclass(frozen=True)
class TermCalendar:
    """Which days are working days: Monday–Friday, minus ``holidays``, plus ``makeup_workdays`` (调休)."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings) -> TermCalendar:
        """Build from ``RetentionSettings.holidays`` / ``makeup_workdays``."""
        return cls(parse_days(settings.holidays), parse_days(settings.makeup_workdays))

    def is_working_day(self, days) -> np.ndarray:
        """Boolean array: is each day a working day?"""
        d = _as_days(days)
        weekday = np.is_busday(d, weekmask="1111100")
        if self.holidays:
            weekday &= ~np.isin(d, _as_days(sorted(self.holidays)))
        if self.makeup_workdays:
            weekday |= np.isin(d, _as_days(sorted(self.makeup_workdays)))
        return weekday

    def _working_days(self, first: np.datetime64, last: np.datetime64) -> np.ndarray:
        span = np.arange(first, last + _DAY, dtype="datetime64[D]")
        return span[self.is_working_day(span)]

    def add_working_days(self, start, n):
        """The ``n``-th working day after ``start`` (``n = 0``: ``start`` if it is a working day, else the next one).

        Accepts a date or an array of dates (``n`` a scalar or an array); returns the same shape, as
        ``datetime.date`` for a scalar and ``datetime64[D]`` for arrays. Missing dates (NaT) stay NaT.
        """
        scalar = np.ndim(start) == 0 and np.ndim(n) == 0
        starts = np.atleast_1d(_as_days(start))
        steps = np.broadcast_to(np.atleast_1d(np.asarray(n, dtype=np.int64)), starts.shape)
        if np.any(steps < 0):
            raise ValueError("工作日数不能为负")
        valid = ~np.isnat(starts)
        out = np.full(starts.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        if valid.any():
            s, k = starts[valid], steps[valid]
            first = s.min()
            last = s.max() + np.timedelta64(int(k.max()) * 2 + 31, "D")
            while True:
                days = self._working_days(first, last)
                # n = 0 allows the start day itself; n >= 1 counts strictly after it
                pos = np.where(k == 0, np.searchsorted(days, s, side="left"),
                               np.searchsorted(days, s, side="right") + k - 1)
                if len(days) and pos.max() < len(days):
                    out[valid] = days[pos]
                    break
                last = last + (last - first) + np.timedelta64(31, "D")
        if scalar:
            return None if np.isnat(out[0]) else out[0].item()
        return out

    def working_days_between(self, start, end):
        """Working days in ``(start, end]`` — how many working days after ``start`` ``end`` lies (0 if not after).

        Vectorised like ``add_working_days``; NaT gives -1 in arrays and ``None`` for scalars.
        """
        scalar = np.ndim(start) == 0 and np.ndim(end) == 0
        a, b = np.broadcast_arrays(np.atleast_1d(_as_days(start)), np.atleast_1d(_as_days(end)))
        valid = ~(np.isnat(a) | np.isnat(b))
        out = np.full(a.shape, -1, dtype=np.int64)
        if valid.any():
            av, bv = a[valid], b[valid]
            days = self._working_days(min(av.min(), bv.min()), max(av.max(), bv.max()))
            count = np.searchsorted(days, bv, side="right") - np.searchsorted(days, av, side="right")
            out[valid] = np.maximum(count, 0)
        if scalar:
            return None if out[0] < 0 else int(out[0])
        return out
