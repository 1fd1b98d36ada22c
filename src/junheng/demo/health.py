"""Demo 学生健康 data for the demo county's pupils (pure: numpy and pandas).

From the registry's students (grades 1–9, 在读) and schools: the 2024 school year's fitness test results drawn
around the standard's own cut-offs (each school has its own level, so schools differ), vision screenings of the
autumn terms 2023-2 and 2024-2 (poor vision rising with grade, a little lower in 2024), psychological screening
of a sample of grades 4–9 (MHT for 小学, PHQ-9 for 初中; a few high-risk results), counselling resources per
school, aid for low-income pupils, the left-behind children's care register with visits, and the
special-education placement register (the registry's disabled pupils plus a few children not enrolled).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.health.core.standard import load_standard

FITNESS_YEAR = "2024"
VISION_TERMS = ("2023-2", "2024-2")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


@dataclass(frozen=True)
class HealthDemo:
    fitness: pd.DataFrame          # upload-layout keys + school_id, times in seconds
    vision: dict[str, pd.DataFrame]
    psych: pd.DataFrame
    school_psych: pd.DataFrame
    aid: pd.DataFrame
    left_behind: pd.DataFrame
    visits: pd.DataFrame
    special_ed: pd.DataFrame


def _adult_names(rng: np.random.Generator, n: int) -> np.ndarray:
    s = rng.choice(list(SURNAMES), n)
    g = rng.choice(list(GIVEN), (n, 2))
    return np.char.add(np.char.add(s, g[:, 0]), np.where(rng.random(n) < 0.5, g[:, 1], ""))


def _item_values(cuts: np.ndarray, position: np.ndarray, decimals: int, higher: bool) -> np.ndarray:
    """Values at fractional positions along a table's cut-offs (0 = the 100-point cut-off), extrapolating past
    both ends with the end steps."""
    k = len(cuts)
    lo = np.clip(np.floor(position).astype(int), 0, k - 2)
    frac = position - lo
    v = cuts[lo] + (cuts[lo + 1] - cuts[lo]) * frac
    return np.round(v, decimals)


def _fitness(students: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    std = load_standard()
    n = len(students)
    sex = np.where(students["gender"].to_numpy() == "男", "male", "female")
    grade = students["grade"].to_numpy().astype(int)
    schools = students["school_id"].unique()
    effect = dict(zip(schools, rng.normal(0, 0.45, len(schools))))
    ability = students["school_id"].map(effect).to_numpy() + rng.normal(0, 1, n)
    age = grade + 6.5
    height = np.where(sex == "male", 116 + (age - 7) * 6.1, 115 + (age - 7) * 5.8) + rng.normal(0, 5.5, n)
    height = np.round(height, 1)
    band = rng.choice(4, n, p=[0.05, 0.74, 0.13, 0.08])           # 低体重, 正常, 超重, 肥胖
    out = pd.DataFrame({"student_id": students["student_id"].to_numpy(), "school_id": students["school_id"].to_numpy(),
                        "name": students["name"].to_numpy(), "sex": sex, "grade": grade,
                        "class_name": students["class_name"].to_numpy(), "birth_date": students["birth_date"].to_numpy(),
                        "nation": "01", "height": height})
    bmi = np.zeros(n)
    for g in range(1, 10):
        for sx in ("male", "female"):
            m = (grade == g) & (sex == sx)
            if not m.any():
                continue
            b = std.bmi[(sx, g)]
            lo, hi, ob = b.normal_low / 10, b.normal_high / 10, b.obese / 10
            choices = np.stack([rng.uniform(lo - 1.5, lo - 0.1, m.sum()), rng.uniform(lo, hi, m.sum()),
                                rng.uniform(hi + 0.1, ob - 0.1, m.sum()), rng.uniform(ob, ob + 5, m.sum())])
            bmi[m] = choices[band[m], np.arange(m.sum())]
            for item in std.weights[(sx, g)]:
                if item == "bmi":
                    continue
                table = std.tables[(item, sx, g)]
                it = std.items[item]
                cuts = np.asarray(table.cutoffs, dtype=float) / 10 ** it.decimals
                pos = np.clip(7.6 - 2.8 * ability[m] + rng.normal(0, 2.2, m.sum()), -4, 22)
                out.loc[m, item] = _item_values(cuts, pos, it.decimals, it.direction == "higher")
    out["weight"] = np.round(bmi * (height / 100) ** 2, 1)
    counts = ("vital_capacity", "rope", "situp", "shuttle50x8", "long_jump", "pullup", "run800", "run1000")
    for c in counts:
        if c in out:
            out[c] = out[c].round(0).clip(lower=0)
    exempt = rng.random(n) < 0.004
    out["exempt"] = exempt
    return out


def _vision(students: pd.DataFrame, latent: np.ndarray, rng: np.random.Generator, year_shift: int) -> pd.DataFrame:
    """One autumn screening. ``latent`` (one uniform per pupil, shared by both years) decides who sees poorly:
    poor when below the grade's rate, so poor vision persists and rises with grade; the earlier year's rates are
    a little higher (the county is improving). A year earlier the current first graders were not at school, and
    the cohort that has since left for senior school was in grade 9: it is stood in for by the first graders'
    records under other ids."""
    grade = students["grade"].to_numpy().astype(int) - year_shift
    ids = students["student_id"].to_numpy().astype(object)
    if year_shift:
        left = grade < 1
        grade = np.where(left, 9, grade)
        ids = np.where(left, np.char.add("B", ids.astype(str)), ids)
    p_poor = np.clip(0.12 + 0.075 * (grade - 1) + (0.012 if year_shift else 0.0), 0, 0.9)
    poor = latent < p_poor
    n = len(students)
    severity = np.clip((p_poor - latent) / np.maximum(p_poor, 1e-9), 0, 1)
    base = np.where(poor, np.round(4.9 - severity * 0.8, 1), rng.choice([5.0, 5.1, 5.2], n))
    other = np.where(rng.random(n) < 0.7, base, np.clip(np.round(base + rng.choice([-0.1, 0.1], n), 1), 4.0, 5.3))
    se = np.where(poor, np.round(-0.25 - severity * 3, 2), rng.choice([0.5, 0.25, 0.0], n))
    refracted = rng.random(n) < 0.6
    return pd.DataFrame({"school_id": students["school_id"], "student_id": ids, "name": students["name"],
                         "sex": students["gender"], "grade": grade, "class_name": students["class_name"],
                         "right": base, "left": other, "se_right": np.where(refracted, se, np.nan),
                         "se_left": np.where(refracted, se, np.nan)})


def build_health(students: pd.DataFrame, schools: pd.DataFrame, rng: np.random.Generator) -> HealthDemo:
    pupils = students[(students["grade"].between(1, 9)) & (students["status"] == "在读")].reset_index(drop=True)
    fitness = _fitness(pupils, rng)
    latent = rng.random(len(pupils))
    vision = {VISION_TERMS[0]: _vision(pupils, latent, rng, 1), VISION_TERMS[1]: _vision(pupils, latent, rng, 0)}
    sample = pupils[(pupils["grade"] >= 4) & (rng.random(len(pupils)) < 0.3)].reset_index(drop=True)
    junior = sample["grade"].to_numpy() >= 7
    risk = rng.random(len(sample))
    mht = np.where(risk < 0.02, rng.integers(65, 80, len(sample)), np.where(risk < 0.1, rng.integers(56, 65, len(sample)),
                                                                             rng.integers(20, 56, len(sample))))
    phq = np.where(risk < 0.025, rng.integers(15, 25, len(sample)), np.where(risk < 0.12, rng.integers(10, 15, len(sample)),
                                                                              rng.integers(0, 10, len(sample))))
    psych = pd.DataFrame({"school_id": sample["school_id"], "student_id": sample["student_id"], "name": sample["name"],
                          "grade": sample["grade"], "class_name": sample["class_name"],
                          "scale": np.where(junior, "PHQ-9", "MHT"), "total": np.where(junior, phq, mht),
                          "screened_on": "2024-10-15"})
    sch = schools[schools["kind"] != "特殊教育学校"]
    school_psych = pd.DataFrame({"school_id": sch["school_id"].to_numpy(),
                                 "has_room": np.where(rng.random(len(sch)) < 0.8, "是", "否"),
                                 "psych_teachers": rng.choice([0, 1, 1, 2], len(sch)),
                                 "part_time_teachers": rng.integers(0, 4, len(sch))})
    poor = pupils[pupils["low_income"] == "是"]
    junior_poor = poor["grade"].to_numpy() >= 7
    aid = pd.concat([
        pd.DataFrame({"school_id": poor["school_id"], "student_id": poor["student_id"], "name": poor["name"],
                      "aid_type": "寄宿生生活补助", "amount": np.where(junior_poor, 625.0, 500.0), "term": t,
                      "source": "中央"}) for t in ("2024-2", "2025-1")]
        + [pd.DataFrame({"school_id": poor["school_id"], "student_id": poor["student_id"], "name": poor["name"],
                         "aid_type": "营养改善计划", "amount": 400.0, "term": t, "source": "中央"})
           for t in ("2024-2", "2025-1")], ignore_index=True)
    lb = pupils[pupils["left_behind"] != "非留守儿童"].reset_index(drop=True)
    relation = rng.choice(["祖父", "祖母", "外祖父", "外祖母", "其他亲属"], len(lb))
    left_behind = pd.DataFrame({"school_id": lb["school_id"], "student_id": lb["student_id"], "name": lb["name"],
                                "guardian": _adult_names(rng, len(lb)), "guardian_relation": relation,
                                "guardian_phone": [f"139{x:08d}" for x in rng.integers(0, 10**8, len(lb))],
                                "contact_teacher": _adult_names(rng, len(lb))})
    n_visits = rng.choice([0, 1, 2, 3], len(lb), p=[0.12, 0.4, 0.33, 0.15])
    rep = np.repeat(np.arange(len(lb)), n_visits)
    order = np.concatenate([np.arange(k) for k in n_visits]) if len(rep) else np.array([], dtype=int)
    days = pd.to_datetime("2024-09-10") + pd.to_timedelta(order * 35 + rng.integers(0, 20, len(rep)), unit="D")
    visits = pd.DataFrame({"school_id": lb["school_id"].to_numpy()[rep], "student_id": lb["student_id"].to_numpy()[rep],
                           "visited_on": days.strftime("%Y-%m-%d"), "visitor": left_behind["contact_teacher"].to_numpy()[rep],
                           "kind": rng.choice(["家访", "电话", "谈心"], len(rep)),
                           "note": rng.choice(["了解学习和生活情况，祖辈照料到位", "与外出务工父母视频通话，沟通学习情况",
                                               "谈心辅导，情绪稳定，学习有进步", "送去学习用品，叮嘱假期安全"], len(rep))})
    dis = pupils[pupils["disability"].fillna("") != ""].reset_index(drop=True)
    special_school = schools.loc[schools["kind"] == "特殊教育学校", "school_id"]
    kinds = dis["disability"].replace({"多重残疾": "多重"})
    placement = np.where(kinds.isin(["多重", "精神"]) & (rng.random(len(dis)) < 0.6), "送教上门", "随班就读")
    sped = pd.DataFrame({"person_id": dis["student_id"], "name": dis["name"], "sex": dis["gender"],
                         "birth_date": dis["birth_date"], "disability": kinds, "placement": placement,
                         "school_id": dis["school_id"], "township_code": dis["township_code"]})
    has_special = len(special_school) > 0
    extra = 12 if has_special else 3            # 9 in the special school (when the county has one), 3 not enrolled
    placed = 9 if has_special else 0
    out_of_school = pd.DataFrame({
        "person_id": [f"CL{2024000 + i}" for i in range(extra)], "name": _adult_names(rng, extra),
        "sex": rng.choice(["男", "女"], extra), "birth_date": [f"{2011 + i % 7}-0{1 + i % 9}-15" for i in range(extra)],
        "disability": rng.choice(["智力", "听力", "视力", "多重"], extra),
        "placement": ["特教学校"] * placed + ["未入学"] * (extra - placed),
        "school_id": [special_school.iloc[0] if has_special else None] * placed + [None] * (extra - placed),
        "township_code": dis["township_code"].iloc[:1].tolist() * extra if len(dis) else [None] * extra})
    special_ed = pd.concat([sped, out_of_school], ignore_index=True)
    return HealthDemo(fitness, vision, psych, school_psych, aid, left_behind, visits, special_ed)
