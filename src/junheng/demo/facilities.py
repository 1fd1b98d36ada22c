"""school_year_data of the demo county (DATA.md): one row per school section and year, 2022–2024, plus a 全校
row for the resources a multi-stage school shares (split later by enrolment with the cost weights).

Teacher columns of 2024 are counted from the teacher table with the definitions in ``teacher_columns``; earlier
years are the same teachers less those not yet hired, with the teachers since retired added back and fewer
backbone recognitions and completed training cycles. Facilities realise each section's profile in 2024 and are
smaller in earlier years (new buildings, purchases), while county-seat enrolment grows and rural enrolment falls.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.demo.base import EXCHANGE_AGES, EXCHANGE_GAP, QUALITY_THRESHOLDS, YEAR, YEARS

ABOVE_REQUIRED = {"小学": ("研究生", "本科", "专科"), "初中": ("研究生", "本科"), "高中": ("研究生",)}
MID_TITLES = ("正高级", "高级", "一级")
PE_ARTS = ("体育与健康", "音乐", "美术")
TRAINING_HOURS = 360
SHARED = ("teaching_room_area", "gym_area", "sports_ground_area", "equipment_value", "computers", "books",
          "music_rooms", "music_room_area_min", "art_rooms", "art_room_area_min", "public_funds", "training_funds")
TEACHER_COLUMNS = ("full_time_teachers", "teachers_above_required", "backbone_teachers", "pe_arts_teachers",
                   "mid_title_teachers", "certified_teachers", "training_completed_teachers",
                   "exchange_eligible_teachers", "exchanged_teachers", "exchanged_backbone_teachers")
COLUMNS = ("school_id", "year", "section", "students", "classes", *TEACHER_COLUMNS, "teaching_room_area",
           "gym_area", "sports_ground_area", "equipment_value", "multimedia_rooms", "computers", "books",
           "music_rooms", "music_room_area_min", "art_rooms", "art_room_area_min", "public_funds",
           "training_funds", "max_class_size")
_FUNDS_PER_STUDENT = {"小学": 650.0, "初中": 850.0, "高中": 1000.0}


def teacher_columns(teachers: pd.DataFrame, schools: pd.DataFrame, exchanges: pd.DataFrame, year: int) -> pd.DataFrame:
    """The teacher-derived columns per (school_id, section) for ``year``, all counted among full-time teachers:

    above required = 专科+ (小学), 本科+ (初中), 研究生 (高中); backbone = any level 县级 or above; PE and arts =
    体育与健康, 音乐, 美术; mid title = 一级 or above; certified = holds a teaching certificate; training completed =
    at least 360 hours in five years; exchange eligible = public school, aged 28–55, and no exchange in the five
    years before ``year``; exchanged = took part in an exchange in ``year`` (backbone: of those, backbone teachers).
    """
    t = teachers[(teachers["full_time"] == "是") & (year - teachers["birth_year"] >= 22)]   # hired by then
    t = t.merge(schools[["school_id", "ownership"]], on="school_id")
    age = year - t["birth_year"]
    before = exchanges[exchanges["year"] < year].groupby("teacher_id")["year"].max()
    previous = t["teacher_id"].map(before)
    now = t["teacher_id"].isin(exchanges.loc[exchanges["year"] == year, "teacher_id"])
    backbone = t["backbone_level"] != "无"
    eligible = (t["ownership"] == "公办") & age.between(*EXCHANGE_AGES) & (
        previous.isna() | (previous <= year - EXCHANGE_GAP))
    above = np.zeros(len(t), dtype=bool)
    for section, levels in ABOVE_REQUIRED.items():
        above |= ((t["section"] == section) & t["education"].isin(levels)).to_numpy()
    flags = pd.DataFrame({
        "school_id": t["school_id"], "section": t["section"], "full_time_teachers": 1,
        "teachers_above_required": above, "backbone_teachers": backbone,
        "pe_arts_teachers": t["subject"].isin(PE_ARTS), "mid_title_teachers": t["title"].isin(MID_TITLES),
        "certified_teachers": t["certificate"] == "是", "training_completed_teachers": t["training_hours_5y"] >= TRAINING_HOURS,
        "exchange_eligible_teachers": eligible, "exchanged_teachers": now & eligible,
        "exchanged_backbone_teachers": now & eligible & backbone,
    })
    return flags.groupby(["school_id", "section"], as_index=False).sum(numeric_only=False).astype(
        {c: "int64" for c in TEACHER_COLUMNS})


def _history(current: pd.DataFrame, years_back: int, rng: np.random.Generator) -> pd.DataFrame:
    """Teacher columns ``years_back`` years earlier, from this year's counts."""
    if years_back == 0:
        return current
    out = current.copy()
    d = years_back
    retired = rng.binomial(np.maximum(out["full_time_teachers"], 0), 0.02 * d)
    out["full_time_teachers"] += retired
    out["mid_title_teachers"] += np.round(retired * 0.7).astype(int)
    out["certified_teachers"] += retired
    for col, keep in (("backbone_teachers", 0.9), ("training_completed_teachers", 0.95),
                      ("pe_arts_teachers", 0.97)):
        out[col] = rng.binomial(out[col], keep ** d)
    return out


