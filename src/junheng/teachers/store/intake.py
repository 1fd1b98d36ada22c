"""Imports of the teacher workbooks: strict validation of the whole file first, then one batch
(``junheng.store.batches.upsert_batch``) in the caller's transaction; any batch can be undone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School
from junheng.store.batches import BatchResult, model_for, upsert_batch
from junheng.store.protect import IdProtector
from junheng.teachers.readers.workbook import (
    Workbooks,
    check_references,
    read_cntmis,
    read_posts,
    read_teachers,
    read_training,
)
from junheng.teachers.store.models import TeacherPerson

KINDS: dict[str, str] = {"profile": "教师档案（教师、职称、骨干名师、师德考核、其他经历）", "posts": "任职经历（任职、调动、交流轮岗）",
                         "training": "培训学时（模板或培训平台导出）", "cntmis": "全国教师管理信息系统导出的教职工基本信息"}
READERS = {"profile": read_teachers, "posts": read_posts, "training": read_training, "cntmis": read_cntmis}
KEYS: dict[str, tuple[str, ...]] = {
    "teachers_person": ("teacher_id",), "teachers_title": ("teacher_id", "title"),
    "teachers_recognition": ("teacher_id", "kind", "level", "start"), "teachers_ethics": ("teacher_id", "year"),
    "teachers_record": ("teacher_id", "kind", "name", "start"), "teachers_post": ("teacher_id", "school_id", "start"),
    "teachers_training": ("teacher_id", "course", "date"),
}
ORDER = ("teachers_person", "teachers_post", "teachers_title", "teachers_recognition", "teachers_ethics",
         "teachers_record", "teachers_training")


def validate(session: Session, kind: str, path: Path, label: str) -> Workbooks:
    """Read and check the file against the database (teachers known, schools in the registry); raise
    ``ImportFailed`` with every problem."""
    if kind not in READERS:
        raise ImportFailed([Problem(label, "", None, "", f"未知的导入类型「{kind}」")])
    problems: list[Problem] = []
    wb = READERS[kind](path, problems, label=label)
    if not problems:
        known = set(session.scalars(select(TeacherPerson.teacher_id)))
        schools = set(session.scalars(select(School.school_id)))
        check_references(wb, known, {t: label for t in ORDER}, problems, schools)
    if problems:
        raise ImportFailed(problems)
    return wb


def _rows(table: str, rows: list[dict], protector: IdProtector) -> list[dict]:
    columns = {c.key for c in model_for(table).__table__.columns} - {"id"}
    out = []
    for r in rows:
        r = dict(r)
        if table == "teachers_person":
            number = r.pop("id_number", None)
            r.update(protector.protect(number) if number else
                     {"id_number_enc": None, "id_number_hash": None, "id_number_masked": None})
        out.append({k: v for k, v in r.items() if k in columns})
    return out


def import_file(session: Session, kind: str, path: Path, username: str, protector: IdProtector,
                label: str | None = None) -> BatchResult:
    """Validate and write one file as one batch (kind ``teachers:<kind>``)."""
    label = label or Path(path).name
    wb = validate(session, kind, path, label)
    tables = [(t, KEYS[t], _rows(t, wb.rows[t], protector)) for t in ORDER if wb.rows.get(t)]
    return upsert_batch(session, f"teachers:{kind}", label, username, tables,
                        not_compared={"teachers_person": {"id_number_enc"}})
