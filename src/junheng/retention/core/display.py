"""How identifiers are shown: a formal 全国学籍号 is G + the 18-character ID number, so it is masked like the ID
number wherever a page or an export shows it (the stored value is needed only to match records)."""

from __future__ import annotations

import re

_FORMAL = re.compile(r"^G\d{17}[\dXx]$")


def mask_student_id(student_id: str | None) -> str:
    """>>> mask_student_id("G330102201203050610"), mask_student_id("L3301020001")
    ('G3301**********0610', 'L3301020001')
    """
    if not student_id:
        return ""
    text = str(student_id)
    if _FORMAL.match(text):
        return "G" + text[1:5] + "*" * 10 + text[-4:]
    return text


def masked_rows(rows: list[dict], *keys: str) -> list[dict]:
    """The rows with ``<key>_label`` = the masked value of each key (the rows are changed in place)."""
    for row in rows:
        for key in keys:
            row[f"{key}_label"] = mask_student_id(row.get(key))
    return rows
