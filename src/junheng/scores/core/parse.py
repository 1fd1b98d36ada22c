"""From the cells of a sheet and a confirmed mapping to the canonical score table, or to a list of errors.

Validation first, nothing importable on any error (DESIGN §6): unreadable score, negative score, score above
full marks, missing identifier or class, duplicated student, unknown school or class (when the registry's
lists are given), a subject of the full marks missing from the file. Warnings do not block: zeros taken as
absent or kept as scores (the rules of ``zeros``, whose decision is ``ImportResult.zeros``), totals that differ
from the sum of subjects, long numeric identifiers, columns ignored. Every issue names file, sheet, Excel row
and column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from junheng.scores.core.cells import blank, count_markers, is_choice_column, is_summary, to_scores, to_text
from junheng.scores.core.checks import canonical_frame, check_people
from junheng.scores.core.issues import ImportIssue, ImportResult, Issues
from junheng.scores.core.mapping import ColumnMapping, ColumnSpec
from junheng.scores.core.model import TOTAL
from junheng.scores.core.parse_long import parse_long
from junheng.scores.core.zeros import check_mode, resolve_zeros

TEXT_ROLES = ("student_id", "registry_id", "exam_no", "custom_no", "local_no", "id_number", "name", "school", "class")


def _grid(rows: Sequence[Sequence[object]], start: int, width: int) -> np.ndarray:
    body = rows[start:]
    if len(body) == 0:
        return np.empty((0, width), dtype=object)
    try:
        grid = np.array(body, dtype=object)
    except ValueError:
        grid = None
    if grid is None or grid.ndim != 2:
        grid = np.empty((len(body), width), dtype=object)
        grid[:] = ""
        for i, row in enumerate(body):  # ragged csv rows: pad (rare path)
            grid[i, : min(len(row), width)] = list(row)[:width]
    if grid.shape[1] < width:
        grid = np.hstack([grid, np.full((grid.shape[0], width - grid.shape[1]), "", dtype=object)])
    return grid


def parse_rows(
    rows: Sequence[Sequence[object]],
    mapping: ColumnMapping,
    *,
    full_marks: Mapping[str, float] | None = None,
    known_schools: Collection[str] | None = None,
    known_classes: Collection[tuple[str, str]] | None = None,
    default_school: str | None = None,
    zeros: str = "auto",
) -> ImportResult:
    """Validate and convert the data rows under ``mapping`` (see module docstring); ``zeros`` is the mode of
    :func:`junheng.scores.core.zeros.resolve_zeros` (auto, scores, absent)."""
    check_mode(zeros)
    issues = Issues(mapping)
    width = max((c.index for c in mapping.columns), default=-1) + 1
    grid = _grid(rows, mapping.data_start, width)
    excel_row = np.arange(grid.shape[0]) + mapping.data_start + 1
    used = [c for c in mapping.columns if c.role not in ("ignore", "unknown")]
    text = {c.role: to_text(grid[:, c.index])[0] for c in mapping.columns if c.role in TEXT_ROLES}
    id_col, class_col = mapping.first("student_id"), mapping.first("class")
    dropped: list[tuple[int, str]] = []
    # empty rows: only rows without identifier (and class) can be empty, so only they are looked at
    keep = np.ones(grid.shape[0], dtype=bool)
    unnamed = np.flatnonzero((text["student_id"] == "") if "student_id" in text else keep)
    if unnamed.size and used:
        sub = grid[unnamed]
        keep[unnamed] = ~np.all(np.column_stack([blank(sub[:, c.index]) for c in used]), axis=1)
    # summary rows: 合计, 平均分 … in an identifying column, or no identifier and no class
    marker = np.zeros(grid.shape[0], dtype=bool)
    for role in ("student_id", "name", "class", "school"):
        if role in text:
            marker |= is_summary(text[role])
    if grid.shape[1] and not any(c.index == 0 and c.role in TEXT_ROLES for c in mapping.columns):
        marker |= is_summary(to_text(grid[:, 0])[0])
    if class_col is not None and id_col is not None:
        marker |= (text["class"] == "") & (text["student_id"] == "")
    marker &= keep
    dropped += [(int(r), "汇总行") for r in excel_row[marker]]
    keep &= ~marker
    grid, excel_row = grid[keep], excel_row[keep]
    text = {k: v[keep] for k, v in text.items()}

    if id_col is None:
        issues.add("missing_column", "找不到学生标识列（学籍号/准考证号/考号/学号/student_id）")
        return ImportResult(mapping, None, errors=issues.errors, dropped_rows=dropped)

    if mapping.layout == "long":
        return parse_long(grid, excel_row, text, mapping, issues, dropped, full_marks, known_schools,
                           known_classes, default_school, zeros)  # fmt: skip

    subjects = mapping.subjects
    if full_marks:
        extra = [s for s in subjects if s not in full_marks]
        if extra:
            issues.add("ignored_subject", "未给出满分的科目不导入：" + "、".join(extra), warning=True)
        missing = [s for s in full_marks if s not in subjects]
        if missing:
            issues.add("missing_subject", "文件中没有这些科目的得分列：" + "、".join(missing))
        subjects = [s for s in full_marks if s in subjects]
    score_cols = {s: [c for c in mapping.by_role("score") if c.subject == s] for s in subjects}
    matrix = np.full((grid.shape[0], len(subjects)), np.nan)
    absent = np.zeros_like(matrix, dtype=bool)
    markers: dict[str, int] = {}
    for k, subject in enumerate(subjects):
        cols = score_cols[subject]
        if len(cols) > 1:
            issues.add("duplicate_column", f"科目“{subject}”有多列得分：" + "、".join(c.letter for c in cols))
        matrix[:, k], absent[:, k] = _score_column(grid, excel_row, cols[0], issues, full_marks, subject)
        count_markers(grid[:, cols[0].index], absent[:, k], markers)
    rule = issues.add_zero_rule(resolve_zeros(matrix, absent, excel_row, markers, zeros))
    check_people(text, excel_row, mapping, issues, known_schools, known_classes, default_school)
    _check_total(grid, matrix, excel_row, mapping, issues, subjects, full_marks)
    items, choices = _items(grid, mapping, issues, excel_row)
    ranks = _ranks(grid, mapping, text["student_id"])
    absent_counts = {s: int(np.isnan(matrix[:, k]).sum()) for k, s in enumerate(subjects)}
    if issues.errors:
        return ImportResult(mapping, None, errors=issues.errors, warnings=issues.warnings, dropped_rows=dropped,
                            absent=absent_counts, n_students=grid.shape[0], zeros=rule)  # fmt: skip
    scores = canonical_frame(text, mapping, default_school, excel_row)
    for k, subject in enumerate(subjects):
        scores.insert(4 + k, subject, matrix[:, k])
    return ImportResult(mapping, scores, items, choices, ranks, [], issues.warnings, dropped, absent_counts,
                        grid.shape[0], rule)  # fmt: skip


def _score_column(grid: np.ndarray, excel_row: np.ndarray, col: ColumnSpec, issues: Issues,
                  full_marks: Mapping[str, float] | None, subject: str) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    parsed = to_scores(grid[:, col.index])
    values = parsed.values
    if parsed.bad.any():
        issues.add("not_number", "无法识别的分数“{value}”", excel_row[parsed.bad], col, grid[parsed.bad, col.index])
    negative = values < 0
    if negative.any():
        issues.add("negative", "分数 {value} 为负数", excel_row[negative], col, values[negative])
    if full_marks and subject in full_marks:
        full = float(full_marks[subject])
        above = values > full + 1e-9
        if above.any():
            issues.add("above_full_marks", f"分数 {{value:g}} 超过满分 {full:g}", excel_row[above], col, values[above])
    return values, parsed.absent


def _check_total(grid: np.ndarray, matrix: np.ndarray, excel_row: np.ndarray, mapping: ColumnMapping,
                 issues: Issues, subjects: list[str], full_marks: Mapping[str, float] | None) -> None:  # fmt: skip
    """Warn when the file's 总分 differs from the sum of the subjects imported (shifted columns?)."""
    total_col = mapping.first("total")
    if total_col is None or not subjects:
        return
    total = to_scores(grid[:, total_col.index]).values
    complete = ~np.isnan(matrix).any(axis=1) & ~np.isnan(total)
    differs = complete & (np.abs(matrix.sum(axis=1) - total) > 0.01)
    if differs.any() and differs.sum() == complete.sum():
        issues.add("total_mismatch", "文件的总分与所导入科目之和都不一致（可能还有其他科目，或列错位）", warning=True)
    elif differs.any():
        issues.add("total_mismatch", "总分与各科之和不一致（请检查是否列错位）", excel_row[differs], total_col, warning=True)


