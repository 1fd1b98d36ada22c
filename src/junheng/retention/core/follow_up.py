"""Did flagged students get a real contact? The follow-up measure of early warning (the action, not a checkbox).

A contact counts only when all hold:
- it is a 家访, 电话 or 信函 with a date, on or after the day the student was flagged and no later than
  ``follow_up_days`` working days after it;
- its note says something: at least ``min_note_chars`` characters once blanks are removed;
- the note is not boilerplate: the same text does not appear, word for word, in the records of
  ``boilerplate_students`` or more students.
A "contacted" tick box is never read. Students whose window is still open and who have no counted contact yet are
``pending`` and left out of the rate; the rate is counted ÷ (counted + missed), per school and county.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from junheng.retention.core.cases import CONTACT_KINDS
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar


def classify_contacts(flagged: pd.DataFrame, contacts: pd.DataFrame, *, calendar: TermCalendar,
                      settings: RetentionSettings) -> pd.DataFrame:
    """Every contact of a flagged student with ``counted`` and, when not counted, ``why_not``."""
    window = flagged[["student_id", "flagged_on"]].copy()
    window["flagged_on"] = pd.to_datetime(window["flagged_on"]).to_numpy(dtype="datetime64[D]")
    window["due"] = calendar.add_working_days(window["flagged_on"].to_numpy(dtype="datetime64[D]"),
                                              settings.follow_up_days)
    every = contacts.assign(_note=contacts["note"].astype("str").fillna("").str.replace(r"\s+", "", regex=True))
    every["_students"] = every.groupby("_note")["student_id"].transform("nunique")  # over all contacts
    c = every.merge(window, on="student_id", how="inner")
    on = pd.to_datetime(c["on"], errors="coerce")
    note, students_per_note = c["_note"], c["_students"]
    checks = [
        (~c["kind"].isin(CONTACT_KINDS), "联系方式不是家访、电话或信函"),
        (on.isna(), "没有联系日期"),
        (on < c["flagged_on"], "联系日期早于列入预警"),
        (on > c["due"], "超出规定天数"),
        (note.str.len() < settings.min_note_chars, "说明过短"),
        (students_per_note >= settings.boilerplate_students, "与其他学生的记录说明雷同（套话）"),
    ]
    why = pd.Series([""] * len(c), dtype="str")
    for mask, text in reversed(checks):  # the first failing check is reported
        why = why.where(~mask.to_numpy(dtype=bool, na_value=True), text)
    c["counted"] = (why == "").to_numpy()
    c["why_not"] = why.to_numpy()
    return c.drop(columns=["_note", "_students"])


def follow_up(flagged: pd.DataFrame, contacts: pd.DataFrame, *, calendar: TermCalendar,
              settings: RetentionSettings | None = None, today: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per student: ``state`` contacted | missed | pending and ``first_contact_on``; per school and 全县: the
    rate). ``flagged``: ``student_id, school_id, flagged_on``; ``contacts``: ``student_id, on, kind, note``."""
    settings = settings or RetentionSettings()
    judged = classify_contacts(flagged, contacts, calendar=calendar, settings=settings)
    first = pd.to_datetime(judged.loc[judged["counted"], ["student_id", "on"]].set_index("student_id")["on"])
    first = first.groupby(level=0).min()
    people = flagged[["school_id", "student_id", "flagged_on"]].reset_index(drop=True).copy()
    due = calendar.add_working_days(pd.to_datetime(people["flagged_on"]).to_numpy(dtype="datetime64[D]"),
                                    settings.follow_up_days)
    people["due"] = due
    people["first_contact_on"] = first.reindex(people["student_id"]).to_numpy()   # (map fails on an empty one)
    contacted = people["first_contact_on"].notna().to_numpy()
    open_window = due >= np.datetime64(today, "D")
    people["state"] = np.select([contacted, open_window], ["contacted", "pending"], "missed")
    rates = people.assign(contacted=people["state"] == "contacted", missed=people["state"] == "missed",
                          pending=people["state"] == "pending", flagged=1)
    per_school = rates.groupby("school_id", as_index=False)[["flagged", "contacted", "missed", "pending"]].sum()
    county = per_school[["flagged", "contacted", "missed", "pending"]].sum().to_frame().T.assign(school_id="全县")
    table = pd.concat([per_school, county], ignore_index=True)
    judged_total = table["contacted"] + table["missed"]
    table["contact_rate"] = np.where(judged_total > 0, table["contacted"] / judged_total.where(judged_total > 0, 1),
                                     np.nan)
    return people, table
