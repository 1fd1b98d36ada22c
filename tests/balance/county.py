"""A small hand-made county for balance tests: both stages, a 九年一贯制 school with a 全校 row (split 1 : 1.1),
a 完全中学 (初中 section only, 全校 split 1.1 : 1.32), a 教学点 of S1, a special-education school."""

from __future__ import annotations

import pandas as pd

SCHOOLS = pd.DataFrame([
    {"school_id": "S1", "name": "城关小学", "kind": "小学", "location": "城区", "township_code": "T1"},
    {"school_id": "S2", "name": "山前九年一贯制学校", "kind": "九年一贯制", "location": "乡村", "township_code": "T2"},
    {"school_id": "S3", "name": "城关初中", "kind": "初中", "location": "城区", "township_code": "T1"},
    {"school_id": "S4", "name": "县一中", "kind": "完全中学", "location": "城区", "township_code": "T1"},
    {"school_id": "S5", "name": "特殊教育学校", "kind": "特殊教育学校", "location": "城区", "township_code": "T1"},
    {"school_id": "S6", "name": "后山教学点", "kind": "教学点", "location": "乡村", "township_code": "T2",
     "central_school_id": "S1"},
])

_COLS = ["school_id", "section", "students", "teachers_above_required", "backbone_teachers", "pe_arts_teachers",
         "teaching_room_area", "gym_area", "sports_ground_area", "equipment_value", "multimedia_rooms"]
_ROWS = [
    ("S1", "小学", 400, 18, 4, 4, 2000, 200, 3000, 880_000, 10),
    ("S2", "小学", 300, 12, 3, 3, 0, 0, 0, 0, 0),
    ("S2", "初中", 200, 11, 2, 2, 0, 0, 0, 0, 0),
    # shared by S2's sections: weights 300×1 : 200×1.1 = 300 : 220 (sum 520)
    ("S2", "全校", None, None, None, None, 2600, 0, 5200, 1_040_000, 13),
    ("S3", "初中", 500, 30, 6, 5, 3000, 500, 5000, 1_300_000, 13),
    ("S4", "初中", 300, 18, 3, 3, 1800, 0, 3300, 780_000, 8),
    ("S4", "高中", 200, 15, 2, 2, 1500, 0, 2500, 700_000, 6),
    # shared by S4: 初中 300×1.1 = 330, 高中 200×1.32 = 264 (sum 594)
    ("S4", "全校", None, None, None, None, 0, 0, 0, 594_000, 0),
    ("S5", "小学", 60, 8, 1, 1, 900, 0, 1000, 300_000, 2),
    ("S6", "小学", 40, 2, 0, 0, 160, 0, 200, 40_000, 1),
]


def school_year_data() -> pd.DataFrame:
    df = pd.DataFrame(_ROWS, columns=_COLS)
    df["year"] = 2024
    return df
