"""A seeded synthetic pair of term rosters at any size (for the benchmark and property tests), vectorised.

Movements drawn per student: continuing, transfer within the county (some with a new 学籍号), 转出, 死亡,
vanished, graduation of grade 9, and new arrivals. Not a model of any real county.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def id_numbers(birth: np.ndarray, first: int = 0) -> np.ndarray:
    """Valid, distinct 18-character ID numbers for the given birth dates (datetime64[D]); the region and sequence
    digits encode the position ``first + i``, so no two generated numbers collide."""
    n = len(birth)
    pos = np.arange(first, first + n)
    region = (100000 + pos // 1000).astype("U6")
    text = np.char.add(np.char.add(region, np.datetime_as_string(birth).astype("U10")),
                       np.char.zfill((pos % 1000).astype("U3"), 3))
    text = np.char.replace(text, "-", "")
    chars = np.frombuffer("".join(text.tolist()).encode("ascii"), dtype=np.uint8).reshape(n, 17)
    check = _CHECK[((chars - ord("0")).astype(np.int64) @ _WEIGHTS) % 11]
    full = np.concatenate([chars, check[:, None]], axis=1)
    return np.frombuffer(full.tobytes(), dtype="S18").astype("U18")


def roster_pair(n: int, seed: int = 0, schools: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(previous, current) normalised rosters of about ``n`` students each."""
    rng = np.random.default_rng(seed)
    schools = schools or max(2, n // 250)
    grade = rng.integers(1, 10, n)
    birth = (np.datetime64("2024-09-01") - ((grade + 5) * 365.25).astype("int64").astype("timedelta64[D]")
             - rng.integers(0, 365, n).astype("timedelta64[D]"))
    ids = id_numbers(birth)
    school = np.char.add("33010", np.char.zfill(rng.integers(0, schools, n).astype("U5"), 5))
    prev = pd.DataFrame({"student_id": np.char.add("G", ids), "name": np.char.add("学生", np.arange(n).astype("U8")),
                         "id_number": ids, "birth_date": np.datetime_as_string(birth), "school": school,
                         "grade": pd.array(grade, dtype="Int64"), "status": "在读", "status_label": "在读"})
    move = rng.choice(7, n, p=[0.95, 0.02, 0.005, 0.01, 0.0005, 0.003, 0.0115])
    move = np.where(grade == 9, 6, move)  # 6: graduates (grade 9) or continue with movement 0
    cur = prev.copy()
    cur["grade"] = pd.array(grade + 1, dtype="Int64")
    other_school = np.char.add("33010", np.char.zfill(rng.integers(0, schools, n).astype("U5"), 5))
    cur.loc[move == 1, "school"] = other_school[move == 1]
    cur.loc[move == 2, "school"] = other_school[move == 2]
    cur.loc[move == 2, "student_id"] = np.char.add("L", ids[move == 2])
    cur.loc[move == 3, ["status", "status_label"]] = "转出"
    cur.loc[move == 4, ["status", "status_label"]] = "死亡"
    cur = cur[~np.isin(move, [5, 6])]
    prev.loc[grade == 9, ["status", "status_label"]] = "毕业"
    k = int(n * 0.03)
    new_birth = birth[:k] - np.timedelta64(3, "D")
    new_ids = id_numbers(new_birth, first=n)
    new = pd.DataFrame({"student_id": np.char.add("G", new_ids), "name": "新生", "id_number": new_ids,
                        "birth_date": np.datetime_as_string(new_birth), "school": school[:k],
                        "grade": pd.array(np.ones(k, dtype=int), dtype="Int64"), "status": "在读",
                        "status_label": "在读"})
    cur = pd.concat([cur, new], ignore_index=True)
    for frame in (prev, cur):
        for c in ("student_id", "name", "id_number", "birth_date", "school", "status", "status_label"):
            frame[c] = frame[c].astype("str")
    return prev.reset_index(drop=True), cur
