"""Page contexts (one dataclass per page) and the tables they show, built from a ``YearView``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import pandas as pd

from junheng.teachers.core.codes import AGE_BANDS, STAFFING_SUBJECTS, SUBJECT_LABELS
from junheng.teachers.core.history import backbone_on, title_on
from junheng.teachers.core.staffing import age_structure
from junheng.teachers.store.service import YearView

VIEW_ROLES = ("bureau_admin", "bureau_staff", "leader", "school_clerk", "township_official")
WRITE_ROLES = ("bureau_admin", "bureau_staff")
BUREAU_ROLES = ("bureau_admin", "bureau_staff", "leader")


def years(v: YearView) -> list[int]:
    if v.history.posts.empty:
        return [v.year]
    first = int(v.history.posts["start"].dt.year.min())
    return list(range(max(first, v.year - 9), v.year + 2))[::-1]


def names(v: YearView) -> dict[str, str]:
    return dict(zip(v.schools["school_id"].astype(str), v.schools["name"].astype(str)))


def _visible(df: pd.DataFrame, col: str, visible: set[str] | None) -> pd.DataFrame:
    return df if visible is None else df[df[col].isin(visible)]


@dataclass
class ListPage:
    title: str
    year: int
    years: list[int]
    rows: list[dict]
    total: int
    shown: int
    filters: dict[str, str]
    schools: list[tuple[str, str]]
    subjects: tuple[str, ...]
    titles: tuple[str, ...]
    can_write: bool
    summary: dict[str, int]
    message: str = ""


_ROSTERS: WeakKeyDictionary[YearView, pd.DataFrame] = WeakKeyDictionary()


def roster(v: YearView) -> pd.DataFrame:
    """Every teacher in post on the year's reference day with what the list shows (title, 骨干, hours, 交流
    eligibility, 师德 vetoes) — built once per year view (which is itself cached until the data change); one
    merge per attribute, no lookups per teacher."""
    found = _ROSTERS.get(v)
    if found is None:
        found = _ROSTERS.setdefault(v, _roster(v))
    return found


def _roster(v: YearView) -> pd.DataFrame:
    d = v.on_post[["teacher_id", "school_id", "section", "subject"]]
    day = v.settings.reference_date(v.year)
    t = v.history.teachers[["teacher_id", "name", "gender", "birth_year", "education", "certificate"]]
    d = d.merge(t, on="teacher_id", how="left")
    d["title"] = d["teacher_id"].map(title_on(v.history, day)).fillna("未定级")
    bb = backbone_on(v.history, day, v.settings)
    d["backbone"] = d["teacher_id"].map(dict(zip(bb["teacher_id"], bb["level"].astype(str) + bb["kind"].astype(str))))
    d["backbone"] = d["backbone"].fillna("")
    tr = v.training.table.set_index("teacher_id")
    d["hours"] = d["teacher_id"].map(tr["hours"])
    d["required"] = d["teacher_id"].map(tr["required"])
    d["complete"] = d["teacher_id"].map(tr["complete"])
    el = v.quota.eligible
    d["eligible"] = d["teacher_id"].isin(set(el.loc[el["eligible"], "teacher_id"]))
    e = v.history.ethics
    vetoes = e[e["veto"] & (pd.to_numeric(e["year"]) <= v.year)].groupby("teacher_id")["year"].apply(
        lambda ys: "、".join(str(y) for y in sorted(ys)))
    d["veto"] = d["teacher_id"].map(vetoes).fillna("")
    d["age"] = v.year - pd.to_numeric(d["birth_year"], errors="coerce")
    d["school"] = d["school_id"].map(names(v)).fillna(d["school_id"])
    return d.sort_values(["school_id", "section", "teacher_id"]).reset_index(drop=True)


def teacher_frame(v: YearView, visible: set[str] | None, f: dict[str, str]) -> pd.DataFrame:
    """The roster within the user's scope (``visible``: school ids, None = the county), narrowed by the list's
    filters, in list order."""
    d = _visible(roster(v), "school_id", visible)
    keep = pd.Series(True, index=d.index)
    for key in ("school", "section", "subject", "title"):
        if f.get(key):
            keep &= d["school_id" if key == "school" else key] == f[key]
    if f.get("backbone"):
        keep &= d["backbone"] != ""
    if f.get("behind"):
        keep &= d["complete"].eq(False)
    if f.get("eligible"):
        keep &= d["eligible"]
    if f.get("veto"):
        keep &= d["veto"] != ""
    q = f.get("q", "").strip()
    if q:
        keep &= d["name"].astype(str).str.contains(q, regex=False) | d["teacher_id"].astype(str).str.contains(q, regex=False)
    return d[keep]


def roster_summary(d: pd.DataFrame) -> dict[str, int]:
    """The list's counts: teachers, 骨干, behind on training hours, eligible to move, with a 师德 veto."""
    return {"teachers": len(d), "backbone": int((d["backbone"] != "").sum()),
            "behind": int(d["complete"].eq(False).sum()), "eligible": int(d["eligible"].sum()),
            "veto": int((d["veto"] != "").sum())}


