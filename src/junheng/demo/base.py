"""Shared constants and the random streams of the demo county.

Every dataset draws from its own stream, derived from the seed and the dataset's name, so adding a dataset (or
changing how one is drawn) never changes the others: the same seed gives the same county, dataset by dataset.
"""

from __future__ import annotations

import zlib

import numpy as np

COUNTY_CODE = "139021"          # Hebei (13), a 6-digit code in the pattern of a county under the province
COUNTY_NAME = "示范县"
YEARS = (2022, 2023, 2024)      # school years of school_year_data (autumn of the year)
YEAR = 2024                     # the registry is the autumn 2024 state (term 2024-2)
TERMS = ("2024-1", "2024-2")    # calendar-year terms: YYYY-1 spring (Feb–Jul), YYYY-2 autumn (Sep–Jan)
COST_WEIGHTS = {"小学": 1.0, "初中": 1.1, "高中": 1.32}  # shared-resource split, DESIGN §4.1

#: 优质均衡 thresholds of DESIGN §4.1 (L1…L7), used to place sections around them.
QUALITY_THRESHOLDS = {
    "小学": {"L1": 4.2, "L2": 1.0, "L3": 0.9, "L4": 4.5, "L5": 7.5, "L6": 2000.0, "L7": 2.3},
    "初中": {"L1": 5.3, "L2": 1.0, "L3": 0.9, "L4": 5.8, "L5": 10.2, "L6": 2500.0, "L7": 2.4},
}
CV_LIMITS = {"小学": 0.50, "初中": 0.45}
#: 交流轮岗 eligibility used by the demo: full-time, public school, aged 28–55, no exchange in the 5 years before.
EXCHANGE_AGES = (28, 55)
EXCHANGE_GAP = 6


def rng_for(seed: int, dataset: str) -> np.random.Generator:
    """The random stream of one dataset: a function of the seed and the dataset's name only.

    >>> float(rng_for(1, "exams").random()) == float(rng_for(1, "exams").random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence([int(seed), zlib.crc32(dataset.encode("utf-8"))]))


def grade_label(grade: int) -> str:
    """一年级 … 九年级, 高一 … 高三 (as the 学籍 system exports grades)."""
    names = "一二三四五六七八九"
    return f"{names[grade - 1]}年级" if grade <= 9 else f"高{names[grade - 10]}"


def class_label(grade: int, number: int) -> str:
    """>>> class_label(7, 3)
    '七年级3班'
    """
    names = "一二三四五六七八九"
    stem = f"{names[grade - 1]}年级" if grade <= 9 else f"高{names[grade - 10]}年级"
    return f"{stem}{number}班"


def section_of_grade(grade):
    """小学 for 1–6, 初中 for 7–9, 高中 for 10–12 (vectorised over arrays)."""
    g = np.asarray(grade)
    return np.where(g <= 6, "小学", np.where(g <= 9, "初中", "高中"))
