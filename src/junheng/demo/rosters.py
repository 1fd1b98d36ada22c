"""Two term rosters (DATA.md "rosters"): spring 2024 (term 2024-1, school year 2023–24) and autumn 2024 (2024-2,
the registry). Terms are calendar halves: YYYY-1 is the spring term, YYYY-2 the autumn term.

Between the terms, as a county sees them: most students move up a grade in the same school; 六年级 and 九年级
finish (学籍状态 毕业) and most continue in the county's 初中 and 高中 under the same 学籍号; some students change
school inside the county (recorded 在读 or 转出 at the old school), some leave the county (转出), two die (死亡);
one student with a temporary 学籍号 (L…) changes school and gets the formal one (G + ID number) — only the ID
number links the two; one student comes back from 休学; three take 休学; 一年级 and students from outside the
county are new; and a few students vanish with no record at all — the suspected dropouts.
``movements`` is the answer key: one row per student and what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.demo.base import TERMS, YEAR
from junheng.demo.pupils import class_labels, draw_children, homes
from junheng.demo.registry import Registry

ROSTER_COLUMNS = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status", "term"]
DETAIL_COLUMNS = ["student_id", "gender", "class_name", "entry_month", "left_behind", "migrant", "disability",
                  "low_income", "township_code", "village"]


@dataclass(frozen=True)
class Rosters:
    terms: dict[str, pd.DataFrame]      # canonical roster columns, one frame per term
    details: dict[str, pd.DataFrame]    # the other 学籍 fields of the export, by student_id
    movements: pd.DataFrame             # previous_id, current_id, kind, from_school, to_school


def entry_month(grade: np.ndarray, school_year: int) -> np.ndarray:
    """入学年月 (YYYYMM) of the stage a student is in: 一年级, 七年级 or 高一 of that September."""
    g = np.asarray(grade)
    stage_start = np.where(g <= 6, 1, np.where(g <= 9, 7, 10))
    return np.char.add((school_year - (g - stage_start)).astype(str), "09")


def _pick(rng: np.random.Generator, candidates: np.ndarray, k: int, weight: np.ndarray | None = None) -> np.ndarray:
    k = min(k, len(candidates))
    p = None if weight is None else weight / weight.sum()
    return rng.choice(candidates, k, replace=False, p=p)


def _offered(reg: Registry) -> dict[int, pd.Series]:
    """For each grade, the ordinary schools teaching it (autumn 2024) and their number of classes in it."""
    c = reg.classes.merge(reg.schools[["school_id", "kind"]], on="school_id")
    c = c[c["kind"] != "特殊教育学校"]
    return {g: part.groupby("school_id").size() for g, part in c.groupby("grade")}


def _feeders(reg: Registry, offered: pd.Series, home: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A school of the previous stage for each student, in the student's home township (the county seat's two
    街道 share their schools), weighted by the schools' size."""
    info = reg.schools.set_index("school_id").loc[offered.index]
    seat = reg.townships.loc[reg.townships["kind"] == "街道", "township_code"].to_numpy()
    area = np.where(np.isin(info["township_code"], seat), "seat", info["township_code"])
    home_area = np.where(np.isin(home, seat), "seat", home)
    out = np.empty(len(home), dtype=object)
    for a in np.unique(home_area):
        idx = np.flatnonzero(home_area == a)
        pool = np.flatnonzero(area == a)
        if len(pool) == 0:
            pool = np.arange(len(offered))
        w = offered.to_numpy()[pool].astype(float)
        out[idx] = offered.index.to_numpy()[pool][rng.choice(len(pool), len(idx), p=w / w.sum())]
    return out.astype(str)


