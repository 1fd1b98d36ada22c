"""A county's teacher histories as frames, and each teacher's state on a date (vectorised, no row loops).

Frames and their columns (dates are ``datetime64``; an open end is ``NaT``):

- ``teachers``: teacher_id, name, gender, birth_year, full_time (是/否), education, certificate (是/否)
- ``posts``: teacher_id, school_id, section, subject, start, end, kind (任教/调动/交流轮岗/…), direction,
  from_school_id — a move is the post it starts
- ``titles``: teacher_id, title, date · ``recognitions``: teacher_id, kind, level, start, end
- ``training``: teacher_id, course, level, hours, date · ``ethics``: teacher_id, year, result, veto (bool)
- ``schools`` (optional): school_id, name, location, ownership, kind
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from junheng.teachers.core.settings import TeacherSettings

COLUMNS: dict[str, tuple[str, ...]] = {
    "teachers": ("teacher_id", "name", "gender", "birth_year", "full_time", "education", "certificate"),
    "posts": ("teacher_id", "school_id", "section", "subject", "start", "end", "kind", "direction",
              "from_school_id"),
    "titles": ("teacher_id", "title", "date"),
    "recognitions": ("teacher_id", "kind", "level", "start", "end"),
    "training": ("teacher_id", "course", "level", "hours", "date"),
    "ethics": ("teacher_id", "year", "result", "veto"),
    "schools": ("school_id", "name", "location", "ownership", "kind"),
}
DATES = {"posts": ("start", "end"), "titles": ("date",), "recognitions": ("start", "end"), "training": ("date",)}


def _frame(name: str, data) -> pd.DataFrame:
    cols = COLUMNS[name]
    df = pd.DataFrame(data) if data is not None else pd.DataFrame(columns=list(cols))
    for c in cols:
        if c not in df:
            df[c] = None
    df = df[list(cols)].copy()
    for c in DATES.get(name, ()):
        df[c] = pd.to_datetime(df[c], errors="coerce")
    for c in ("teacher_id", "school_id", "from_school_id"):
        if c in df:
            df[c] = df[c].where(df[c].isna(), df[c].astype(str))
    if name == "training":
        df["hours"] = pd.to_numeric(df["hours"], errors="coerce").fillna(0.0).astype(float)
    if name == "ethics":
        df["veto"] = df["veto"].map(lambda v: v in (True, "是", 1)).astype(bool)
    return df.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class History:
    """Every record of the county's teachers (build with :func:`history`)."""

    teachers: pd.DataFrame
    posts: pd.DataFrame
    titles: pd.DataFrame = field(default_factory=lambda: _frame("titles", None))
    recognitions: pd.DataFrame = field(default_factory=lambda: _frame("recognitions", None))
    training: pd.DataFrame = field(default_factory=lambda: _frame("training", None))
    ethics: pd.DataFrame = field(default_factory=lambda: _frame("ethics", None))
    schools: pd.DataFrame = field(default_factory=lambda: _frame("schools", None))

    def with_(self, **frames) -> History:
        return replace(self, **{k: _frame(k, v) for k, v in frames.items()})


def history(teachers, posts, titles=None, recognitions=None, training=None, ethics=None, schools=None) -> History:
    """Normalise the frames (or lists of dicts) into a :class:`History`."""
    return History(_frame("teachers", teachers), _frame("posts", posts), _frame("titles", titles),
                   _frame("recognitions", recognitions), _frame("training", training), _frame("ethics", ethics),
                   _frame("schools", schools))


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def posts_on(h: History, day: dt.date, settings: TeacherSettings, counting_only: bool = True) -> pd.DataFrame:
    """Each teacher's post on ``day`` (one row per teacher): the latest-starting post that covers the day.

    Posts of the ``non_counting_kinds`` (走教, 跟岗) do not move the teacher: the home post stays the one counted."""
    p = h.posts
    t = _ts(day)
    on = p[(p["start"] <= t) & (p["end"].isna() | (p["end"] >= t))]
    if counting_only:
        on = on[~on["kind"].isin(settings.non_counting_kinds)]
    on = on.sort_values(["teacher_id", "start"], kind="stable")
    return on.drop_duplicates("teacher_id", keep="last").reset_index(drop=True)


def tenure_start(h: History, day: dt.date, settings: TeacherSettings) -> pd.Series:
    """For each teacher with a post on ``day``: the start of their unbroken run of posts at that school
    (consecutive posts at the same school, with no post elsewhere in between, count as one stay)."""
    p = h.posts[~h.posts["kind"].isin(settings.non_counting_kinds) & (h.posts["start"] <= _ts(day))]
    p = p.sort_values(["teacher_id", "start"], kind="stable")
    new_run = (p["school_id"] != p.groupby("teacher_id")["school_id"].shift()) | \
        (p["teacher_id"] != p["teacher_id"].shift())
    run = new_run.cumsum()
    first = p.groupby(run)["start"].transform("min")
    last = p.assign(_run=run, _first=first).drop_duplicates("teacher_id", keep="last")
    return last.set_index("teacher_id")["_first"]


def title_on(h: History, day: dt.date) -> pd.Series:
    """The latest title obtained on or before ``day``, per teacher."""
    t = h.titles[h.titles["date"] <= _ts(day)].sort_values(["teacher_id", "date"], kind="stable")
    return t.drop_duplicates("teacher_id", keep="last").set_index("teacher_id")["title"]


def backbone_on(h: History, day: dt.date, settings: TeacherSettings) -> pd.DataFrame:
    """Recognitions valid on ``day`` that count as backbone (县级 or above): teacher_id, kind, level (highest)."""
    r = h.recognitions
    t = _ts(day)
    ok = r["kind"].isin(settings.backbone_kinds) & r["level"].isin(settings.backbone_levels) & \
        (r["start"] <= t) & (r["end"].isna() | (r["end"] >= t))
    v = r[ok].copy()
    order = {lv: i for i, lv in enumerate(settings.backbone_levels)}
    v["_rank"] = v["level"].map(order)
    return v.sort_values(["teacher_id", "_rank"]).drop_duplicates("teacher_id", keep="last").drop(columns="_rank")


def age_in(h: History, year: int) -> pd.Series:
    """Age reached in calendar ``year`` (birth years only are kept)."""
    return year - pd.to_numeric(h.teachers.set_index("teacher_id")["birth_year"], errors="coerce")


def school_names(h: History) -> dict[str, str]:
    return dict(zip(h.schools["school_id"].astype(str), h.schools["name"].astype(str)))


def years_between(start: pd.Series, day: dt.date) -> np.ndarray:
    """Whole years from each start to ``day`` (a stay from 2018-08-01 is 6 years on 2024-08-01)."""
    s = pd.to_datetime(start)
    years = day.year - s.dt.year - ((s.dt.month > day.month) | ((s.dt.month == day.month) & (s.dt.day > day.day)))
    return years.to_numpy()
