"""Registers: student aid (资助), left-behind children's care (留守儿童关爱), special-education placement.

残疾儿童少年入学率 (balance item Q2) = 已安置（随班就读 + 送教上门 + 特教学校）/ 登记的适龄残疾儿童少年,
over the special-education register of the school year (rows with 安置方式 未入学 count in the denominator only).
"""

from __future__ import annotations

import pandas as pd

AID_TYPES = ("国家助学金", "营养改善计划", "寄宿生生活补助", "免学杂费", "地方资助", "社会资助", "其他")
AID_SOURCES = ("中央", "省级", "市级", "县级", "社会", "其他")
PLACEMENTS = ("随班就读", "送教上门", "特教学校", "未入学")
PLACED = ("随班就读", "送教上门", "特教学校")
DISABILITY_KINDS = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重", "其他")


def aid_totals(aid: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """人次 (rows) and 金额 (yuan) per group."""
    if aid.empty:
        return pd.DataFrame(columns=[*by, "times", "amount"])
    g = aid.groupby(by, sort=True)
    return pd.DataFrame({"times": g.size(), "amount": g["amount"].sum().round(2)}).reset_index()


def enrolment_rate(placements: pd.DataFrame) -> dict:
    """残疾儿童少年入学率 with its arithmetic."""
    n = len(placements)
    counts = placements["placement"].value_counts()
    placed = int(sum(counts.get(p, 0) for p in PLACED))
    parts = "＋".join(f"{p} {int(counts.get(p, 0))}" for p in PLACED)
    if n == 0:
        return {"value": None, "placed": 0, "registered": 0, "arithmetic": "特殊教育登记为空，无法计算"}
    value = placed / n
    return {"value": value, "placed": placed, "registered": n,
            "arithmetic": f"（{parts}）÷ 登记适龄残疾儿童少年 {n} 人 = {placed}/{n} = {value * 100:.1f}%"}


def visit_summary(care: pd.DataFrame, visits: pd.DataFrame) -> pd.DataFrame:
    """Per left-behind child: contact teacher, visits this year, last visit."""
    if visits.empty:
        counts = pd.DataFrame({"student_id": [], "visits": [], "last_visit": []})
    else:
        g = visits.groupby("student_id")
        counts = pd.DataFrame({"visits": g.size(), "last_visit": g["visited_on"].max()}).reset_index()
    out = care.merge(counts, on="student_id", how="left")
    out["visits"] = out["visits"].fillna(0).astype(int)
    return out
