"""Import issues (errors and warnings located in the file) and the import result."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from junheng.scores.core.mapping import ColumnMapping, ColumnSpec
from junheng.scores.core.zeros import ZeroRule

MAX_LISTED = 50


@dataclass(frozen=True)
class ImportIssue:
    """One error or warning, located in the file."""

    kind: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None  # Excel row number (1-based)
    column: str | None = None  # Excel column letter
    label: str | None = None  # the column's header

    def __str__(self) -> str:
        where = [f"文件 {self.file}" if self.file else "", f"工作表 {self.sheet}" if self.sheet else ""]
        where.append(f"第 {self.row} 行" if self.row else "")
        if self.column:
            where.append(f"{self.column} 列（{self.label}）" if self.label else f"{self.column} 列")
        place = "，".join(w for w in where if w)
        return f"{place}：{self.message}" if place else self.message


@dataclass
class ImportResult:
    """What an import found. ``scores`` is None whenever ``errors`` is not empty.

    ``scores``: student_id, name, school, class, one column per subject (NaN = absent), then the other
    identifier columns found (registry_id, exam_no …) and source_row (Excel row). ``items``/``choices``: per
    subject, item scores / options chosen (row-aligned with ``scores``). ``ranks``: rank columns of the
    exporting system (for cross-checking only). ``zeros``: what the file's zeros were taken to mean.
    """

    mapping: ColumnMapping
    scores: pd.DataFrame | None
    items: dict[str, pd.DataFrame] = field(default_factory=dict)
    choices: dict[str, pd.DataFrame] = field(default_factory=dict)
    ranks: pd.DataFrame | None = None
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    dropped_rows: list[tuple[int, str]] = field(default_factory=list)
    absent: dict[str, int] = field(default_factory=dict)
    n_students: int = 0
    zeros: ZeroRule = field(default_factory=ZeroRule)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """A short Chinese preview: counts, subjects, absences, warnings, errors."""
        lines = [f"学生 {self.n_students} 人；科目：" + ("、".join(self.absent) or "无")]
        lines += [f"{s} 缺考 {n} 人" for s, n in self.absent.items() if n]
        if self.dropped_rows:
            lines.append(f"跳过汇总/空行 {len(self.dropped_rows)} 行")
        lines += [f"提示：{w}" for w in self.warnings]
        lines += [f"错误：{e}" for e in self.errors]
        return "\n".join(lines)


class Issues:
    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.errors: list[ImportIssue] = []
        self.warnings: list[ImportIssue] = []

    def add(self, kind: str, message: str, rows: np.ndarray | None = None, col: ColumnSpec | None = None,
            values: np.ndarray | None = None, warning: bool = False) -> None:  # fmt: skip
        target = self.warnings if warning else self.errors
        base = {"file": self.mapping.file, "sheet": self.mapping.sheet}
        if col is not None:
            base |= {"column": col.letter, "label": col.label}
        if rows is None:
            target.append(ImportIssue(kind, message, **base))
            return
        shown = rows[:MAX_LISTED]
        for k, row in enumerate(shown):
            text = message.format(value=values[k]) if values is not None else message
            target.append(ImportIssue(kind, text, row=int(row), **base))
        if rows.size > MAX_LISTED:
            target.append(ImportIssue(kind, f"同类问题另有 {rows.size - MAX_LISTED} 处未列出", **base))

    def add_zero_rule(self, rule: ZeroRule) -> ZeroRule:
        """One warning per row the zero rule decided on (kinds zero_row, lone_zero), worded by the rule."""
        for kind, rows, text in rule.groups():
            self.add(kind, text, np.asarray(rows), warning=True)
        return rule
