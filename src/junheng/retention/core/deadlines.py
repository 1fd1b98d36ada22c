"""Census and report deadlines (DESIGN §4.4), in working days on the term calendar.

- Census: each school checks its roster within ``census_days`` working days after the term starts
  (``census_due``).
- Report: a suspected dropout is reported to the bureau and the township within ``report_days`` working days of
  being found. A school that finds it late cannot gain time by being late: the report is due ``report_days``
  after the earlier of the day it was found and the census deadline.
- Overdue: not done and today is after the due date; done after the due date is "late". Days overdue count
  working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar

STATE_LABELS = {"on_time": "按时完成", "late": "逾期完成", "pending": "未到期", "overdue": "逾期未完成"}


def census_due(term_start: dt.date, calendar: TermCalendar, settings: RetentionSettings) -> dt.date:
    """Last day of the term census: ``census_days`` working days after the term's first day."""
    return calendar.add_working_days(term_start, settings.census_days)


def _days(values, keys: list) -> np.ndarray:
    """Dates per key: ``values`` is a mapping key → date, one date for all, or None (all missing)."""
    if isinstance(values, Mapping):
        dates = pd.Series(keys, dtype=object).map(dict(values))
    else:
        dates = pd.Series([values] * len(keys), dtype=object)
    return pd.to_datetime(dates, errors="coerce").to_numpy(dtype="datetime64[D]")


def _state(due: np.ndarray, done: np.ndarray, today: dt.date, calendar: TermCalendar) -> pd.DataFrame:
    """Vectorised step state: on_time / late / pending / overdue, with working days overdue."""
    today64 = np.datetime64(today, "D")
    is_done = ~np.isnat(done)
    late = is_done & (done > due)
    overdue = ~is_done & (today64 > due)
    state = np.select([is_done & ~late, late, overdue], ["on_time", "late", "overdue"], "pending")
    until = np.where(is_done, done, today64)
    days = np.where(late | overdue, calendar.working_days_between(due, until), 0)
    return pd.DataFrame({"state": state, "state_label": pd.Series(state).map(STATE_LABELS).to_numpy(),
                         "overdue": overdue, "days_overdue": days})


def report_deadlines(suspected: pd.DataFrame, *, term_start: dt.date, calendar: TermCalendar,
                     settings: RetentionSettings, today: dt.date, found_on=None, reported_on=None) -> pd.DataFrame:
    """Add ``found_on``, ``report_by``, ``reported_on`` and the state columns to suspected dropouts.

    ``found_on``: one date, or a mapping school → date (the day each school ran its census; default: the census
    deadline). ``reported_on``: a mapping student_id → date of the report (absent: not reported yet).
    """
    due = np.datetime64(census_due(term_start, calendar, settings), "D")
    found = _days(found_on, suspected["school"].tolist())
    found = np.where(np.isnat(found), due, found)
    report_by = calendar.add_working_days(np.minimum(found, due), settings.report_days)
    reported = _days(reported_on or {}, suspected["student_id"].tolist())
    out = suspected.reset_index(drop=True).copy()
    out["found_on"], out["report_by"], out["reported_on"] = found, report_by, reported
    return pd.concat([out, _state(report_by, reported, today, calendar)], axis=1)


def census_status(schools: Iterable[str], submissions: Mapping[str, dt.date], *, term_start: dt.date,
                  calendar: TermCalendar, settings: RetentionSettings, today: dt.date) -> pd.DataFrame:
    """Per school: census deadline, the day its current roster was checked (``submissions``), and the state."""
    schools = sorted(set(schools))
    due = np.datetime64(census_due(term_start, calendar, settings), "D")
    done = _days(dict(submissions), schools)
    dues = np.full(len(schools), due)
    base = pd.DataFrame({"school": schools, "census_due": dues, "submitted_on": done})
    return pd.concat([base, _state(dues, done, today, calendar)], axis=1)
