"""The registry workbook (学校名册): template out, validated rows in."""

from __future__ import annotations

from pathlib import Path

from junheng.io.problems import Problem
from junheng.io.reader import SheetRows, read_sheet
from junheng.io.template import write_template
from junheng.registry.core import codes
from junheng.registry.core.schema import REGISTRY_SHEETS

NOTES = (
    "每个工作表第一行为表头，请勿修改、合并或删除表头；从第二行起每行一条记录，中间不要留空行。",
    "带下拉箭头的列请从下拉列表中选择；代码、学籍号、身份证件号等请按文本填写，避免丢失位数。",
    "同一文件再次导入时按学校标识码、教师工号、全国学籍号等更新已有记录，不会重复新增。",
    "导入前系统先检查全部数据，只要有一处问题就不写入任何数据，并列出每处问题所在的工作表、行和列。",
)


def write_registry(frames: dict[str, object] | None, path: Path) -> Path:
    """Write the registry workbook; ``frames`` maps table names (county, township, school, school_class, teacher,
    student) to DataFrames or lists of dicts with the canonical keys. ``None`` writes an empty template."""
    rows: dict[str, list[dict]] = {}
    for spec in REGISTRY_SHEETS:
        frame = (frames or {}).get(spec.table)
        if frame is None:
            continue
        records = frame.to_dict("records") if hasattr(frame, "to_dict") else list(frame)
        rows[spec.name] = [{k: _clean(v) for k, v in r.items()} for r in records]
    return write_template(Path(path), list(REGISTRY_SHEETS), "学校名册填报模板（县区、乡镇、学校、班级、教师、学生）",
                          rows=rows, notes=NOTES)


def _clean(value):
    try:
        import math

        if isinstance(value, float) and math.isnan(value):
            return None
    except TypeError:
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


def read_registry(path: Path, file_label: str | None = None) -> tuple[dict[str, SheetRows], list[Problem]]:
    """Read every registry sheet that is present (at least one must be); checks within the file only."""
    from junheng.io.workbook import UnreadableFile, open_workbook

    label = file_label or Path(path).name
    problems: list[Problem] = []
    try:
        present = set(open_workbook(path, label).sheet_names)
    except UnreadableFile as unreadable:
        return {}, list(unreadable.problems)
    sheets = {}
    for spec in REGISTRY_SHEETS:
        if spec.name in present:
            sheets[spec.table] = read_sheet(path, spec, problems, label)
    if not sheets:
        problems.append(Problem(label, "", None, "", "文件中没有任何学校名册工作表（县区、乡镇、学校、班级、教师、学生）"))
    students = sheets.get("student")
    if students:
        col = students.spec.column("id_number")
        for record, row in zip(students.rows, students.row_numbers):
            value = record.get("id_number")
            if value and len(value) == 18 and not codes.valid_id_number(value):
                problems.append(Problem(label, students.spec.name, row, col.header, "身份证件号校验位不正确"))
    classes = sheets.get("school_class")
    if classes:
        for record, row in zip(classes.rows, classes.row_numbers):
            grade, section = record.get("grade"), record.get("section")
            if grade and section and codes.section_of_grade(grade) != section:
                problems.append(Problem(label, classes.spec.name, row, "学段", f"{grade} 年级不属于{section}"))
    return sheets, problems
