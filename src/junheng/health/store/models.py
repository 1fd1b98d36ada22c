"""学生健康 tables (all prefixed ``health_``).

- ``health_fitness``: one student's 体质健康测试 results of a school year, with the scores computed at import
  (``score_*`` JSON, 标准分, 附加分, 学年总分, 等级) so that pages read them without rescoring;
- ``health_vision``: one term's vision screening of a student (5-point acuity per eye, optional refraction);
- ``health_psych_result``: a scale total of a psychological screening and its risk level (individual data:
  only roles with the health permission read it, every view is audited);
- ``health_psych_case``: the follow-up case a 高风险 result opens (responsible person, contacts, deadlines);
- ``health_school_psych``: counselling room and 心理 teachers of a school in a school year;
- ``health_aid``: one aid payment (资助) to a student in a term;
- ``health_left_behind`` and ``health_care_visit``: 留守儿童 care register and the visits made;
- ``health_special_ed``: the special-education placement register of a school year (残疾儿童少年).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base

ITEM_COLUMNS = ("height", "weight", "vital_capacity", "run50", "sit_reach", "rope", "situp", "shuttle50x8",
                "long_jump", "pullup", "run800", "run1000")


class FitnessResult(Base):
    __tablename__ = "health_fitness"
    __table_args__ = (UniqueConstraint("year", "student_id", name="uq_health_fitness_year_student"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(4), index=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(6))
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32), default="")
    nation: Mapped[str] = mapped_column(String(4), default="")
    birth_date: Mapped[str] = mapped_column(String(10), default="")
    height: Mapped[float | None] = mapped_column(Float, nullable=True)
    weight: Mapped[float | None] = mapped_column(Float, nullable=True)
    vital_capacity: Mapped[float | None] = mapped_column(Float, nullable=True)
    run50: Mapped[float | None] = mapped_column(Float, nullable=True)
    sit_reach: Mapped[float | None] = mapped_column(Float, nullable=True)
    rope: Mapped[float | None] = mapped_column(Float, nullable=True)
    situp: Mapped[float | None] = mapped_column(Float, nullable=True)
    shuttle50x8: Mapped[float | None] = mapped_column(Float, nullable=True)
    long_jump: Mapped[float | None] = mapped_column(Float, nullable=True)
    pullup: Mapped[float | None] = mapped_column(Float, nullable=True)
    run800: Mapped[float | None] = mapped_column(Float, nullable=True)
    run1000: Mapped[float | None] = mapped_column(Float, nullable=True)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    bmi: Mapped[float | None] = mapped_column(Float, nullable=True)
    bmi_band: Mapped[str] = mapped_column(String(8), default="")
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    standard: Mapped[float | None] = mapped_column(Float, nullable=True)
    extra: Mapped[float | None] = mapped_column(Float, nullable=True)
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    rating: Mapped[str | None] = mapped_column(String(8), nullable=True)


class VisionResult(Base):
    __tablename__ = "health_vision"
    __table_args__ = (UniqueConstraint("term", "student_id", name="uq_health_vision_term_student"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(6), index=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(6))
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32), default="")
    left: Mapped[float] = mapped_column(Float)
    right: Mapped[float] = mapped_column(Float)
    se_left: Mapped[float | None] = mapped_column(Float, nullable=True)
    se_right: Mapped[float | None] = mapped_column(Float, nullable=True)
    screened_on: Mapped[str] = mapped_column(String(10), default="")


class PsychResult(Base):
    __tablename__ = "health_psych_result"
    __table_args__ = (UniqueConstraint("student_id", "scale", "screened_on", name="uq_health_psych_result_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(4), index=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32), default="")
    scale: Mapped[str] = mapped_column(String(16))
    total: Mapped[float] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(8))
    screened_on: Mapped[str] = mapped_column(String(10))


class PsychCaseRow(Base):
    __tablename__ = "health_psych_case"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), unique=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    scale: Mapped[str] = mapped_column(String(16))
    total: Mapped[float] = mapped_column(Float)
    screened_on: Mapped[str] = mapped_column(String(10))
    opened_on: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(8))
    responsible_name: Mapped[str] = mapped_column(String(64), default="")
    responsible_unit: Mapped[str] = mapped_column(String(64), default="")
    responsible_phone: Mapped[str] = mapped_column(String(32), default="")
    contacts: Mapped[list] = mapped_column(JSON, default=list)
    referred_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    closed_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class SchoolPsych(Base):
    __tablename__ = "health_school_psych"
    __table_args__ = (UniqueConstraint("year", "school_id", name="uq_health_school_psych_year_school"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(4))
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    has_room: Mapped[bool] = mapped_column(Boolean, default=False)
    psych_teachers: Mapped[int] = mapped_column(Integer, default=0)
    part_time_teachers: Mapped[int] = mapped_column(Integer, default=0)


class Aid(Base):
    __tablename__ = "health_aid"
    __table_args__ = (UniqueConstraint("term", "student_id", "aid_type", name="uq_health_aid_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(6), index=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    aid_type: Mapped[str] = mapped_column(String(16))
    amount: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(8))


class LeftBehind(Base):
    __tablename__ = "health_left_behind"
    __table_args__ = (UniqueConstraint("year", "student_id", name="uq_health_left_behind_year_student"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(4))
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    guardian: Mapped[str] = mapped_column(String(64))
    guardian_relation: Mapped[str] = mapped_column(String(16), default="")
    guardian_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_teacher: Mapped[str] = mapped_column(String(64))


class CareVisit(Base):
    __tablename__ = "health_care_visit"
    __table_args__ = (UniqueConstraint("student_id", "visited_on", "visitor", name="uq_health_care_visit_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    visited_on: Mapped[str] = mapped_column(String(10))
    visitor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")


class SpecialEd(Base):
    __tablename__ = "health_special_ed"
    __table_args__ = (UniqueConstraint("year", "person_id", name="uq_health_special_ed_year_person"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(4), index=True)
    person_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    disability: Mapped[str] = mapped_column(String(8))
    placement: Mapped[str] = mapped_column(String(8))
    school_id: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    township_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
