"""Read-side queries of the registry for pages and reports (database edge)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.registry.core.codes import EDUCATION_LEVELS, grade_label, sections_for_kind
from junheng.registry.store.models import County, School, SchoolClass, Student, Teacher, Township
from junheng.store.memo import Memo


@dataclass
class SchoolRow:
    school_id: str
    name: str
    kind: str
    location: str
    ownership: str
    township: str
    students: int
    teachers: int
    classes: int


def township_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Township.township_code, Township.name)).all())


def county_name(session: Session) -> str:
    names = list(session.scalars(select(County.name)))
    return "、".join(names) if names else "（尚未导入县区）"


def list_schools(session: Session, scope: Scope, township: str = "", kind: str = "", location: str = "",
                 q: str = "") -> list[SchoolRow]:
    stmt = select(School).order_by(School.township_code, School.school_id)
    if township:
        stmt = stmt.where(School.township_code == township)
    if kind:
        stmt = stmt.where(School.kind == kind)
    if location:
        stmt = stmt.where(School.location == location)
    if q:
        stmt = stmt.where(School.name.contains(q))
    if scope.role == "school_clerk":
        stmt = stmt.where(School.school_id == scope.school_id)
    elif scope.role == "township_official":
        stmt = stmt.where(School.township_code == scope.township_code)
    schools = list(session.scalars(stmt))
    ids = [s.school_id for s in schools]
    students = _counts(session, Student.school_id, ids, Student.status == "在读")
    teachers = _counts(session, Teacher.school_id, ids)
    classes = _counts(session, SchoolClass.school_id, ids)
    towns = township_names(session)
    return [SchoolRow(s.school_id, s.name, s.kind, s.location, s.ownership, towns.get(s.township_code, ""),
                      students.get(s.school_id, 0), teachers.get(s.school_id, 0), classes.get(s.school_id, 0))
            for s in schools]


def _counts(session: Session, column, ids: list[str], *where) -> dict[str, int]:
    if not ids:
        return {}
    stmt = select(column, func.count()).where(column.in_(ids), *where).group_by(column)
    return dict(session.execute(stmt).all())


@dataclass
class SchoolDetail:
    school: School
    township: str
    sections: tuple[str, ...]
    enrolment_by_grade: list[tuple[str, int]]
    classes: list[tuple[str, str, int]]          # (class name, grade label, students)
    teachers_by_education: list[tuple[str, int]]
    teachers_by_subject: list[tuple[str, int]]
    flags: dict[str, int] = field(default_factory=dict)
    students: int = 0
    teachers: int = 0
    max_class_size: int = 0


def school_detail(session: Session, school_id: str) -> SchoolDetail | None:
    school = session.get(School, school_id)
    if school is None:
        return None
    enrolled = (Student.school_id == school_id, Student.status == "在读")
    by_grade = session.execute(select(Student.grade, func.count()).where(*enrolled).group_by(Student.grade)
                               .order_by(Student.grade)).all()
    by_class = dict(session.execute(select(Student.class_name, func.count()).where(*enrolled)
                                    .group_by(Student.class_name)).all())
    classes = list(session.scalars(select(SchoolClass).where(SchoolClass.school_id == school_id)
                                   .order_by(SchoolClass.grade, SchoolClass.class_name)))
    teachers = list(session.scalars(select(Teacher).where(Teacher.school_id == school_id)))
    edu = Counter(t.education for t in teachers)
    subj = Counter(t.subject for t in teachers)
    flag_rows = session.execute(select(Student.left_behind, Student.migrant, Student.disability, Student.low_income)
                                .where(*enrolled)).all()
    flags = {
        "留守儿童": sum(1 for r in flag_rows if r[0] != "非留守儿童"),
        "随迁子女": sum(1 for r in flag_rows if r[1] == "是"),
        "残疾学生": sum(1 for r in flag_rows if r[2]),
        "建档立卡/低保": sum(1 for r in flag_rows if r[3] == "是"),
    }
    class_rows = [(c.class_name, grade_label(c.grade), by_class.get(c.class_name, 0)) for c in classes]
    return SchoolDetail(
        school=school, township=township_names(session).get(school.township_code, ""),
        sections=sections_for_kind(school.kind),
        enrolment_by_grade=[(grade_label(g), n) for g, n in by_grade],
        classes=class_rows,
        teachers_by_education=[(e, edu[e]) for e in EDUCATION_LEVELS if edu[e]],
        teachers_by_subject=subj.most_common(),
        flags=flags, students=sum(n for _, n in by_grade), teachers=len(teachers),
        max_class_size=max((n for *_, n in class_rows), default=0),
    )


_OVERVIEW = Memo(reads=("registry",), size=64)


def county_overview(session: Session, scope: Scope) -> dict[str, int]:
    """Schools, students, teachers, classes and townships in the scope (every home page shows them)."""
    return dict(_OVERVIEW.get(session, scope, lambda: _overview(session, scope)))


def _overview(session: Session, scope: Scope) -> dict[str, int]:
    rows = list_schools(session, scope)
    return {"schools": len(rows), "students": sum(r.students for r in rows),
            "teachers": sum(r.teachers for r in rows), "classes": sum(r.classes for r in rows),
            "townships": len({r.township for r in rows})}
