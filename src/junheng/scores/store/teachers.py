"""The class–teacher–subject table (任课教师表): who teaches which subject in which class in a school year.

File: xlsx or csv with a header row holding 学校, 班级, 学科 (or 科目) and 任课教师 (or 教师, 教师姓名), optionally
教师工号; the header may sit under title rows. Schools by name or 学校标识码. Imported through
``upsert_batch`` (kind ``scores_teachers``): re-importing updates changed rows and the batch can be undone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.scores.core.headers import normalize
from junheng.scores.core.mapping import column_letter
from junheng.scores.core.model import ScoresInputError
from junheng.store.batches import BatchResult, upsert_batch

HEADERS = {
    "school": ("学校", "学校名称", "学校标识码"),
    "class_name": ("班级", "班级名称", "班别"),
    "subject": ("学科", "科目", "任教学科"),
    "teacher": ("任课教师", "教师", "教师姓名", "姓名"),
    "teacher_id": ("教师工号", "工号", "教师编号"),
}
REQUIRED = ("school", "class_name", "subject", "teacher")


def _header(rows, file: str, sheet: str) -> tuple[int, dict[str, int]]:
    for i, row in enumerate(rows[:12]):
        cells = [normalize(c) for c in row]
        found = {}
        for key, words in HEADERS.items():
            for j, cell in enumerate(cells):
                if cell in words and key not in found:
                    found[key] = j
        if all(k in found for k in REQUIRED):
            return i, found
    raise ImportFailed([Problem(file, sheet, None, "", "前 12 行中找不到表头：需要“学校”“班级”“学科”“任课教师”四列")])


def import_teachers(session: Session, path: Path, school_year: str, username: str,
                    file_name: str | None = None) -> BatchResult:  # fmt: skip
    """Validate every row, then upsert by (school year, school, class, subject); raises ``ImportFailed``."""
    from junheng.scores.readers.importer import read_rows
    from junheng.scores.store.service import RegistryView

    file = file_name or path.name
    if len(school_year) != 9 or school_year[4] != "-" or not (school_year[:4] + school_year[5:]).isdigit():
        raise ImportFailed([Problem(file, "", None, "", f"学年“{school_year}”应写成 2024-2025")])
    try:
        sheet, rows = read_rows(path)
    except ScoresInputError as exc:
        raise ImportFailed([Problem(file, "", None, "", str(exc))]) from None
    start, columns = _header(rows, file, sheet)
    registry = RegistryView.load(session)
    problems: list[Problem] = []
    records, seen = [], {}
    body = rows[start + 1:]
    for offset, row in enumerate(body):  # a teacher table has a few hundred rows
        excel_row = start + 2 + offset
        values = {k: ("" if j >= len(row) or row[j] is None else normalize(row[j])) for k, j in columns.items()}
        if not any(values[k] for k in REQUIRED):
            continue
        for key in REQUIRED:
            if not values[key]:
                problems.append(Problem(file, sheet, excel_row, _col(columns, key, rows[start]), "不能为空"))
        school_id = registry.school_ids.get(values["school"])
        if values["school"] and (school_id is None or values["school"] in registry.ambiguous):
            problems.append(Problem(file, sheet, excel_row, _col(columns, "school", rows[start]),
                                    f"未知学校“{values['school']}”（不在学校名录中或重名）"))  # fmt: skip
        key = (school_id, values["class_name"], values["subject"])
        if key in seen and all(key):
            problems.append(Problem(file, sheet, excel_row, _col(columns, "subject", rows[start]),
                                    f"与第 {seen[key]} 行重复（同一班级同一学科只能有一位任课教师）"))  # fmt: skip
        seen.setdefault(key, excel_row)
        records.append({"school_year": school_year, "school_id": school_id or "", "class_name": values["class_name"],
                        "subject": values["subject"], "teacher": values["teacher"],
                        "teacher_id": values.get("teacher_id") or None})  # fmt: skip
    if not records and not problems:
        problems.append(Problem(file, sheet, None, "", "表中没有数据行"))
    if problems:
        raise ImportFailed(problems)
    key = ("school_year", "school_id", "class_name", "subject")
    return upsert_batch(session, "scores_teachers", file, username, [("scores_class_teacher", key, records)])


def _col(columns: dict[str, int], key: str, header) -> str:
    j = columns[key]
    return f"{column_letter(j)}（{header[j]}）"


def teacher_counts(session: Session) -> pd.DataFrame:
    """Rows per school year (for the page)."""
    from sqlalchemy import func, select

    from junheng.scores.store.models import ClassTeacher

    rows = session.execute(select(ClassTeacher.school_year, func.count(), func.count(func.distinct(ClassTeacher.school_id)))
                           .group_by(ClassTeacher.school_year).order_by(ClassTeacher.school_year.desc())).all()
    return pd.DataFrame(rows, columns=["school_year", "rows", "schools"])
