"""The shared nouns of DESIGN §3: county, township, school, class, teacher, student."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base


class County(Base):
    __tablename__ = "county"
    county_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))


class Township(Base):
    __tablename__ = "township"
    township_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    county_code: Mapped[str] = mapped_column(ForeignKey("county.county_code"))


class School(Base):
    __tablename__ = "school"
    school_id: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(8))
    ownership: Mapped[str] = mapped_column(String(8))
    boarding: Mapped[str] = mapped_column(String(2))
    township_code: Mapped[str] = mapped_column(ForeignKey("township.township_code"), index=True)
    central_school_id: Mapped[str | None] = mapped_column(String(10), nullable=True)


class SchoolClass(Base):
    __tablename__ = "school_class"
    __table_args__ = (UniqueConstraint("school_id", "class_name", name="uq_school_class_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    section: Mapped[str] = mapped_column(String(4))
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32))
    head_teacher_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Teacher(Base):
    __tablename__ = "teacher"
    teacher_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_year: Mapped[int] = mapped_column(Integer)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    section: Mapped[str] = mapped_column(String(4))
    full_time: Mapped[str] = mapped_column(String(2))
    education: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(8))
    backbone_level: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(16))
    certificate: Mapped[str] = mapped_column(String(2))
    training_hours_5y: Mapped[int] = mapped_column(Integer)
    last_exchange_year: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Student(Base):
    """A student; the ID number is stored encrypted (``id_number_enc``) with a keyed hash for matching."""

    __tablename__ = "student"
    student_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    id_number_enc: Mapped[str] = mapped_column(String(255))
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    id_number_masked: Mapped[str] = mapped_column(String(24))
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))
    left_behind: Mapped[str] = mapped_column(String(8))
    migrant: Mapped[str] = mapped_column(String(2))
    disability: Mapped[str | None] = mapped_column(String(8), nullable=True)
    low_income: Mapped[str] = mapped_column(String(2))
    township_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    village: Mapped[str | None] = mapped_column(String(64), nullable=True)
