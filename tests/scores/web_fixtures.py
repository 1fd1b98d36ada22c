"""Exam files over the small test registry (tests/factories.small_registry) for the database and web tests.

Two exams of the same students: 测试县第一中学 七年级1班 (60 students), 山前乡九年一贯制学校 八年级1班 (40) and
测试县实验小学 一年级1班 (4, below the value-added minimum: 样本不足). School effects are known: 第一中学 gains
about 6 points on the county between the exams. A few students are absent (empty cells), one in every subject.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from tests.factories import small_registry

SCHOOLS = (("测试县第一中学", "七年级1班", 60, 6.0), ("山前乡九年一贯制学校", "八年级1班", 40, -4.0),
           ("测试县实验小学", "一年级1班", 4, 0.0))  # fmt: skip
FULL_MARKS = {"语文": 120.0, "数学": 100.0}
SCHOOL_IDS = {"测试县实验小学": "2133010001", "测试县第一中学": "2133010002", "山前乡九年一贯制学校": "2133010003"}


def registry_ids() -> list[str]:
    return [s["student_id"] for s in small_registry()["student"]]


def exams(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(prior, current) wide tables: student_id, name, school, class, 语文, 数学 (NaN = absent)."""
    rng = np.random.default_rng(seed)
    rows = []
    for school, klass, n, _ in SCHOOLS:
        for i in range(n):
            rows.append((f"{SCHOOL_IDS[school][-1]}{i:03d}", f"{school[:2]}生{i}", school, klass))
    people = pd.DataFrame(rows, columns=["student_id", "name", "school", "class"])
    ability = rng.normal(0, 1, len(people))
    effect = people["school"].map({s: e for s, _, _, e in SCHOOLS}).to_numpy()
    out = []
    for step in (0, 1):
        frame = people.copy()
        for subject, full in FULL_MARKS.items():
            score = 0.62 * full + 0.15 * full * ability + step * effect + rng.normal(0, 4, len(people))
            frame[subject] = np.clip(np.round(score * 2) / 2, 0, full)
        out.append(frame)
    prior, current = out
    current.loc[3, "语文"] = np.nan            # absent in one subject
    current.loc[70, ["语文", "数学"]] = np.nan   # absent in both
    prior.loc[5, "数学"] = np.nan
    return prior, current


def write_csv(frame: pd.DataFrame, path: Path, headers: dict[str, str] | None = None) -> Path:
    """Write a wide table as csv (empty cell = absent), optionally renaming headers."""
    table = frame.rename(columns=headers or {})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(table.columns))
        for values in table.itertuples(index=False, name=None):  # test files of ~100 rows
            writer.writerow(["" if (isinstance(v, float) and np.isnan(v)) else (f"{v:g}" if isinstance(v, float) else v)
                             for v in values])
    return path


def with_registry_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """The same exam keyed by 学籍号: the first registry students' ids replace two students' ids."""
    ids = registry_ids()
    out = frame.copy()
    out.loc[0, "student_id"] = ids[2]  # 学生3 of 测试县第一中学
    out.loc[1, "student_id"] = ids[0]
    return out.rename(columns={"student_id": "学籍号", "name": "姓名", "school": "学校", "class": "班级"})


def import_exam(deployment, path: Path, name: str, date: str, username: str = "setup", **meta):
    """Import through the service (as the web and CLI do); returns the exam id."""
    from junheng.scores.readers.importer import propose_file
    from junheng.scores.store.service import ExamMeta, commit_exam

    mapping, _ = propose_file(path, subjects=list(FULL_MARKS))
    with deployment.db.transaction() as session:
        record = commit_exam(session, path, ExamMeta(name, date, meta.pop("grade", 7), dict(FULL_MARKS), **meta),
                             mapping, username)  # fmt: skip
        return record.id


def two_exams(deployment, folder: Path) -> tuple[int, int]:
    prior, current = exams()
    first = import_exam(deployment, write_csv(prior, folder / "期中.csv"), "七年级期中考试", "2024-11-10")
    second = import_exam(deployment, write_csv(current, folder / "期末.csv"), "七年级期末考试", "2025-01-15")
    return first, second
