"""Shared test data for exam analytics: a hand-worked exam and small simulated exams."""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.scores.core import Exam

NAN = float("nan")

# 语文 full 120 (lines: 优秀 102, 及格 72, 低分 48), 数学 full 100 (85, 60, 40); 总分 220 (187, 132, 88).
# s1/s6 sit exactly on the 优秀 lines, s2 on the 及格 lines, s3 on the 低分 lines (not low), s4 just below.
# s5 is absent in 语文, s7 (the only student of 丙校) in 数学.
HAND = pd.DataFrame(
    {
        "student_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
        "name": ["赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七"],
        "school": ["甲校", "甲校", "甲校", "甲校", "甲校", "乙校", "丙校"],
        "class": ["1班", "1班", "2班", "2班", "2班", "1班", "1班"],
        "语文": [102, 72, 48, 47.5, NAN, 102, 110],
        "数学": [85, 60, 40, 39.5, 90, 85, NAN],
    }
)
HAND_EXAM = Exam("手算考试", {"语文": 120, "数学": 100})


def simulated(n: int, n_schools: int, seed: int, subjects: dict[str, float] | None = None,
              absent: float = 0.05) -> tuple[pd.DataFrame, Exam]:  # fmt: skip
    """A random exam: integer and half-point scores (many ties), some absences, small classes."""
    subjects = subjects or {"语文": 120, "数学": 100, "英语": 150}
    rng = np.random.default_rng(seed)
    school = rng.integers(0, n_schools, n)
    data: dict[str, object] = {
        "student_id": [f"T{i:05d}" for i in range(n)],
        "name": [f"学生{i}" for i in range(n)],
        "school": [f"学校{s}" for s in school],
        "class": [f"{c + 1}班" for c in rng.integers(0, 3, n)],
    }
    for subject, full in subjects.items():
        x = np.clip(np.round(rng.normal(0.62, 0.2, n) * full * 2) / 2, 0, full)
        x[rng.random(n) < absent] = np.nan
        data[subject] = x
    return pd.DataFrame(data), Exam("模拟考试", subjects)