def build_rosters(reg: Registry, rng: np.random.Generator) -> Rosters:
    """Both terms from the autumn registry: spring is rebuilt backwards, then the spring-only leavers added."""
    cur = reg.students.reset_index(drop=True)
    n = len(cur)
    kinds = cur["school_id"].map(reg.schools.set_index("school_id")["kind"]).to_numpy()
    grade = cur["grade"].to_numpy()
    special = kinds == "特殊教育学校"
    prev = pd.DataFrame({"student_id": cur["student_id"], "school": cur["school_id"], "grade": grade - 1,
                         "class_name": "", "status": "在读"})
    kind = np.full(n, "continuing", dtype=object)
    kind[grade == 1] = "new_entrant"
    number = cur["class_name"].str.extract(r"(\d+)班$")[0].astype(int).to_numpy()
    prev["class_name"] = class_labels(np.maximum(grade - 1, 1), number)

    offered = _offered(reg)
    school_town = cur["school_id"].map(reg.schools.set_index("school_id")["township_code"])
    home = np.where(cur["township_code"] == "", school_town, cur["township_code"])
    for g_now, stay_on in ((7, 0.9), (10, 0.5)):   # 小升初 and 初升高: same 学籍号, usually a new school
        idx = np.flatnonzero((grade == g_now) & ~special)
        school = _feeders(reg, offered[g_now - 1], home[idx], rng)
        own = cur["school_id"].to_numpy()[idx]
        same = np.isin(own, offered[g_now - 1].index) & (rng.random(len(idx)) < stay_on)
        school = np.where(same, own, school)
        k = rng.integers(0, 1000, len(idx)) % offered[g_now - 1].reindex(school).to_numpy() + 1
        prev.loc[idx, "school"] = school
        prev.loc[idx, "class_name"] = class_labels(np.full(len(idx), g_now - 1), k)
        prev.loc[idx, "status"] = "毕业"
        kind[idx] = "promoted"

    movable = np.flatnonzero((kind == "continuing") & ~special & (cur["status"] == "在读").to_numpy())
    migrant = (cur["migrant"] == "是").to_numpy()
    arrived = _pick(rng, movable, int(0.004 * n), np.where(migrant[movable], 4.0, 1.0))
    kind[arrived] = "transferred_in"
    movable = np.setdiff1d(movable, arrived)
    moved = _pick(rng, movable[grade[movable] <= 9], int(0.005 * n))
    kind[moved] = "transferred_within"
    changed = _pick(rng, np.setdiff1d(movable[(grade[movable] >= 3) & (grade[movable] <= 5)], moved), 1)
    kind[changed] = "changed_id"
    for g in np.unique(grade[np.concatenate([moved, changed])]):     # the school they came from
        idx = np.concatenate([moved, changed])
        idx = idx[grade[idx] == g]
        schools, counts = offered[g - 1].index.to_numpy(), offered[g - 1].to_numpy()
        own = np.searchsorted(schools, cur["school_id"].to_numpy()[idx])
        j = (own + rng.integers(1, len(schools), len(idx))) % len(schools)   # any school but their own
        prev.loc[idx, "school"] = schools[j]
        number = rng.integers(0, 1000, len(idx)) % counts[j] + 1
        prev.loc[idx, "class_name"] = class_labels(np.full(len(idx), g - 1), number)
        prev.loc[idx, "status"] = np.where(rng.random(len(idx)) < 0.3, "转出", "在读")
    if len(changed):
        i = changed[0]
        prev.at[i, "student_id"] = f"L{cur.at[i, 'school_id']}{rng.integers(10**7, 10**8)}"
        prev.at[i, "status"] = "转出"
    rest = np.flatnonzero((kind == "continuing") & (grade >= 4) & (grade <= 8) & ~special
                          & (cur["status"] == "在读").to_numpy())
    back = _pick(rng, rest, 1)
    kind[back], prev.loc[back, "status"] = "returned", "休学"
    kind[(cur["status"] == "休学").to_numpy()] = "paused"

    stay = ~np.isin(kind, ("new_entrant", "transferred_in"))
    carried = cur.loc[stay].reset_index(drop=True)
    previous = prev.loc[stay].reset_index(drop=True)
    previous = previous.assign(name=carried["name"], id_number=carried["id_number"],
                               birth_date=carried["birth_date"], gender=carried["gender"])
    for col in ("left_behind", "migrant", "disability", "low_income", "township_code", "village"):
        previous[col] = carried[col]
    leavers = _leavers(reg, previous, rng, taken=cur["id_number"].to_numpy())
    previous = pd.concat([previous, leavers], ignore_index=True)
    previous["entry_month"] = entry_month(previous["grade"].to_numpy(), YEAR - 1)

    current = cur.rename(columns={"school_id": "school"})
    current["entry_month"] = entry_month(grade, YEAR)
    movements = pd.concat([
        pd.DataFrame({"previous_id": np.where(stay, prev["student_id"], ""), "current_id": cur["student_id"],
                      "kind": kind, "from_school": np.where(stay, prev["school"], ""), "to_school": cur["school_id"]}),
        pd.DataFrame({"previous_id": leavers["student_id"], "current_id": "", "kind": leavers["_kind"],
                      "from_school": leavers["school"], "to_school": ""}),
    ], ignore_index=True)
    terms, details = {}, {}
    for term, frame in zip(TERMS, (previous, current)):
        frame = frame.assign(term=term).sort_values(["school", "grade", "class_name", "student_id"],
                                                      ignore_index=True)
        terms[term] = frame[ROSTER_COLUMNS].astype({"grade": "int64"})
        details[term] = frame[DETAIL_COLUMNS]
    return Rosters(terms, details, movements)


