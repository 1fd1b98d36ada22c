"""A rule as one line of text, for the rubric's Excel form a bureau edits (and back).

- linear: ``0.8→1.0`` (0 points at 0.8, full at 1.0)
- bands: ``≥0.9:100；≥0.8:60；其他:20`` or ``≤0:100；≤1:60；其他:0``
- rank: ``名次:100,80,60；其他:40`` (``名次(低者优先):…`` ranks the lowest value first)

>>> rule_to_text(rule_from_text("linear", "0.8→1.0"))
'0.8→1'
>>> rule_to_text(rule_from_text("bands", "≥0.9:100；≥0.8:60；其他:20"))
'≥0.9:100；≥0.8:60；其他:20'
"""

from __future__ import annotations

import re

from junheng.evaluation.core.rubric import Band, Bands, Linear, RankPoints

RULE_NAMES = {"linear": "线性", "bands": "区间", "rank": "名次"}
SECTION_NAMES = {"none": "", "min": "取较低者", "max": "取较高者", "sum": "相加", "mean": "取平均"}
_SPLIT = re.compile(r"[；;\n]+")


def rule_to_text(rule) -> str:
    if isinstance(rule, Linear):
        return f"{rule.zero:g}→{rule.full:g}"
    if isinstance(rule, Bands):
        parts = []
        for b in rule.bands:
            if b.min is not None and b.max is not None:
                parts.append(f"{b.min:g}~{b.max:g}:{b.score:g}")
            elif b.min is not None:
                parts.append(f"≥{b.min:g}:{b.score:g}")
            else:
                parts.append(f"≤{b.max:g}:{b.score:g}")
        return "；".join([*parts, f"其他:{rule.otherwise:g}"])
    head = "名次" if rule.higher_is_better else "名次(低者优先)"
    return f"{head}:{','.join(f'{p:g}' for p in rule.points)}；其他:{rule.otherwise:g}"


def rule_from_text(kind: str, text: str):
    """Parse a rule's text (``kind`` is linear/bands/rank or 线性/区间/名次); ValueError with a Chinese reason."""
    kind = {v: k for k, v in RULE_NAMES.items()}.get(kind, kind)
    text = text.strip().replace("：", ":").replace("，", ",").replace(">=", "≥").replace("<=", "≤")
    if kind == "linear":
        m = re.fullmatch(r"(-?[\d.]+)\s*(?:→|->|~|至)\s*(-?[\d.]+)", text)
        if not m:
            raise ValueError(f"线性规则应写作「零分值→满分值」，如 0.8→1.0，而不是「{text}」")
        return Linear(type="linear", zero=float(m.group(1)), full=float(m.group(2)))
    parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    otherwise = 0.0
    rest = []
    for p in parts:
        if p.startswith("其他:"):
            otherwise = float(p.split(":", 1)[1])
        else:
            rest.append(p)
    if kind == "bands":
        bands = []
        for p in rest:
            m = re.fullmatch(r"(?:(≥|≤)\s*(-?[\d.]+)|(-?[\d.]+)\s*~\s*(-?[\d.]+))\s*:\s*([\d.]+)", p)
            if not m:
                raise ValueError(f"区间「{p}」应写作 ≥下限:得分、≤上限:得分 或 下限~上限:得分")
            if m.group(1) == "≥":
                bands.append(Band(min=float(m.group(2)), score=float(m.group(5))))
            elif m.group(1) == "≤":
                bands.append(Band(max=float(m.group(2)), score=float(m.group(5))))
            else:
                bands.append(Band(min=float(m.group(3)), max=float(m.group(4)), score=float(m.group(5))))
        if not bands:
            raise ValueError("区间规则至少要有一个区间")
        return Bands(type="bands", bands=tuple(bands), otherwise=otherwise)
    if kind == "rank":
        if len(rest) != 1 or ":" not in rest[0]:
            raise ValueError("名次规则应写作「名次:100,80,60；其他:40」")
        head, points = rest[0].split(":", 1)
        return RankPoints(type="rank", points=tuple(float(x) for x in points.split(",") if x.strip()),
                          otherwise=otherwise, higher_is_better="低者优先" not in head)
    raise ValueError(f"未知的计分规则「{kind}」，应为 线性、区间 或 名次")
