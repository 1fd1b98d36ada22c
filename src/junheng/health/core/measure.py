"""Reading results as schools write them: times as 分'秒 (3'45, 3′45″, 3:45, 3分45秒) or seconds, sex codes.

Plausible ranges catch impossible values (a 50 m time of 2 s, a height of 12 cm) before scoring; they are wide
on purpose — they reject typing slips, not weak or strong children.
"""

from __future__ import annotations

import re

import numpy as np

# item → (minimum, maximum) of a humanly possible result for a child of 6–16, in the item's unit
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "height": (80.0, 220.0),
    "weight": (10.0, 200.0),
    "vital_capacity": (100.0, 9999.0),
    "run50": (5.0, 30.0),
    "sit_reach": (-40.0, 50.0),
    "rope": (0.0, 350.0),
    "situp": (0.0, 99.0),
    "shuttle50x8": (60.0, 400.0),
    "long_jump": (30.0, 400.0),
    "pullup": (0.0, 60.0),
    "run800": (120.0, 900.0),
    "run1000": (120.0, 900.0),
}
BMI_PLAUSIBLE = (8.0, 60.0)
TIMED_LONG = ("shuttle50x8", "run800", "run1000")

_MIN_SEC = re.compile(r"^\s*(\d{1,2})\s*(?:'|′|’|:|：|分)\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|”|秒)?\s*$")
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{2})\s*$")


class ValueProblem(ValueError):
    """A result that cannot be read; the message is for the user."""


def parse_seconds(text: object) -> float | None:
    """A long-run time as seconds: ``3'45`` / ``3′45″`` / ``3:45`` / ``3分45秒`` → 225; a plain number of 60 or
    more is seconds (``225``); ``3.45`` (exactly two decimals, at most .59) is read as 3'45. Blank → None.

    >>> parse_seconds("3'45"), parse_seconds("225"), parse_seconds("3.05"), parse_seconds("1′50″")
    (225.0, 225.0, 185.0, 110.0)
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    s = str(text).strip()
    if not s:
        return None
    m = _MIN_SEC.match(s)
    if m:
        minutes, seconds = int(m.group(1)), float(m.group(2))
        if seconds >= 60:
            raise ValueProblem(f"「{s}」的秒数应小于 60")
        return minutes * 60 + seconds
    m = _DOTTED.match(s)
    if m and int(m.group(2)) < 60:
        return float(int(m.group(1)) * 60 + int(m.group(2)))
    try:
        value = float(s)
    except ValueError:
        raise ValueProblem(f"「{s}」不是时间，应写成 分'秒（如 3'45）或秒数（如 225）") from None
    if value < 60:
        raise ValueProblem(f"「{s}」不能确定是分还是秒，请写成 分'秒（如 3'45）或秒数（如 225）")
    return value


def format_seconds(seconds: float | None) -> str:
    """225 → ``3'45`` (the upload layout's 分'秒)."""
    if seconds is None or np.isnan(seconds):
        return ""
    whole = int(np.ceil(round(seconds, 6)))
    return f"{whole // 60}'{whole % 60:02d}"


SEX_CODES = {"1": "male", "男": "male", "2": "female", "女": "female"}


def parse_sex(text: object) -> str:
    s = "" if text is None else str(text).strip()
    s = s.removesuffix(".0")
    if s not in SEX_CODES:
        raise ValueProblem("性别为空或无效，应为 1（男）、2（女）或 男/女" if s else "性别为空，应为 1（男）或 2（女）")
    return SEX_CODES[s]
