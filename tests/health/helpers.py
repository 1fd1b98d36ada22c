"""Synthetic pupils for the small test county's schools (registry columns), for demo-data and browser tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

SCHOOLS = pd.DataFrame({"school_id": ["2133010001", "2133010002", "2133010003"],
                        "name": ["测试县实验小学", "测试县第一中学", "山前乡九年一贯制学校"],
                        "kind": ["小学", "初中", "九年一贯制"]})
GRADES = {"2133010001": range(1, 7), "2133010002": range(7, 10), "2133010003": range(1, 10)}
LABELS = {1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级", 7: "七年级", 8: "八年级", 9: "九年级"}


def pupils(per_class: int = 24, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for school, grades in GRADES.items():
        for g in grades:
            for c in (1, 2):
                for i in range(per_class):
                    n = len(rows)
                    rows.append({"student_id": f"G{school[-3:]}{g}{c}{i:03d}", "name": f"学生{n:04d}",
                                 "gender": "男" if rng.random() < 0.52 else "女",
                                 "birth_date": f"{2024 - 6 - g}-0{1 + i % 9}-1{i % 9}", "school_id": school,
                                 "grade": g, "class_name": f"{LABELS[g]}{c}班", "status": "在读",
                                 "left_behind": "单亲留守儿童" if rng.random() < 0.15 else "非留守儿童",
                                 "disability": "智力" if rng.random() < 0.01 else "",
                                 "low_income": "是" if rng.random() < 0.1 else "否",
                                 "township_code": "330100002" if school == "2133010003" else "330100001"})
    return pd.DataFrame(rows)
