"""Classes and students of the autumn-2024 registry (term 2024-2), drawn from the layout's grade plan.

Birth dates fit the grade (a child starts 一年级 in the September after turning six; some rural children are a
year older), ID numbers are valid (GB 11643) with the county's address code, or another region's for 随迁
children, and 全国学籍号 = "G" + ID number. Flags follow plausible rates by location: 留守 (three-way) mostly in
乡村, 随迁 mostly in 城区, 残疾 about 0.35% in ordinary schools (all in the special school), 低保 3–6% in the country.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.demo.base import COUNTY_CODE, YEAR, class_label
from junheng.demo.identity import chinese_names, id_numbers, random_dates
from junheng.demo.layout import Layout

#: Region codes of the places 随迁 children come from (other counties of the province and nearby provinces).
MIGRANT_ORIGINS = ("130429", "130634", "131126", "130528", "410523", "411425", "341221", "371526", "140121",
                   "130727", "411327", "152921")
DISABILITY_KINDS = np.array(["智力", "听力", "视力", "言语", "肢体", "精神", "多重残疾"])
_SPECIAL_P = np.array([0.45, 0.15, 0.08, 0.05, 0.07, 0.12, 0.08])
_ORDINARY_P = np.array([0.30, 0.12, 0.15, 0.10, 0.25, 0.05, 0.03])
_LEFT_BEHIND = {"城区": (0.03, 0.015), "镇区": (0.09, 0.05), "乡村": (0.14, 0.10)}   # 单亲, 双亲
_MIGRANT = {"城区": 0.11, "镇区": 0.04, "乡村": 0.01}
_LOW_INCOME = {"城区": 0.015, "镇区": 0.035, "乡村": 0.055}


def grade_birth_window(grade, year: int = YEAR) -> tuple[np.ndarray, np.ndarray]:
    """Birth dates of a child at the usual age for ``grade`` in the school year starting in autumn ``year``."""
    values, inverse = np.unique(np.asarray(grade), return_inverse=True)
    start = np.array([f"{year - 6 - g}-09-01" for g in values], dtype="datetime64[D]")
    end = np.array([f"{year - 5 - g}-08-31" for g in values], dtype="datetime64[D]")
    return start[inverse], end[inverse]


def build_classes(layout: Layout) -> pd.DataFrame:
    """One row per class (head teachers are assigned with the teachers)."""
    gp = layout.grade_plan
    rep = gp.loc[gp.index.repeat(gp["classes"])].reset_index(drop=True)
    number = rep.groupby(["school_id", "grade"]).cumcount().to_numpy() + 1
    labels = [class_label(g, k) for g, k in zip(rep["grade"].to_numpy(), number)]
    return pd.DataFrame({"school_id": rep["school_id"], "section": rep["section"], "grade": rep["grade"],
                         "class_name": labels, "head_teacher_id": ""})


def build_students(layout: Layout, rng: np.random.Generator) -> pd.DataFrame:
    """One row per student of autumn 2024, with every canonical registry column."""
    gp = layout.grade_plan.merge(layout.schools[["school_id", "kind", "location", "ownership", "township_code"]],
                                 on="school_id")
    rep = gp.loc[gp.index.repeat(gp["students"])].reset_index(drop=True)
    position = rng.permutation(len(rep))  # a random order inside each grade, then dealt to classes in turn
    rep["_order"] = position
    rep = rep.sort_values(["school_id", "grade", "_order"], kind="stable").reset_index(drop=True)
    within = rep.groupby(["school_id", "grade"]).cumcount().to_numpy()
    number = within % rep["classes"].to_numpy() + 1
    grade = rep["grade"].to_numpy()
    people = draw_children(rng, grade, rep["location"].to_numpy(), (rep["kind"] == "特殊教育学校").to_numpy(),
                           (rep["ownership"] == "民办").to_numpy())
    township, village = homes(layout, rep, rng)
    migrant = people["migrant"].to_numpy() == "是"
    people["township_code"] = np.where(migrant, "", township)
    people["village"] = np.where(migrant, "", village)
    people["school_id"] = rep["school_id"].to_numpy()
    people["grade"] = grade.astype(int)
    people["class_name"] = class_labels(grade, number)
    people["status"] = "在读"
    return people[STUDENT_COLUMNS]


STUDENT_COLUMNS = ["student_id", "name", "gender", "birth_date", "id_number", "school_id", "grade", "class_name",
                   "status", "left_behind", "migrant", "disability", "low_income", "township_code", "village"]


def draw_children(rng: np.random.Generator, grade: np.ndarray, location: np.ndarray, special: np.ndarray,
                  private: np.ndarray, year: int = YEAR, taken: np.ndarray | None = None,
                  local: np.ndarray | None = None) -> pd.DataFrame:
    """Name, gender, birth date (fitting ``grade`` in school year ``year``), ID number, 学籍号 and flags;
    ``local`` marks children who are certainly not 随迁 (household registered in the county)."""
    n = len(grade)
    gender = np.where(rng.random(n) < 0.53, "男", "女")
    loc = pd.Series(location)
    over = loc.map({"乡村": 0.06, "镇区": 0.04, "城区": 0.02}).to_numpy()
    years_over = (rng.random(n) < over).astype(int) + special * rng.integers(0, 3, n)
    birth = random_dates(rng, *grade_birth_window(np.asarray(grade) + years_over, year))

    migrant = rng.random(n) < loc.map(_MIGRANT).to_numpy() * np.where(private, 2.0, 1.0)
    if local is not None:
        migrant &= ~local
    address = np.where(migrant, np.array(MIGRANT_ORIGINS)[rng.integers(0, len(MIGRANT_ORIGINS), n)], COUNTY_CODE)
    ids = id_numbers(rng, address, birth, gender, taken)

    u = rng.random(n)
    single = loc.map({k: v[0] for k, v in _LEFT_BEHIND.items()}).to_numpy()
    double = loc.map({k: v[1] for k, v in _LEFT_BEHIND.items()}).to_numpy()
    left_behind = np.where(migrant, "非留守儿童", np.where(u < double, "双亲留守儿童",
                                                           np.where(u < double + single, "单亲留守儿童", "非留守儿童")))
    disabled = special | (rng.random(n) < 0.0035)
    kinds = np.where(special, DISABILITY_KINDS[rng.choice(7, n, p=_SPECIAL_P)],
                     DISABILITY_KINDS[rng.choice(7, n, p=_ORDINARY_P)])
    p_low = loc.map(_LOW_INCOME).to_numpy() * np.where(disabled, 3.0, 1.0) \
        * np.where(left_behind == "双亲留守儿童", 1.8, 1.0)
    return pd.DataFrame({
        "student_id": np.char.add("G", ids), "name": chinese_names(rng, gender), "gender": gender,
        "birth_date": np.datetime_as_string(birth), "id_number": ids, "left_behind": left_behind,
        "migrant": np.where(migrant, "是", "否"), "disability": np.where(disabled, kinds, ""),
        "low_income": np.where(rng.random(n) < p_low, "是", "否"),
    })


def class_labels(grade: np.ndarray, number: np.ndarray) -> np.ndarray:
    """Class names for many students at once (each distinct grade/number pair is formatted once)."""
    pairs, inverse = np.unique(np.stack([grade, number]), axis=1, return_inverse=True)
    return np.array([class_label(int(g), int(k)) for g, k in pairs.T])[inverse.ravel()]


def homes(layout: Layout, rep: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Household township and village: village schools draw from their own and nearby villages, township
    schools from their township, and county-seat schools also from the whole countryside (about 30%)."""
    n = len(rep)
    town_codes = layout.townships["township_code"].to_numpy()
    township = rep["township_code"].to_numpy().copy()
    from_country = (rep["location"].to_numpy() == "城区") & (rng.random(n) < 0.3)
    township[from_country] = rng.choice(town_codes[2:], from_country.sum())
    villages = layout.villages
    groups = {code: g["village"].to_numpy() for code, g in villages.groupby("township_code")}
    village = np.empty(n, dtype=object)
    for code, pool in groups.items():
        idx = np.flatnonzero(township == code)
        village[idx] = pool[rng.integers(0, len(pool), len(idx))]
    host = rep["school_id"].map(layout.host_villages).to_numpy()
    at_host = pd.notna(host) & (rng.random(n) < 0.7)
    village[at_host] = host[at_host]
    return township, village.astype(str)