def _leavers(reg: Registry, previous: pd.DataFrame, rng: np.random.Generator, taken: np.ndarray) -> pd.DataFrame:
    """Students of spring 2024 who are in no autumn roster: graduates who left the county's schools, transfers
    out of the county, two deaths and the suspected dropouts (mostly rural 七年级, often 留守)."""
    info = reg.schools.set_index("school_id")
    rows = []   # (school, grade, status, kind, count)
    size = reg.students.groupby(["school_id", "grade"]).size()
    kept = previous[previous["status"] == "毕业"].groupby(["school", "grade"]).size()
    for g in (6, 9, 12):     # finishing classes: graduates who did not continue in the county's schools
        for (school, _), now in size[size.index.get_level_values(1) == g].items():
            stayed = int(kept.get((school, g), 0))
            left = round(stayed * rng.uniform(0.01, 0.05)) if g == 6 else round(now * rng.uniform(0.97, 1.05)) - stayed
            if left > 0:
                rows.append((school, g, "毕业", "graduated", int(left)))
    counts = size.reset_index(name="n")
    counts["grade"] = counts["grade"] - 1
    counts = counts[(counts["grade"] >= 1) & ~counts["school_id"].map(info["kind"]).eq("特殊教育学校")]
    out = rng.choice(len(counts), int(0.005 * len(previous)), p=counts["n"] / counts["n"].sum())
    rows += [(counts["school_id"].iat[i], int(counts["grade"].iat[i]), "转出", "transferred_out", 1) for i in out]
    for i in rng.choice(len(counts), 2, replace=False):
        rows.append((counts["school_id"].iat[i], int(counts["grade"].iat[i]), "死亡", "died", 1))
    country = counts[counts["school_id"].map(info["location"]).ne("城区").to_numpy()]
    for g, k in ((7, 5), (8, 1), (5, 1)):
        pool = country[country["grade"] == g]
        for i in rng.choice(len(pool), k, replace=False):
            rows.append((pool["school_id"].iat[i], g, "在读", "suspected_dropout", 1))
    spec = pd.DataFrame(rows, columns=["school", "grade", "status", "_kind", "n"])
    spec = spec.loc[spec.index.repeat(spec["n"])].reset_index(drop=True)
    loc = spec["school"].map(info["location"]).to_numpy()
    dropout = (spec["_kind"] == "suspected_dropout").to_numpy()
    special = spec["school"].map(info["kind"]).eq("特殊教育学校").to_numpy()
    private = spec["school"].map(info["ownership"]).eq("民办").to_numpy()
    people = draw_children(rng, spec["grade"].to_numpy(), loc, special, private, year=YEAR - 1, taken=taken,
                           local=dropout)
    people.loc[dropout, "left_behind"] = rng.choice(["单亲留守儿童", "双亲留守儿童", "非留守儿童"], dropout.sum(),
                                                    p=[0.4, 0.4, 0.2])
    rep = pd.DataFrame({"school_id": spec["school"], "location": loc,
                        "township_code": spec["school"].map(info["township_code"]).to_numpy()})
    township, village = homes(reg.layout, rep, rng)
    migrant = people["migrant"].to_numpy() == "是"
    people["township_code"] = np.where(migrant, "", township)
    people["village"] = np.where(migrant, "", village)
    classes = reg.classes.groupby(["school_id", "grade"]).size().rename("_classes").reset_index()
    classes["grade"] -= 1     # the cohort in grade g last spring is in grade g + 1 now, in as many classes
    n_cls = spec.merge(classes, left_on=["school", "grade"], right_on=["school_id", "grade"], how="left")["_classes"]
    n_cls = n_cls.fillna(1).astype(int).to_numpy()
    people["class_name"] = class_labels(spec["grade"].to_numpy(), rng.integers(0, 1000, len(spec)) % n_cls + 1)
    return pd.concat([people, spec[["school", "grade", "status", "_kind"]]], axis=1)
