"""Writing small teacher workbooks for tests (the real templates' headers, rows as dicts by column key)."""

from __future__ import annotations

from pathlib import Path

from junheng.teachers.core.schema import POSTS, TEACHER_SHEETS, TRAINING


def write(path: Path, sheets) -> Path:
    """``sheets``: [(spec, [row dict by key])] (or a dict); headers are the spec's."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for spec, rows in (sheets.items() if isinstance(sheets, dict) else sheets):
        ws = wb.create_sheet(spec.name)
        ws.append([c.header for c in spec.columns])
        for r in rows:
            ws.append([r.get(c.key) for c in spec.columns])
    wb.save(path)
    return path


def person(tid, name=None, gender="男", birth=1980, full_time="是", education="本科", certificate="是", id_number=None):
    return {"teacher_id": tid, "name": name or f"教师{tid}", "gender": gender, "birth_year": birth,
            "id_number": id_number, "full_time": full_time, "education": education, "certificate": certificate}


def post(tid, school, start, end=None, kind="任教", section="小学", subject="语文", from_school=None):
    return {"teacher_id": tid, "school_id": school, "section": section, "subject": subject, "kind": kind,
            "start": start, "end": end, "from_school_id": from_school}


def quota_files(tmp: Path) -> tuple[Path, Path]:
    """S1: 10 eligible, T0 (county backbone) exchanged to S2 in 2024; S2: 4 eligible, none exchanged."""
    teachers = [person(f"T{i}") for i in range(10)] + [person(f"U{i}") for i in range(4)]
    posts = [post(f"T{i}", "S1", "2010-09-01", "2024-08-19" if i == 0 else None) for i in range(10)]
    posts += [post("T0", "S2", "2024-08-20", kind="交流轮岗"), *[post(f"U{i}", "S2", "2012-09-01") for i in range(4)]]
    recog = [{"teacher_id": "T0", "kind": "骨干教师", "level": "县级", "start": "2022-09-01", "end": None}]
    specs = dict(zip((s.name for s in TEACHER_SHEETS), TEACHER_SHEETS))
    t = write(tmp / "教师档案.xlsx", [(specs["教师"], teachers), (specs["骨干名师"], recog)])
    p = write(tmp / "任职经历.xlsx", [(POSTS, posts)])
    return t, p


def training_file(tmp: Path, rows: list[dict]) -> Path:
    return write(tmp / "培训学时.xlsx", [(TRAINING, rows)])