def teacher_records(d: pd.DataFrame, masks: dict[str, str | None]) -> list[dict]:
    """Rows for a page or an export (masked ID numbers only)."""
    d = d.assign(masked=d["teacher_id"].map(masks))
    rows = d.astype(object).where(d.notna(), None).to_dict("records")
    for r in rows:
        r["age"] = int(r["age"]) if r["age"] is not None else None
        r["complete"] = None if r["complete"] is None else bool(r["complete"])
        r["eligible"] = bool(r["eligible"])
    return rows


def teacher_rows(v: YearView, visible: set[str] | None, f: dict[str, str], masks: dict[str, str | None]) -> list[dict]:
    """Teachers in post on the year's reference day, within scope and filters, as rows."""
    return teacher_records(teacher_frame(v, visible, f), masks)


@dataclass
class ProfilePage:
    title: str
    person: object
    year: int
    current: dict | None
    timeline: list[dict]
    eligibility: dict | None
    hours: dict | None
    vetoes: list[str]


@dataclass
class QuotaRow:
    school_id: str
    school: str
    location: str
    eligible: int
    exchanged: int
    rate: float | None
    backbone_exchanged: int
    backbone_share: float | None
    passes: bool
    needed: int
    backbone_needed: int


@dataclass
class ExchangePage:
    title: str
    year: int
    years: list[int]
    county: object
    rows: list[QuotaRow]
    directions: list[tuple[str, int]]
    kinds: list[tuple[str, int]]
    not_moved: list[dict]
    moved: list[dict]
    proposals: list
    can_write: bool
    county_wide: bool
    chart: dict = field(default_factory=dict)
    error: str = ""
    transfers_text: str = ""


def quota_rows(v: YearView, visible: set[str] | None) -> list[QuotaRow]:
    sn = names(v)
    loc = dict(zip(v.schools["school_id"].astype(str), v.schools["location"].astype(str)))
    out = []
    for sid, line in sorted(v.quota.schools.items()):
        if visible is not None and sid not in visible:
            continue
        out.append(QuotaRow(sid, sn.get(sid, sid), loc.get(sid, ""), line.eligible, line.exchanged, line.rate,
                            line.backbone_exchanged, line.backbone_share, line.passes, line.needed,
                            line.backbone_needed))
    return out


def moved_rows(v: YearView, visible: set[str] | None) -> list[dict]:
    sn = names(v)
    t = dict(zip(v.history.teachers["teacher_id"], v.history.teachers["name"]))
    mv = _visible(v.quota.moved, "from_school_id", visible)
    return [{"teacher_id": r.teacher_id, "name": t.get(r.teacher_id, ""), "kind": r.kind,
             "start": r.start.date().isoformat(), "from": sn.get(r.from_school_id, r.from_school_id),
             "to": sn.get(r.to_school_id, r.to_school_id), "section": r.section, "direction": r.direction,
             "backbone": bool(r.backbone), "eligible": bool(r.eligible)} for r in mv.itertuples(index=False)]


def not_moved_rows(v: YearView, visible: set[str] | None) -> list[dict]:
    """Eligible teachers who did not move this year, the longest stay first."""
    el = v.quota.eligible
    el = _visible(el[el["eligible"] & ~el["teacher_id"].isin(set(v.quota.moved["teacher_id"]))], "school_id", visible)
    sn = names(v)
    el = el.sort_values(["tenure_years", "teacher_id"], ascending=[False, True])
    return [{"teacher_id": r.teacher_id, "name": r.name, "school": sn.get(r.school_id, r.school_id),
             "section": r.section, "subject": r.subject, "tenure": int(r.tenure_years), "age": int(r.age),
             "backbone": bool(r.backbone)} for r in el.itertuples(index=False)]


