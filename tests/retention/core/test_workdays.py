"""Working days across weekends, holidays and 调休 make-up days, against a day-by-day oracle."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.retention.core import RetentionSettings, TermCalendar, parse_days

pytestmark = pytest.mark.core
D = dt.date
# National Day 2024: 1–7 October off, Sunday 29 September and Saturday 12 October worked (调休)
NATIONAL_DAY = TermCalendar(parse_days(["2024-10-01..2024-10-07"]), parse_days(["2024-09-29", "2024-10-12"]))


def naive_is_working(day: dt.date, cal: TermCalendar) -> bool:
    if day in cal.makeup_workdays:
        return True
    return day.weekday() < 5 and day not in cal.holidays


def naive_add(start: dt.date, n: int, cal: TermCalendar) -> dt.date:
    day = start
    if n == 0:
        while not naive_is_working(day, cal):
            day += dt.timedelta(days=1)
        return day
    while n:
        day += dt.timedelta(days=1)
        n -= naive_is_working(day, cal)
    return day


@pytest.mark.parametrize(("start", "n", "expected"), [
    pytest.param(D(2024, 9, 6), 1, D(2024, 9, 9), id="friday+1-is-monday"),
    pytest.param(D(2024, 9, 7), 1, D(2024, 9, 9), id="saturday+1-is-monday"),
    pytest.param(D(2024, 9, 2), 10, D(2024, 9, 16), id="term-start+10-no-holiday"),
    pytest.param(D(2024, 9, 27), 1, D(2024, 9, 29), id="makeup-sunday-counts"),
    pytest.param(D(2024, 9, 30), 1, D(2024, 10, 8), id="over-national-day"),
    pytest.param(D(2024, 9, 27), 3, D(2024, 10, 8), id="fri-makeup-mon-holidays"),
    pytest.param(D(2024, 10, 5), 0, D(2024, 10, 8), id="zero-on-holiday-rolls-forward"),
    pytest.param(D(2024, 10, 12), 0, D(2024, 10, 12), id="zero-on-makeup-saturday"),
    pytest.param(D(2024, 10, 11), 1, D(2024, 10, 12), id="friday+1-is-makeup-saturday"),
])
def test_add_working_days_hand_worked(start, n, expected):
    assert NATIONAL_DAY.add_working_days(start, n) == expected


def test_working_days_between_counts_after_start_up_to_end():
    assert NATIONAL_DAY.working_days_between(D(2024, 9, 27), D(2024, 10, 8)) == 3
    assert NATIONAL_DAY.working_days_between(D(2024, 10, 8), D(2024, 10, 8)) == 0
    assert NATIONAL_DAY.working_days_between(D(2024, 10, 9), D(2024, 10, 8)) == 0


def test_arrays_and_missing_dates():
    starts = np.array(["2024-09-30", "NaT", "2024-09-06"], dtype="datetime64[D]")
    out = NATIONAL_DAY.add_working_days(starts, np.array([1, 1, 5]))
    assert out[0] == np.datetime64("2024-10-08") and np.isnat(out[1]) and out[2] == np.datetime64("2024-09-13")
    assert NATIONAL_DAY.working_days_between(starts, np.datetime64("2024-10-08")).tolist() == [1, -1, 18]


def test_long_holiday_extends_the_search_window():
    summer = TermCalendar(parse_days(["2024-07-01..2024-08-31"]))
    assert summer.add_working_days(D(2024, 6, 28), 1) == D(2024, 9, 2)


def test_settings_build_the_calendar_and_bad_dates_are_reported_in_chinese():
    cal = TermCalendar.from_settings(RetentionSettings(holidays=("2024-10-01..2024-10-03",),
                                                       makeup_workdays=("2024-10-12",)))
    assert D(2024, 10, 2) in cal.holidays and D(2024, 10, 12) in cal.makeup_workdays
    with pytest.raises(ValueError, match="日期「2024-13-01」无效"):
        parse_days(["2024-13-01"])
    with pytest.raises(ValueError, match="无效"):
        parse_days(["2024-10-07..2024-10-01"])
    with pytest.raises(ValueError, match="不能为负"):
        NATIONAL_DAY.add_working_days(D(2024, 10, 1), -1)


days = st.dates(D(2024, 1, 1), D(2025, 12, 31))


@settings(max_examples=50, deadline=None)
@given(start=days, n=st.integers(0, 40), holidays=st.sets(days, max_size=25), makeup=st.sets(days, max_size=5))
def test_add_and_between_agree_with_day_by_day_oracle(start, n, holidays, makeup):
    cal = TermCalendar(frozenset(holidays), frozenset(makeup))
    due = cal.add_working_days(start, n)
    assert due == naive_add(start, n, cal)
    if n:
        assert cal.working_days_between(start, due) == n
