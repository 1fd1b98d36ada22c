"""Long files (one row per student and subject) → the canonical wide table."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from junheng.scores.core.cells import count_markers, to_scores, to_text
from junheng.scores.core.checks import canonical_frame, check_people
from junheng.scores.core.issues import ImportResult, Issues
from junheng.scores.core.mapping import ColumnMapping
from junheng.scores.core.zeros import resolve_zeros


def parse_long(grid: np.ndarray, excel_row: np.ndarray, text: dict[str, np.ndarray], mapping: ColumnMapping,
                issues: Issues, dropped: list[tuple[int, str]], full_marks: Mapping[str, float] | None,
                known_schools: Collection[str] | None, known_classes: Collection[tuple[str, str]] | None,
                default_school: str | None, zeros: str = "auto") -> ImportResult:  # fmt: skip
    """Long files: one row per student and subject → wide."""
    subject_col, score_col = mapping.first("subject_name"), mapping.first("long_score")
    assert subject_col is not None and score_col is not None
    subject_text = to_text(grid[:, subject_col.index])[0]
    parsed = to_scores(grid[:, score_col.index])
    values = parsed.values
    if parsed.bad.any():
        issues.add("not_number", "无法识别的分数“{value}”", excel_row[parsed.bad], score_col, grid[parsed.bad, score_col.index])
    if (values < 0).any():
        issues.add("negative", "分数 {value} 为负数", excel_row[values < 0], score_col, values[values < 0])
    if full_marks:
        full = pd.Series(subject_text).map({k: float(v) for k, v in full_marks.items()}).to_numpy(dtype=np.float64)
        above = values > full + 1e-9
        if above.any():
            issues.add("above_full_marks", "分数 {value:g} 超过该科满分", excel_row[above], score_col, values[above])
        missing = [s for s in full_marks if s not in set(subject_text)]
        if missing:
            issues.add("missing_subject", "文件中没有这些科目的成绩：" + "、".join(missing))
        keep = pd.Series(subject_text).isin(set(full_marks)).to_numpy()
        subjects = list(full_marks)
    else:
        keep = subject_text != ""
        subjects = list(pd.unique(subject_text[keep]))
    ids = text["student_id"]
    pair = pd.Series(ids[keep]).str.cat(pd.Series(subject_text[keep]), sep="\x1f")
    dup = pair.duplicated(keep=False).to_numpy()
    if dup.any():
        issues.add("duplicate_student", "同一学生同一科目出现多次", excel_row[keep][dup], mapping.first("student_id"))
    student_code, student_ids = pd.factorize(pd.Series(ids))
    first = np.unique(student_code, return_index=True)[1]
    people = {k: v[first] for k, v in text.items()}
    check_people(people, excel_row[first], mapping, issues, known_schools, known_classes, default_school)
    matrix = np.full((len(student_ids), len(subjects)), np.nan)
    subject_code = pd.Series(subject_text[keep]).map({s: k for k, s in enumerate(subjects)}).to_numpy()
    if not dup.any():
        matrix[student_code[keep], subject_code] = values[keep]
    markers: dict[str, int] = {}
    count_markers(grid[:, score_col.index], parsed.absent & keep, markers)
    missing_pairs = int(np.isnan(matrix).sum()) - int((parsed.absent & keep).sum())
    if missing_pairs > 0:
        markers["未列出"] = missing_pairs
    absent = np.isnan(matrix)
    rule = issues.add_zero_rule(resolve_zeros(matrix, absent, excel_row[first], markers, zeros))
    absent_counts = {s: int(np.isnan(matrix[:, k]).sum()) for k, s in enumerate(subjects)}
    if issues.errors:
        return ImportResult(mapping, None, errors=issues.errors, warnings=issues.warnings, dropped_rows=dropped,
                            absent=absent_counts, n_students=len(student_ids), zeros=rule)  # fmt: skip
    scores = canonical_frame(people, mapping, default_school, excel_row[first])
    for k, subject in enumerate(subjects):
        scores.insert(4 + k, subject, matrix[:, k])
    return ImportResult(mapping, scores, errors=[], warnings=issues.warnings, dropped_rows=dropped,
                        absent=absent_counts, n_students=len(student_ids), zeros=rule)  # fmt: skip
