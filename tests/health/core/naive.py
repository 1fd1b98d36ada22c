"""A deliberately naive scorer that reads the YAML directly, one student at a time — the oracle for the
vectorised ``junheng.health.core.scoring`` (STYLE habit 3). It shares no code with the scorer."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from junheng.health.core.standard import raw_document

DOC = raw_document()


def _reading(item: str, value: float) -> Decimal:
    spec = DOC["items"][item]
    q = Decimal(1).scaleb(-int(spec["decimals"]))
    mode = {"ceil": ROUND_CEILING, "floor": ROUND_FLOOR, "round": ROUND_HALF_UP}[spec.get("measure", "round")]
    return Decimal(repr(value)).quantize(q, rounding=mode)


def item_score(item: str, sex: str, grade: int, value: float) -> int:
    spec = DOC["items"][item]
    row = DOC["tables"][item][sex][grade]
    v = _reading(item, value)
    for level, cut in zip(DOC["levels"], row):
        if cut is None:
            continue
        c = Decimal(repr(cut))
        if (spec["direction"] == "higher" and v >= c) or (spec["direction"] == "lower" and v <= c):
            return level
    return 0


def bonus(item: str, sex: str, grade: int, value: float) -> int:
    b = DOC["bonus"].get(item)
    if b is None or grade not in b["grades"] or sex not in b["sexes"]:
        return 0
    spec = DOC["items"][item]
    best = Decimal(repr(DOC["tables"][item][sex][grade][0]))
    v = _reading(item, value)
    past = v - best if spec["direction"] == "higher" else best - v
    points = 0
    for i, need in enumerate(b["beyond"], 1):
        if past >= Decimal(repr(need)):
            points = i
    return points


def bmi_score(sex: str, grade: int, height: float, weight: float) -> tuple[str, int]:
    bmi = (Decimal(repr(weight)) / (Decimal(repr(height)) / 100) ** 2).quantize(Decimal("0.1"), ROUND_HALF_UP)
    b = DOC["bmi"][sex][grade]
    if bmi <= Decimal(repr(b["normal_low"])) - Decimal("0.1"):
        band = "低体重"
    elif bmi <= Decimal(repr(b["normal_high"])):
        band = "正常"
    elif bmi < Decimal(repr(b["obese"])):
        band = "超重"
    else:
        band = "肥胖"
    return band, DOC["bmi"]["scores"][band]


def weights(sex: str, grade: int) -> dict[str, int]:
    for band in DOC["weights"]:
        if grade in band["grades"]:
            return band[sex]
    raise KeyError(grade)


def total(sex: str, grade: int, results: dict[str, float]) -> tuple[float, int, float, str]:
    """(标准分, 附加分, 学年总分, 等级) for one student."""
    w = weights(sex, grade)
    s = Decimal(0)
    extra = 0
    for item, weight in w.items():
        if item == "bmi":
            pts = bmi_score(sex, grade, results["height"], results["weight"])[1]
        else:
            pts = item_score(item, sex, grade, results[item])
            extra += bonus(item, sex, grade, results[item])
        s += Decimal(pts) * Decimal(weight) / 100
    standard = float(s.quantize(Decimal("0.1"), ROUND_HALF_UP))
    t = standard + extra
    rating = "优秀" if t >= 90 else "良好" if t >= 80 else "及格" if t >= 60 else "不及格"
    return standard, extra, t, rating


def is_nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)
