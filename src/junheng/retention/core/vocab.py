"""Roster vocabularies: the 学籍 system's status labels mapped to the small set, and grade labels to numbers.

Status small set (DATA.md ``students.status``): 在读, 休学, 转出, 毕业, 死亡, 辍学, 其他. FORMATS.md calls the
enrolled state 在籍; both labels are accepted and stored as 在读. The original label is always kept beside the
mapped one. Labels that mean a child left school without a destination (辍学, 流失, 肄业, 下落不明) map to 辍学 so
that they become cases, never silently disappear.
"""

from __future__ import annotations

import pandas as pd

from junheng.retention.core.frames import on_distinct

ENROLLED = "在读"
SUSPENDED = "休学"
TRANSFERRED = "转出"
GRADUATED = "毕业"
DIED = "死亡"
DROPPED = "辍学"
OTHER = "其他"
STATUSES = (ENROLLED, SUSPENDED, TRANSFERRED, GRADUATED, DIED, DROPPED, OTHER)
ON_ROLL = frozenset({ENROLLED, SUSPENDED})
"""Statuses of a student who is on a school's roll this term (休学 keeps the place)."""

STATUS_LABELS: dict[str, str] = {
    "": ENROLLED, "在读": ENROLLED, "在籍": ENROLLED, "在校": ENROLLED, "正常": ENROLLED, "复学": ENROLLED,
    "转入": ENROLLED, "调级": ENROLLED, "升级": ENROLLED, "跳级": ENROLLED, "降级": ENROLLED, "留级": ENROLLED,
    "新生": ENROLLED, "招生": ENROLLED, "新生注册": ENROLLED,
    "休学": SUSPENDED,
    "转出": TRANSFERRED, "转学": TRANSFERRED, "已转出": TRANSFERRED,
    "毕业": GRADUATED, "结业": GRADUATED, "已毕业": GRADUATED,
    "死亡": DIED,
    "辍学": DROPPED, "流失": DROPPED, "肄业": DROPPED, "下落不明": DROPPED,
    "其他": OTHER, "出国": OTHER, "出境": OTHER, "出国（境）": OTHER, "出国(境)": OTHER,
}

_DIGITS = "一二三四五六七八九"
GRADE_LABELS: dict[str, int] = {}
for _i, _c in enumerate(_DIGITS, start=1):
    GRADE_LABELS[f"{_c}年级"] = _i
    GRADE_LABELS[f"{_i}年级"] = _i
    if _i <= 6:
        GRADE_LABELS[f"小学{_c}年级"] = _i
for _i, _c in enumerate("一二三", start=1):
    for _label in (f"初{_c}", f"初{_c}年级", f"初中{_c}年级", f"初中{_c}年"):
        GRADE_LABELS[_label] = 6 + _i
    for _label in (f"高{_c}", f"高{_c}年级", f"高中{_c}年级", f"高中{_c}年"):
        GRADE_LABELS[_label] = 9 + _i
for _i in range(1, 13):
    GRADE_LABELS[str(_i)] = _i
    GRADE_LABELS[f"{_i:02d}"] = _i
    GRADE_LABELS[f"{_i}.0"] = _i


def _map_labels(values: pd.Series, table: dict) -> pd.Series:
    """Map a low-cardinality column through ``table`` after removing blanks, on its distinct values only."""
    def lookup(distinct: pd.Series) -> pd.Series:
        clean = distinct.astype("str").fillna("").str.replace(r"\s+", "", regex=True)
        return pd.Series([table.get(v) for v in clean], dtype=object)  # distinct labels: a few dozen at most

    return on_distinct(values, lookup)


def map_status(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Map original status labels to the small set; returns (mapped, unknown mask). Blank means 在读.

    >>> mapped, bad = map_status(pd.Series(["转学", "", "流失", "开除"]))
    >>> mapped.tolist(), bad.tolist()
    (['转出', '在读', '辍学', nan], [False, False, False, True])
    """
    mapped = _map_labels(labels, STATUS_LABELS).astype("str")
    return mapped, mapped.isna()


def parse_grade(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Grade labels (``7``, ``七年级``, ``初一``, ``高二``) to integers 1–12; returns (Int64 grades, bad mask).

    >>> grades, bad = parse_grade(pd.Series(["七年级", "初三", "3", "大一"]))
    >>> grades.tolist(), bad.tolist()
    ([7, 9, 3, <NA>], [False, False, False, True])
    """
    grades = _map_labels(labels, GRADE_LABELS).astype("Int64")
    return grades, grades.isna()