def _items(grid: np.ndarray, mapping: ColumnMapping, issues: Issues,
           excel_row: np.ndarray) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:  # fmt: skip
    items: dict[str, dict[str, np.ndarray]] = {}
    choices: dict[str, dict[str, np.ndarray]] = {}
    for col in mapping.by_role("item") + mapping.by_role("choice"):
        subject = col.subject or mapping.subject_hint or "未指明科目"
        name = col.item or col.label
        values = grid[:, col.index]
        if col.role == "choice" or is_choice_column(values):
            choices.setdefault(subject, {})[name] = to_text(values)[0]
            continue
        parsed = to_scores(values)
        if parsed.bad.any():
            issues.add("not_number", "无法识别的小题分“{value}”", excel_row[parsed.bad], col, values[parsed.bad])
        if (parsed.values < 0).any():
            issues.add("negative", "小题分为负数", excel_row[parsed.values < 0], col)
        items.setdefault(subject, {})[name] = parsed.values
    return (
        {s: pd.DataFrame(v) for s, v in items.items()},
        {s: pd.DataFrame(v) for s, v in choices.items()},
    )


def _ranks(grid: np.ndarray, mapping: ColumnMapping, ids: np.ndarray) -> pd.DataFrame | None:
    """Rank columns of the exporting system: student_id, subject, level, label, rank (NaN for '-')."""
    cols = mapping.by_role("rank")
    if not cols:
        return None
    parts = [
        pd.DataFrame({"student_id": ids, "subject": c.subject or TOTAL, "level": c.rank_level or "county",
                      "label": c.label, "rank": to_scores(grid[:, c.index]).values})
        for c in cols
    ]
    return pd.concat(parts, ignore_index=True)


__all__ = ["ImportIssue", "ImportResult", "parse_rows"]