@dataclass
class TrainingPage:
    title: str
    year: int
    years: list[int]
    cycle: tuple[int, int]
    required: float
    teachers: int
    complete: int
    rate: float | None
    schools: list[dict]
    behind: list[dict]
    chart: dict


def training_tables(v: YearView, visible: set[str] | None) -> tuple[list[dict], list[dict], dict]:
    on = _visible(v.on_post, "school_id", visible)
    t = v.training.table.merge(on[["teacher_id", "school_id", "section"]], on="teacher_id")
    sn = names(v)
    g = t.groupby("school_id").agg(teachers=("teacher_id", "size"), complete=("complete", "sum"),
                                   hours=("hours", "mean")).reset_index()
    schools = [{"school_id": r.school_id, "school": sn.get(r.school_id, r.school_id), "teachers": int(r.teachers),
                "complete": int(r.complete), "rate": r.complete / r.teachers if r.teachers else None,
                "hours": float(r.hours)} for r in g.itertuples(index=False)]
    schools.sort(key=lambda s: (s["rate"] if s["rate"] is not None else 2, s["school_id"]))
    b = t[~t["complete"]].sort_values(["behind", "teacher_id"], ascending=[False, True])
    behind = [{"teacher_id": r.teacher_id, "name": r.name, "school": sn.get(r.school_id, r.school_id),
               "section": r.section, "hours": float(r.hours), "required": float(r.required),
               "behind": float(r.behind)} for r in b.itertuples(index=False)]
    bins = [0, 60, 120, 180, 240, 300, 360, 10**9]
    labels = ["<60", "60–119", "120–179", "180–239", "240–299", "300–359", "≥360"]
    hist = pd.cut(t["hours"], bins, right=False, labels=labels).value_counts().reindex(labels, fill_value=0)
    chart = {"bins": labels, "counts": [int(x) for x in hist],
             "schools": [s["school"] for s in schools[:25]],
             "rates": [round((s["rate"] or 0) * 100, 1) for s in schools[:25]]}
    return schools, behind, chart


@dataclass
class StaffingPage:
    title: str
    year: int
    years: list[int]
    rows: list[dict]
    subjects: list[dict]
    subject_names: list[str]
    ages: list[dict]
    age_bands: list[str]
    totals: dict
    school: dict | None = None
    absent: list[dict] | None = None
    can_write: bool = False
    error: str = ""
    chart: dict = field(default_factory=dict)


def staffing_tables(v: YearView, visible: set[str] | None, school_id: str | None = None):
    sn = names(v)
    s = _visible(v.staffing, "school_id", visible)
    sub = _visible(v.subjects, "school_id", visible)
    if school_id:
        s, sub = s[s["school_id"] == school_id], sub[sub["school_id"] == school_id]
    rows = [{"school_id": r.school_id, "school": sn.get(r.school_id, r.school_id), "section": r.section,
             "students": int(r.students), "classes": int(r.classes), "need": int(r.need),
             "by_students": int(r.by_students), "by_classes": int(r.by_classes), "small": bool(r.small),
             "teachers": int(r.teachers), "surplus": int(r.surplus)} for r in s.itertuples(index=False)]
    subj = []
    for (sid, sec), g in sub.groupby(["school_id", "section"]):
        cells = {r.subject: {"need": int(r.need), "teachers": int(r.teachers), "shortage": int(r.shortage)}
                 for r in g.itertuples(index=False)}
        subj.append({"school_id": sid, "school": sn.get(sid, sid), "section": sec, "cells": cells,
                     "short": sum(c["shortage"] for c in cells.values())})
    ages = age_structure(v.history, v.settings.reference_date(v.year), v.settings)
    ages = _visible(ages, "school_id", visible)
    if school_id:
        ages = ages[ages["school_id"] == school_id]
    bands = [b[2] for b in AGE_BANDS]
    age_rows = [{"school": sn.get(r["school_id"], r["school_id"]), **{b: int(r[b]) for b in bands}}
                for _, r in ages.iterrows()]
    totals = {"need": sum(r["need"] for r in rows), "teachers": sum(r["teachers"] for r in rows),
              "short_schools": sum(r["surplus"] < 0 for r in rows),
              "subject_short": {SUBJECT_LABELS[k]: int(sub.loc[sub["subject"] == k, "shortage"].sum())
                                for k in STAFFING_SUBJECTS},
              "ages": {b: int(ages[b].sum()) if b in ages else 0 for b in bands}}
    return rows, subj, age_rows, bands, totals


def today() -> dt.date:
    return dt.date.today()
