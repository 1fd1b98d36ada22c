"""The full result tables as one Excel workbook (openpyxl, write-only). Not imported by ``junheng.scores``.

Student ranks are sensitive (DESIGN §4.3): the student sheet is written only on request, and ranks in it
only with ``include_ranks=True``; the caller checks the role's rank policy and logs the export.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from junheng.io.cells import safe_row
from junheng.scores.core.analyze import ExamAnalysis
from junheng.scores.core.items import ItemAnalysis
from junheng.scores.core.labels import RATE_COLUMNS, chinese
from junheng.scores.core.value_added import ValueAddedResult

EXCEL_MAX_ROWS = 1_048_575
_HIDDEN = {
    "county": ["level", "school", "class", "teacher"],
    "school": ["level", "class", "teacher"],
    "class": ["level", "teacher"],
    "teacher": ["level", "class"],
}


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, percent: tuple[str, ...] = ()) -> None:
    ws = book.create_sheet(title[:31])
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font = bold
        header.append(cell)
    ws.append(safe_row(ws, header))
    formats = ["0.0%" if c in percent else None for c in frame.columns]
    columns = [frame[c].astype(object).where(frame[c].notna(), None).to_numpy() for c in frame.columns]
    for i in range(min(len(frame), EXCEL_MAX_ROWS)):
        row = []
        for k, column in enumerate(columns):
            value = column[i]
            if isinstance(value, np.generic):
                value = value.item()
            if formats[k] and value is not None:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = formats[k]
                row.append(cell)
            else:
                row.append(value)
        ws.append(safe_row(ws, row))


def write_tables(
    analysis: ExamAnalysis,
    path: str | Path,
    *,
    value_added: ValueAddedResult | None = None,
    items: dict[str, ItemAnalysis] | None = None,
    include_students: bool = False,
    include_ranks: bool = False,
) -> Path:
    """Write 考试信息, 全县, 学校, 班级, (教师), 分数段, (增值评价, 小题分析, 学生) sheets; returns the path."""
    path = Path(path)
    book = Workbook(write_only=True)
    exam = analysis.exam
    info = pd.DataFrame(
        {"项目": ["考试", "日期", "年级", *exam.subjects],
         "内容": [exam.name, exam.date or "", exam.grade or "", *exam.subjects.values()]}
    )  # fmt: skip
    _sheet(book, "考试信息", info)
    percent = tuple(RATE_COLUMNS)
    rate_labels = tuple(chinese(pd.DataFrame(columns=list(percent))).columns)
    for level, title in (("county", "全县"), ("school", "学校"), ("class", "班级"), ("teacher", "教师")):
        rows = analysis.level(level)
        if len(rows):
            table = chinese(rows.drop(columns=_HIDDEN[level]))
            _sheet(book, title, table, rate_labels)
    bands = analysis.bands[analysis.bands["level"].astype(str) != "class"]
    _sheet(book, "分数段", chinese(bands.drop(columns=["band"])))
    if value_added is not None:
        _sheet(book, f"增值评价-{value_added.subject}", chinese(value_added.schools))
        if value_added.classes is not None:
            _sheet(book, f"班级增值-{value_added.subject}", chinese(value_added.classes))
    for subject, result in (items or {}).items():
        _sheet(book, f"小题-{subject}", chinese(result.items))
        if len(result.options):
            _sheet(book, f"选项-{subject}", chinese(result.options), ("比例",))
    if include_students:
        table = analysis.standings.merge(analysis.students[["student", "student_id", "name", "school", "class"]],
                                         on="student")  # fmt: skip
        columns = ["student_id", "name", "school", "class", "subject", "score", "percentile", "z", "t"]
        if include_ranks:
            columns[6:6] = ["rank", "school_rank", "class_rank"]
        _sheet(book, "学生成绩", chinese(table[columns]))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