def _levels(section: pd.Series) -> pd.Series:
    return section.map(lambda s: QUALITY_THRESHOLDS["初中" if s == "高中" else s])


def _targets(sections: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """2024 resources per section from its profile (高中 at 1.2 × the 初中 figures; special schools roomier)."""
    s = sections.copy()
    thr = pd.DataFrame(list(_levels(s["section"])), index=s.index)
    bump = np.where(s["section"] == "高中", 1.2, 1.0) * np.where(s["kind"] == "特殊教育学校", 2.5, 1.0)
    p = s["students"].to_numpy(dtype=float)
    s["teaching_room_area"] = np.ceil(thr["L4"] * s["L4"] * bump * p)
    sports = np.ceil(thr["L5"] * s["L5"] * bump * p)
    share = np.select([s["location"] == "城区", s["location"] == "镇区"],
                      [rng.uniform(0.08, 0.15, len(s)), rng.uniform(0.0, 0.1, len(s)) * (rng.random(len(s)) < 0.5)],
                      0.0)
    s["gym_area"] = np.floor(sports * share)
    s["sports_ground_area"] = sports - s["gym_area"]
    s["equipment_value"] = np.ceil(thr["L6"] * s["L6"] * bump * p)
    raw_mm = thr["L7"] * s["L7"] * p / 100.0
    s["multimedia_rooms"] = np.where(s["L7"] >= 1.0, np.ceil(raw_mm), np.floor(raw_mm)).astype(int)
    s["computers"] = np.round(p * rng.uniform(0.1, 0.2, len(s)) + rng.integers(2, 12, len(s)))
    books = np.where(s["section"] == "小学", rng.uniform(25, 40, len(s)), rng.uniform(35, 55, len(s)))
    s["books"] = np.round(p * books)
    point = (s["kind"] == "教学点").to_numpy()
    need = np.ceil(s["classes"] / 12.0)
    short = (s["location"] != "城区").to_numpy() & (rng.random(len(s)) < 0.15)
    for room, floor in (("music", 96.0), ("art", 90.0)):
        s[f"{room}_rooms"] = np.where(point, 0, np.maximum(need - short, 0))
        small = rng.random(len(s)) < 0.12
        area = np.where(small, rng.uniform(60, floor - 1, len(s)), rng.uniform(floor, floor + 30, len(s)))
        s[f"{room}_room_area_min"] = np.where(s[f"{room}_rooms"] > 0, np.round(area), np.nan)
    funded = np.maximum(p, 100.0) * s["section"].map(_FUNDS_PER_STUDENT).to_numpy()
    funded = np.where(s["kind"] == "特殊教育学校", p * 6000.0, funded)
    s["public_funds"] = np.round(funded * np.where(rng.random(len(s)) < 0.05, rng.uniform(0.85, 0.97, len(s)),
                                                   rng.uniform(1.0, 1.2, len(s))), -2)
    share = np.where(rng.random(len(s)) < 0.08, rng.uniform(0.02, 0.045, len(s)), rng.uniform(0.05, 0.09, len(s)))
    s["training_funds"] = np.round(s["public_funds"] * share, -2)
    return s


def _year_rows(base: pd.DataFrame, years_back: int, rng: np.random.Generator) -> pd.DataFrame:
    """Enrolment and resources ``years_back`` years before 2024."""
    s = base.copy()
    d = years_back
    if d == 0:
        return s
    trend = s["location"].map({"城区": -0.03, "镇区": 0.005, "乡村": 0.05}).to_numpy()
    grow = (1 + trend * d) * rng.normal(1.0, 0.015, len(s))
    s["students"] = np.maximum(np.round(s["students"] * grow), 3).astype(int)
    s["classes"] = np.maximum(np.round(s["classes"] * grow), 1).astype(int)
    s["max_class_size"] = np.round(s["max_class_size"] * np.minimum(grow, 1.05)).astype(int)
    built = rng.random(len(s)) < 0.12 * d
    for col in ("teaching_room_area", "gym_area", "sports_ground_area"):
        s[col] = np.where(built, np.round(s[col] * 0.8), s[col])
    s["equipment_value"] = np.round(s["equipment_value"] * (1 - 0.07 * d) * rng.normal(1, 0.02, len(s)))
    s["multimedia_rooms"] = np.floor(s["multimedia_rooms"] * (1 - 0.12 * d)).astype(int)
    s["computers"] = np.round(s["computers"] * (1 - 0.05 * d))
    s["books"] = np.round(s["books"] * (1 - 0.04 * d))
    s["public_funds"] = np.round(s["public_funds"] * grow * (1 - 0.02 * d), -2)
    s["training_funds"] = np.round(s["training_funds"] * (1 - 0.03 * d), -2)
    return s


def build_school_year_data(sections: pd.DataFrame, profiles: pd.DataFrame, teachers: pd.DataFrame,
                           schools: pd.DataFrame, students: pd.DataFrame, exchanges: pd.DataFrame,
                           rng: np.random.Generator) -> pd.DataFrame:
    """All rows of 2022–2024 with the canonical columns of DATA.md (blank = not reported on this row)."""
    sec = sections.merge(profiles, on=["school_id", "section"])
    sizes = students.groupby(["school_id", "grade", "class_name"]).size().rename("n").reset_index()
    sizes["section"] = np.where(sizes["grade"] <= 6, "小学", np.where(sizes["grade"] <= 9, "初中", "高中"))
    largest = sizes.groupby(["school_id", "section"])["n"].max().rename("max_class_size").reset_index()
    base = _targets(sec, rng).merge(largest, on=["school_id", "section"], how="left")
    multi = base.groupby("school_id")["section"].transform("size").to_numpy() > 1
    frames = []
    for year in YEARS:
        d = YEAR - year
        rows = _year_rows(base, d, rng)
        taught = _history(teacher_columns(teachers, schools, exchanges, year), d, rng)
        rows = rows.merge(taught, on=["school_id", "section"], how="left")
        rows["year"] = year
        whole = rows.loc[multi].groupby("school_id", as_index=False)[list(SHARED)].agg(
            {c: ("min" if c.endswith("area_min") else "sum") for c in SHARED})
        whole["year"], whole["section"] = year, "全校"
        rows.loc[multi, list(SHARED)] = np.nan
        frames += [rows, whole]
    data = pd.concat(frames, ignore_index=True)
    data["_order"] = data["section"].map({"小学": 0, "初中": 1, "高中": 2, "全校": 3})
    data = data.sort_values(["year", "school_id", "_order"], ignore_index=True)
    data = data[list(COLUMNS)]
    counts = ["students", "classes", *TEACHER_COLUMNS, "multimedia_rooms", "computers", "books", "music_rooms",
              "art_rooms", "max_class_size"]
    return data.astype({c: "Int64" for c in counts} | {c: "float64" for c in COLUMNS if c not in counts
                                                       and c not in ("school_id", "year", "section")})
