"""Reading the stored histories into the core's frames, the registry's enrolment, and the pages' lists."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.registry.core.codes import section_of_grade
from junheng.registry.store.models import School, SchoolClass, Student
from junheng.teachers.core.history import COLUMNS, History, history
from junheng.teachers.store.models import (
    TeacherEthics,
    TeacherPerson,
    TeacherPost,
    TeacherRecognition,
    TeacherRecord,
    TeacherTitle,
    TeacherTraining,
)

MODELS = {"teachers": TeacherPerson, "posts": TeacherPost, "titles": TeacherTitle, "recognitions": TeacherRecognition,
          "training": TeacherTraining, "ethics": TeacherEthics}


def _frame(session: Session, model, columns) -> pd.DataFrame:
    """A whole table's columns as a frame, read through the driver's cursor (SQLAlchemy's row objects cost
    ~10 µs each, a county's 60,000 training rows half a second)."""
    names = [c for c in columns if hasattr(model, c)]
    conn = session.connection()
    quote = conn.dialect.identifier_preparer.quote
    sql = f"SELECT {', '.join(quote(c) for c in names)} FROM {quote(model.__tablename__)}"
    cursor = conn.exec_driver_sql(sql).cursor
    return pd.DataFrame.from_records(cursor.fetchall(), columns=names, coerce_float=False)


def schools_frame(session: Session) -> pd.DataFrame:
    return _frame(session, School, COLUMNS["schools"])


def load_history(session: Session) -> History:
    """The county's whole history (scoping is applied to results: a teacher's figures depend on their own
    history only, so computing county-wide and filtering is exact)."""
    frames = {name: _frame(session, model, COLUMNS[name]) for name, model in MODELS.items()}
    frames["ethics"]["veto"] = frames["ethics"]["veto"].eq("是")
    return history(frames["teachers"], frames["posts"], frames["titles"], frames["recognitions"],
                   frames["training"], frames["ethics"], schools_frame(session))


def has_records(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(TeacherPost)) > 0


def enrolment(session: Session) -> pd.DataFrame:
    """Students 在读 and classes per school section, from the registry."""
    st = session.execute(select(Student.school_id, Student.grade, func.count()).where(Student.status == "在读")
                         .group_by(Student.school_id, Student.grade)).all()
    s = pd.DataFrame(st, columns=["school_id", "grade", "students"])
    s["section"] = s["grade"].map(section_of_grade)
    s = s.groupby(["school_id", "section"], as_index=False)["students"].sum()
    cl = session.execute(select(SchoolClass.school_id, SchoolClass.section, func.count())
                         .group_by(SchoolClass.school_id, SchoolClass.section)).all()
    c = pd.DataFrame(cl, columns=["school_id", "section", "classes"])
    out = s.merge(c, on=["school_id", "section"], how="outer")
    out[["students", "classes"]] = out[["students", "classes"]].fillna(0).astype(int)
    return out


def visible_school_ids(session: Session, scope: Scope) -> set[str] | None:
    """None: the whole county; else the schools this user may see."""
    if scope.county_wide:
        return None
    if scope.role == "school_clerk":
        return {scope.school_id} if scope.school_id else set()
    return set(session.scalars(select(School.school_id).where(School.township_code == scope.township_code)))


def school_options(session: Session, visible: set[str] | None) -> list[tuple[str, str]]:
    rows = session.execute(select(School.school_id, School.name).order_by(School.school_id)).all()
    return [(i, n) for i, n in rows if visible is None or i in visible]


def person(session: Session, teacher_id: str) -> TeacherPerson | None:
    return session.get(TeacherPerson, teacher_id)


def timeline(session: Session, teacher_id: str) -> list[dict]:
    """Every dated record of one teacher, oldest first: posts and moves, titles, recognitions, 师德, training,
    awards, studio membership, mentoring."""
    names = dict(session.execute(select(School.school_id, School.name)).all())
    out: list[dict] = []
    for p in session.scalars(select(TeacherPost).where(TeacherPost.teacher_id == teacher_id)):
        move = p.kind != "任教"
        frm = f"（自 {names.get(p.from_school_id, p.from_school_id)}）" if p.from_school_id else ""
        out.append({"date": p.start, "end": p.end, "kind": p.kind if move else "任职", "move": move,
                    "text": f"{names.get(p.school_id, p.school_id)}{frm} {p.section}{p.subject}"
                            + (f"，{p.direction}" if p.direction else "")})
    for t in session.scalars(select(TeacherTitle).where(TeacherTitle.teacher_id == teacher_id)):
        out.append({"date": t.date, "end": None, "kind": "职称", "move": False, "text": f"取得{t.title}教师职称"})
    for r in session.scalars(select(TeacherRecognition).where(TeacherRecognition.teacher_id == teacher_id)):
        out.append({"date": r.start, "end": r.end, "kind": "认定", "move": False, "text": f"{r.level}{r.kind}"})
    for e in session.scalars(select(TeacherEthics).where(TeacherEthics.teacher_id == teacher_id)):
        veto = "，一票否决" if e.veto == "是" else ""
        out.append({"date": f"{e.year}-12-31", "end": None, "kind": "师德考核", "move": False, "veto": e.veto == "是",
                    "text": f"{e.year} 年度师德考核：{e.result}{veto}" + (f"（{e.note}）" if e.note else "")})
    for r in session.scalars(select(TeacherRecord).where(TeacherRecord.teacher_id == teacher_id)):
        partner = f"，对方工号 {r.partner_id}" if r.partner_id else ""
        out.append({"date": r.start, "end": r.end, "kind": r.kind, "move": False,
                    "text": f"{r.level or ''}{r.name}{partner}"})
    for t in session.scalars(select(TeacherTraining).where(TeacherTraining.teacher_id == teacher_id)):
        out.append({"date": t.date, "end": None, "kind": "培训", "move": False,
                    "text": f"{t.level}「{t.course}」{t.hours:g} 学时"})
    return sorted(out, key=lambda x: (x["date"], x["kind"]))


def latest_record(session: Session) -> str | None:
    """The latest date in the histories (posts' starts, training, titles, recognitions; planned ends of
    posts do not count: they say nothing about which years have been recorded)."""
    candidates = [session.scalar(select(func.max(col))) for col in (
        TeacherPost.start, TeacherTraining.date, TeacherTitle.date, TeacherRecognition.start)]
    found = [c for c in candidates if c]
    return max(found) if found else None


def settings(session: Session):
    """The county's teacher settings: the newest saved values over the defaults of ``core/rules.yaml``."""
    from junheng.teachers.core.settings import TeacherSettings
    from junheng.teachers.store.models import TeacherSettingsRecord

    row = session.scalars(select(TeacherSettingsRecord).order_by(TeacherSettingsRecord.id.desc())).first()
    return TeacherSettings(**row.values) if row is not None else TeacherSettings()


def county_label(session: Session) -> str:
    from junheng.registry.store.models import County

    c = session.scalars(select(County).order_by(County.county_code)).first()
    return c.name if c else "本县"
