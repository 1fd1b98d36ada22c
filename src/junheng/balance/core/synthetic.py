"""Seeded synthetic county for tests, benchmarks and the demo: schools, school_year_data and teachers.

Figures scatter around the quality_2017 thresholds, so some sections fail and some CVs sit near their limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

KINDS = np.array(["小学", "初中", "九年一贯制", "完全中学", "教学点"])
KIND_P = np.array([0.55, 0.2, 0.12, 0.05, 0.08])


@dataclass(frozen=True)
class SyntheticCounty:
    schools: pd.DataFrame
    school_year_data: pd.DataFrame
    teachers: pd.DataFrame
    townships: pd.DataFrame
    neighbours: dict[str, list[str]]


def synthetic_county(n_schools: int = 40, *, seed: int = 7, year: int = 2024, n_townships: int = 12,
                     teachers_per_100: float = 6.0, students_range: tuple[int, int] = (200, 1500),
                     spread: float = 0.18) -> SyntheticCounty:
    """A county with ``n_schools`` schools; teachers ≈ teachers_per_100 per 100 pupils; ``spread`` is the
    log-normal scatter of the resources around their thresholds (larger: higher CVs)."""
    rng = np.random.default_rng(seed)
    towns = [f"3301020{k:02d}" for k in range(n_townships)]
    neighbours = {t: [towns[(k - 1) % n_townships], towns[(k + 1) % n_townships]] for k, t in enumerate(towns)}
    ids = np.array([f"31330{k:05d}" for k in range(n_schools)])
    kind = rng.choice(KINDS, size=n_schools, p=KIND_P)
    town = rng.choice(towns, size=n_schools)
    location = rng.choice(["城区", "镇区", "乡村"], size=n_schools, p=[0.3, 0.3, 0.4])
    schools = pd.DataFrame({"school_id": ids, "name": [f"第{k + 1}学校" for k in range(n_schools)], "kind": kind,
                            "location": location, "ownership": "公办", "boarding": "否", "township_code": town})
    centrals = ids[kind == "小学"]
    schools["central_school_id"] = np.where(kind == "教学点", rng.choice(centrals if len(centrals) else ids,
                                                                          size=n_schools), None)
    stage_of = {"小学": ["小学"], "初中": ["初中"], "九年一贯制": ["小学", "初中"], "完全中学": ["初中", "高中"],
                "教学点": ["小学"]}
    sid = np.concatenate([[i] * len(stage_of[k]) for i, k in zip(ids, kind, strict=True)])
    stage = np.concatenate([stage_of[k] for k in kind])
    tp = np.concatenate([[k == "教学点"] * len(stage_of[k]) for k in kind])
    n = len(sid)
    students = np.where(tp, rng.integers(20, 120, n), rng.integers(*students_range, n)).astype(float)
    f = rng.lognormal(0.0, spread, size=(n, 8))  # multiplicative scatter around thresholds
    thr = {"小学": (4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3), "初中": (5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4),
           "高中": (5.3, 1.0, 0.9, 5.8, 10.2, 3000, 2.4)}
    t = np.array([thr[s] for s in stage])
    q = 1.08 * f[:, :7] * t
    classes = np.ceil(students / 42)
    data = pd.DataFrame({
        "school_id": sid, "year": year, "section": stage, "students": students, "classes": classes,
        "teaching_room_area": np.round(q[:, 3] * students), "gym_area": np.round(0.1 * q[:, 4] * students),
        "sports_ground_area": np.round(0.9 * q[:, 4] * students), "equipment_value": np.round(q[:, 5] * students),
        "multimedia_rooms": np.round(q[:, 6] * students / 100), "computers": np.round(12 * f[:, 7] * students / 100),
        "books": np.round(30 * f[:, 0] * students), "music_rooms": np.ceil(classes / 12),
        "music_room_area_min": 96.0, "art_rooms": np.ceil(classes / 12), "art_room_area_min": 90.0,
        "public_funds": np.round(students * np.where(stage == "小学", 800, 1000)),
        "training_funds": np.round(students * 50), "max_class_size": rng.integers(35, 52, n),
        "exchange_eligible_teachers": np.round(students * 0.02), "exchanged_teachers": np.round(students * 0.003),
    })
    # teachers: per section, counts around the thresholds (L1–L3 shares)
    n_t = np.maximum(np.round(students * teachers_per_100 / 100 * f[:, 7]), 1).astype(int)
    t_sid = np.repeat(sid, n_t)
    t_stage = np.repeat(stage, n_t)
    total = int(n_t.sum())
    share_above = np.repeat(np.clip(q[:, 0] / (teachers_per_100 * f[:, 7]), 0, 1), n_t)
    share_bb = np.repeat(np.clip(q[:, 1] / (teachers_per_100 * f[:, 7]), 0, 1), n_t)
    share_pe = np.repeat(np.clip(q[:, 2] / (teachers_per_100 * f[:, 7]), 0, 1), n_t)
    u = rng.random((total, 4))
    above = u[:, 0] < share_above
    req_hi = np.where(t_stage == "小学", "专科", "本科")
    education = np.where(above, np.where(u[:, 3] < 0.5, "本科", req_hi), "高中阶段")
    education = np.where(above & (t_stage == "小学") & (u[:, 3] >= 0.5), "专科", education)
    subject = np.where(u[:, 2] < share_pe, rng.choice(["体育与健康", "音乐", "美术"], total),
                       rng.choice(["语文", "数学", "外语", "科学"], total))
    teachers = pd.DataFrame({
        "teacher_id": [f"T{k:06d}" for k in range(total)], "school_id": t_sid, "section": t_stage,
        "full_time": "是", "education": education, "title": rng.choice(["高级", "一级", "二级"], total),
        "backbone_level": np.where(u[:, 1] < share_bb, "县级", "无"), "subject": subject,
        "certificate": np.where(rng.random(total) < 0.995, "是", "否"),
        "training_hours_5y": rng.integers(300, 420, total), "last_exchange_year": np.where(
            rng.random(total) < 0.05, year, np.nan),
    })
    townships = pd.DataFrame({"township_code": towns, "name": [f"{k + 1}镇" for k in range(n_townships)],
                              "kind": "镇", "county_code": "330102"})
    return SyntheticCounty(schools, data, teachers, townships, neighbours)
