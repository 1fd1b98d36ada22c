"""Teachers' dated histories (append-only: imports add or correct dated rows, never delete history), training
attendance, and confirmed exchange proposals. Dates are ISO text (YYYY-MM-DD), as the registry stores them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class TeacherPerson(Base):
    """A teacher, keyed on 教师工号; the ID number is stored encrypted with a keyed hash and a mask."""

    __tablename__ = "teachers_person"
    teacher_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_year: Mapped[int] = mapped_column(Integer)
    id_number_enc: Mapped[str | None] = mapped_column(String(255), nullable=True)
    id_number_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    id_number_masked: Mapped[str | None] = mapped_column(String(24), nullable=True)
    full_time: Mapped[str] = mapped_column(String(2))
    education: Mapped[str] = mapped_column(String(16))
    certificate: Mapped[str] = mapped_column(String(2))


class TeacherPost(Base):
    """One post (任职): school, section, subject, from–to; a move (调动, 交流轮岗, 支教, …) is the post it starts."""

    __tablename__ = "teachers_post"
    __table_args__ = (UniqueConstraint("teacher_id", "school_id", "start", name="uq_teachers_post_start"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    section: Mapped[str] = mapped_column(String(4))
    subject: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(12))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10), nullable=True)
    from_school_id: Mapped[str | None] = mapped_column(String(10), nullable=True)
    direction: Mapped[str | None] = mapped_column(String(12), nullable=True)


class TeacherTitle(Base):
    __tablename__ = "teachers_title"
    __table_args__ = (UniqueConstraint("teacher_id", "title", name="uq_teachers_title_title"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(8))
    date: Mapped[str] = mapped_column(String(10))


class TeacherRecognition(Base):
    """骨干教师, 学科带头人, 名师 … with level and validity."""

    __tablename__ = "teachers_recognition"
    __table_args__ = (UniqueConstraint("teacher_id", "kind", "level", "start", name="uq_teachers_recognition_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(4))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10), nullable=True)


class TeacherEthics(Base):
    """Annual 师德 assessment; ``veto`` = 一票否决 (the teacher is barred from titles, awards and recognitions)."""

    __tablename__ = "teachers_ethics"
    __table_args__ = (UniqueConstraint("teacher_id", "year", name="uq_teachers_ethics_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(8))
    veto: Mapped[str] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(String(255), nullable=True)


class TeacherRecord(Base):
    """Other dated records: 获奖, 名师工作室 membership, 师徒结对 (with the partner), 学历, 教师资格证."""

    __tablename__ = "teachers_record"
    __table_args__ = (UniqueConstraint("teacher_id", "kind", "name", "start", name="uq_teachers_record_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str | None] = mapped_column(String(4), nullable=True)
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10), nullable=True)
    partner_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class TeacherTraining(Base):
    """One attendance: a course (level, hours, date) a teacher completed."""

    __tablename__ = "teachers_training"
    __table_args__ = (UniqueConstraint("teacher_id", "course", "date", name="uq_teachers_training_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    teacher_id: Mapped[str] = mapped_column(String(32), index=True)
    course: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(4))
    hours: Mapped[float] = mapped_column(Float)
    date: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str | None] = mapped_column(String(128), nullable=True)


class ExchangeProposal(Base):
    """A list of named teachers for the year's exchange, from a plan's transfers; confirmed by a person."""

    __tablename__ = "teachers_proposal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8))
    transfers: Mapped[list] = mapped_column(JSON)
    items: Mapped[list] = mapped_column(JSON)
    notes: Mapped[list] = mapped_column(JSON)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class TeacherSettingsRecord(Base):
    """The county's teacher settings as saved on the settings page (only the values that differ from the
    defaults of ``core/rules.yaml``); the newest row is in force, older rows are the history."""

    __tablename__ = "teachers_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    values: Mapped[dict] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
