"""Teachers of the autumn-2024 registry, realising each section's profile with whole people.

Head counts follow staffing norms (students per teacher and teachers per class, by stage and location). Within
a section the counts that 优质均衡 reads are exact: teachers above the required education (专科+ in 小学, 本科+
in 初中, 研究生 in 高中), county-or-higher backbone teachers, PE/music/art teachers. Everything else is drawn
with realistic tilts: rural teachers are older with fewer 本科 degrees; titles rise with age; teaching
certificates are missing mostly in private and rural schools; exchange (交流轮岗) each year takes about a tenth
of the eligible teachers of public schools, with a quarter of them backbone teachers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.demo.base import COUNTY_CODE, EXCHANGE_AGES, EXCHANGE_GAP, QUALITY_THRESHOLDS, YEAR
from junheng.demo.identity import chinese_names

_RATIO = {"小学": {"城区": 19.0, "镇区": 17.0, "乡村": 15.0}, "初中": {"城区": 12.5, "镇区": 11.5, "乡村": 10.5},
          "高中": {"城区": 12.5, "镇区": 12.5, "乡村": 12.5}}
_PER_CLASS = {"小学": 1.75, "初中": 3.3, "高中": 3.6}
_SUBJECTS = {
    "小学": ({"语文": 34, "数学": 28, "外语": 9, "科学": 6, "道德与法治": 6, "信息技术": 3, "综合实践活动": 3,
             "心理健康": 1, "劳动": 2, "其他": 2}),
    "初中": ({"语文": 15, "数学": 15, "外语": 14, "物理": 8, "化学": 5, "生物": 6, "历史": 7, "地理": 6,
             "道德与法治": 8, "信息技术": 4, "心理健康": 2, "劳动": 1, "其他": 2}),
}
_SUBJECTS["高中"] = _SUBJECTS["初中"]
_BACKBONE_LEVELS = np.array(["县级", "市级", "省级", "国家级"])


@dataclass(frozen=True)
class Staff:
    teachers: pd.DataFrame      # canonical registry columns
    classes: pd.DataFrame       # classes with head_teacher_id filled
    exchanges: pd.DataFrame     # teacher_id, year: every exchange since 2016 (last_exchange_year is the latest)


def head_count(section: str, location: str, kind: str, ownership: str, students: int, classes: int) -> int:
    """Teachers a section employs, from students per teacher and teachers per class."""
    if kind == "教学点":
        return classes + int(students > 40)
    if kind == "特殊教育学校":
        return int(np.ceil(students / 3.3))
    ratio = _RATIO[section][location] * (1.1 if ownership == "民办" else 1.0)
    return int(np.ceil(max(students / ratio, classes * _PER_CLASS[section])))


def _required(section: str, key: str, factor: float, students: int) -> int:
    stage = "初中" if section == "高中" else section
    per100 = QUALITY_THRESHOLDS[stage][key] * factor
    raw = per100 * students / 100.0
    return int(np.ceil(raw)) if factor >= 1.0 else int(np.floor(raw))


def _ages(rng: np.random.Generator, location: str, n: int) -> np.ndarray:
    """Ages in autumn 2024: county-seat staff in their thirties and forties; rural staff older, with a wave of
    young 特岗 teachers."""
    if location == "城区":
        age = rng.normal(39, 8.5, n)
    else:
        old = rng.random(n) < (0.55 if location == "乡村" else 0.45)
        age = np.where(old, rng.normal(50, 5, n), rng.normal(30, 5, n))
    return np.clip(np.round(age), 22, 59).astype(int)


def _titles(rng: np.random.Generator, age: np.ndarray, section: str, location: str) -> np.ndarray:
    senior = (0.5 if section == "小学" else 1.0) * (0.6 if location == "乡村" else 1.0)
    u = rng.random(len(age))
    p_senior = np.select([age >= 45, age >= 35], [0.42 * senior, 0.16 * senior], 0.0)
    p_first = np.select([age >= 45, age >= 35, age >= 27], [0.45, 0.55, 0.3], 0.0)
    p_second = np.select([age >= 35, age >= 27, age >= 25], [0.25, 0.55, 0.45], 0.3)
    rest = np.where(age < 27, "未定级", np.where(rng.random(len(age)) < 0.2, "三级", "二级"))
    title = np.where(u < p_senior, "高级", np.where(u < p_senior + p_first, "一级",
                     np.where(u < p_senior + p_first + p_second, "二级", rest)))
    top = (title == "高级") & (age >= 50) & (location == "城区") & (rng.random(len(age)) < 0.03)
    return np.where(top, "正高级", title)


def _section_teachers(rng: np.random.Generator, row) -> pd.DataFrame:
    """The teachers of one section; ``row`` carries the section (students, classes, …) and its profile."""
    section, location, kind = row.section, row.location, row.kind
    n = head_count(section, location, kind, row.ownership, row.students, row.classes)
    full_time = np.ones(n, dtype=bool)
    if n > 8:
        full_time[rng.random(n) < 0.03] = False
    n_ft = int(full_time.sum())
    age = _ages(rng, location, n)
    gender = np.where(rng.random(n) < {"小学": 0.76, "初中": 0.58, "高中": 0.52}[section]
                      * (0.85 if location == "乡村" else 1.0), "女", "男")
    ft_idx = np.flatnonzero(full_time)
    order = ft_idx[np.argsort(age[ft_idx] + rng.normal(0, 6, n_ft))]       # youngest (and best trained) first

    special = kind == "特殊教育学校"      # outside the seven indicators: well-qualified, few specialists
    if special or section == "高中":   # 高中: 研究生 are the few above the required 本科
        above = round((0.92 if special else rng.uniform(0.08, 0.15)) * n_ft)
    else:
        above = min(_required(section, "L1", row.L1, row.students), n_ft)
    education = np.empty(n, dtype=object)
    top, low = order[:above], order[above:]
    degree_share = {"城区": 0.88, "镇区": 0.72, "乡村": 0.55}[location]
    if section == "小学":
        education[top] = np.where(rng.random(len(top)) < degree_share, "本科", "专科")
        education[top[rng.random(len(top)) < (0.03 if location == "城区" else 0.005)]] = "研究生"
        education[low] = np.where(rng.random(len(low)) < 0.97, "高中阶段", "高中阶段以下")
    elif section == "初中":
        education[top] = np.where(rng.random(len(top)) < (0.06 if location == "城区" else 0.01), "研究生", "本科")
        education[low] = np.where(rng.random(len(low)) < 0.95, "专科", "高中阶段")
    else:
        education[top] = "研究生"
        education[low] = np.where(rng.random(len(low)) < 0.97, "本科", "专科")
    part = np.flatnonzero(~full_time)
    education[part] = rng.choice(["本科", "专科", "高中阶段"], len(part), p=[0.4, 0.45, 0.15])

    title = _titles(rng, age, section, location)
    backbone = np.full(n, "无", dtype=object)
    n_backbone = round(0.1 * n_ft) if special else min(_required(section, "L2", row.L2, row.students), n_ft)
    merit = rng.normal(0, 1, n_ft) - np.abs(age[ft_idx] - 42) / 8 + (title[ft_idx] == "高级") * 1.0
    chosen = ft_idx[np.argsort(-merit)[:n_backbone]]
    level_p = [0.66, 0.25, 0.08, 0.01] if location == "城区" else [0.78, 0.2, 0.02, 0.0]
    backbone[chosen] = _BACKBONE_LEVELS[rng.choice(4, len(chosen), p=level_p)]

    subject = np.empty(n, dtype=object)
    n_arts = round(0.1 * n_ft) if special else min(_required(section, "L3", row.L3, row.students), n_ft)
    arts = rng.choice(ft_idx, n_arts, replace=False)
    subject[arts] = rng.choice(["体育与健康", "音乐", "美术"], n_arts, p=[0.46, 0.28, 0.26])
    rest = np.setdiff1d(np.arange(n), arts)
    weights = _SUBJECTS[section]
    names, p = list(weights), np.array(list(weights.values()), dtype=float)
    subject[rest] = np.array(names, dtype=object)[rng.choice(len(names), len(rest), p=p / p.sum())]
    subject[np.intersect1d(rest, part)] = "其他"

    p_missing = 0.06 if row.ownership == "民办" else {"城区": 0.003, "镇区": 0.008, "乡村": 0.015}[location]
    certificate = np.where(rng.random(n) < p_missing * np.where(age < 26, 3.0, 1.0), "否", "是")
    hours = np.clip(rng.normal(470, 50, n), 150, 800) * np.clip((age - 21) / 4.0, 0.3, 1.0)
    hours = np.where(rng.random(n) < 0.03, hours * 0.7, hours)   # a few fell behind on the 360-hour cycle
    return pd.DataFrame({
        "gender": gender, "birth_year": YEAR - age, "school_id": row.school_id, "section": section,
        "full_time": np.where(full_time, "是", "否"), "education": education.astype(str), "title": title,
        "backbone_level": backbone.astype(str), "subject": subject.astype(str), "certificate": certificate,
        "training_hours_5y": np.round(hours).astype(int), "_public": row.ownership == "公办",
    })


def exchange_history(rng: np.random.Generator, teachers: pd.DataFrame, first: int = 2016,
                     last: int = YEAR) -> pd.DataFrame:
    """Every year about a tenth of the eligible teachers of public schools go on exchange (some schools send many,
    some none), backbone teachers twice as likely; eligibility as in ``base.EXCHANGE_AGES`` / ``EXCHANGE_GAP``."""
    n = len(teachers)
    latest = np.full(n, -1)
    backbone = (teachers["backbone_level"] != "无").to_numpy()
    base = ((teachers["full_time"] == "是") & teachers["_public"]).to_numpy()
    schools = teachers["school_id"].to_numpy()
    uniq, inv = np.unique(schools, return_inverse=True)
    keen = rng.uniform(0.3, 1.7, len(uniq))[inv]            # some schools send many, some none
    rows = []
    for year in range(first, last + 1):
        age = year - teachers["birth_year"].to_numpy()
        eligible = base & (age >= EXCHANGE_AGES[0]) & (age <= EXCHANGE_AGES[1]) & (
            (latest < 0) | (latest <= year - EXCHANGE_GAP))
        p = 0.085 * keen * np.where(backbone, 2.2, 1.0)
        moved = eligible & (rng.random(n) < p)
        latest[moved] = year
        rows.append(pd.DataFrame({"teacher_id": teachers["teacher_id"].to_numpy()[moved], "year": year}))
    return pd.concat(rows, ignore_index=True)


def build_staff(sections: pd.DataFrame, profiles: pd.DataFrame, classes: pd.DataFrame,
                rng: np.random.Generator) -> Staff:
    """Teachers of every section, their exchange history, and a head teacher for every class."""
    merged = sections.merge(profiles, on=["school_id", "section"])
    frames = [_section_teachers(rng, row) for row in merged.itertuples(index=False)]
    t = pd.concat(frames, ignore_index=True)
    t.insert(0, "teacher_id", [f"T{COUNTY_CODE}{i + 1:05d}" for i in range(len(t))])
    t.insert(1, "name", chinese_names(rng, t["gender"].to_numpy(), adult=True))
    history = exchange_history(rng, t)
    last = history.groupby("teacher_id")["year"].max()
    t["last_exchange_year"] = t["teacher_id"].map(last).astype("Int64")
    classes = _head_teachers(classes, t, rng)
    teachers = t.drop(columns=["_public"])
    return Staff(teachers, classes, history)


def _head_teachers(classes: pd.DataFrame, teachers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A distinct full-time teacher for every class: 语文/数学/外语 teachers first, those over 55 last."""
    t = teachers[(teachers["full_time"] == "是")].copy()
    t["_rank"] = rng.random(len(t)) + (~t["subject"].isin(["语文", "数学", "外语"])) * 1.0 \
        + (YEAR - t["birth_year"] > 55) * 2.0
    t = t.sort_values(["school_id", "section", "_rank"])
    t["_slot"] = t.groupby(["school_id", "section"]).cumcount()
    c = classes.copy()
    c["_slot"] = c.groupby(["school_id", "section"]).cumcount()
    c = c.drop(columns="head_teacher_id").merge(t[["school_id", "section", "_slot", "teacher_id"]],
                                                 on=["school_id", "section", "_slot"], how="left")
    c["head_teacher_id"] = c["teacher_id"].fillna("")
    return c.drop(columns=["_slot", "teacher_id"])
