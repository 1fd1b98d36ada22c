"""Checks on who the students are (identifier, duplicates, class, school, registry lists) and the canonical
frame of the people columns; shared by the wide and the long layouts."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from junheng.scores.core.issues import Issues
from junheng.scores.core.mapping import ColumnMapping, ColumnSpec


def canonical_frame(text: dict[str, np.ndarray], mapping: ColumnMapping, default_school: str | None,
           excel_row: np.ndarray) -> pd.DataFrame:  # fmt: skip
    n = len(excel_row)
    data = {
        "student_id": text["student_id"],
        "name": text.get("name", np.full(n, "", dtype=object)),
        "school": text.get("school", np.full(n, default_school or "", dtype=object)),
        "class": text.get("class", np.full(n, "", dtype=object)),
    }
    for role in ("registry_id", "exam_no", "custom_no", "local_no", "id_number"):
        if role in text:
            data[role] = text[role]
    data["source_row"] = excel_row
    return pd.DataFrame(data)


def check_people(text: dict[str, np.ndarray], excel_row: np.ndarray, mapping: ColumnMapping, issues: Issues,
                  known_schools: Collection[str] | None, known_classes: Collection[tuple[str, str]] | None,
                  default_school: str | None) -> None:  # fmt: skip
    ids = text["student_id"]
    id_col = mapping.first("student_id")
    empty = ids == ""
    if empty.any():
        issues.add("missing_id", "学生标识为空", excel_row[empty], id_col)
    codes, uniques = pd.factorize(pd.Series(ids))
    if len(uniques) < len(ids):
        count = np.bincount(codes)[codes]
        dup = (count > 1) & ~empty
        first_row = pd.Series(excel_row).groupby(codes).transform("min").to_numpy()
        described = pd.Series(ids[dup]).str.cat(pd.Series(first_row[dup]).astype(str), sep="”重复（首次出现在第 ")
        issues.add("duplicate_student", "学生标识“{value} 行）", excel_row[dup], id_col, described.to_numpy())
    class_col = mapping.first("class")
    if class_col is None:
        issues.add("no_class", "没有班级列，全部学生记为同一班", warning=True)
    else:
        no_class = (text["class"] == "") & ~empty
        if no_class.any():
            issues.add("missing_class", "班级为空", excel_row[no_class], class_col)
    school_col = mapping.first("school")
    schools = text.get("school", np.full(len(ids), default_school or "", dtype=object))
    if school_col is None and not default_school:
        issues.add("no_school", "没有学校列，全部学生记为同一学校（可指定学校名）", warning=True)
    if known_schools is not None:
        unknown = ~pd.Series(schools).isin(set(known_schools)).to_numpy()
        per_value(issues, "unknown_school", "未知学校“{}”（不在学校名录中）", schools, unknown, excel_row, school_col)
    if known_classes is not None and "class" in text:
        pairs = pd.Series(schools).str.cat(pd.Series(text["class"]), sep="\x1f")
        allowed = {f"{s}\x1f{c}" for s, c in known_classes}
        unknown = ~pairs.isin(allowed).to_numpy()
        label = np.char.add(np.char.add(schools.astype(str), " "), text["class"].astype(str))
        per_value(issues, "unknown_class", "未知班级“{}”（不在班级名录中）", label, unknown, excel_row, class_col)


def per_value(issues: Issues, kind: str, message: str, values: np.ndarray, mask: np.ndarray,
               excel_row: np.ndarray, col: ColumnSpec | None) -> None:  # fmt: skip
    """One issue per distinct bad value, at its first row, with the number of rows."""
    if not mask.any():
        return
    bad = pd.DataFrame({"value": values[mask], "row": excel_row[mask]})
    for value, group in bad.groupby("value", sort=True):
        rows = group["row"].to_numpy()
        more = f"，共 {rows.size} 行" if rows.size > 1 else ""
        issues.add(kind, message.format(value) + more, rows[:1], col)
