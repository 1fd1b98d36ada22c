"""Exam analytics tables (DESIGN §3: Exam, Score): an exam, its students, their scores per subject and item
scores, and the class–teacher–subject table.

An exam and everything under it is written by one import batch (``junheng.scores.store.service``): the batch logs one
change, the exam row, and the students, scores and items go with it (ON DELETE CASCADE), so undoing the batch
from /admin/imports removes the whole exam. Scores are one row per student and subject; an absent student has
a row with ``score`` NULL — absent is never 0. Students are numbered ``seq`` 0…n−1 within their exam so that
200,000 rows are written in bulk (executemany / COPY) without ids coming back from the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class ExamRecord(Base):
    """An exam: name, date (ISO text), grade, subjects with full marks (ordered list of [subject, full_marks]),
    analysis settings (cut-offs, band width) and, when item scores were imported, the items of each subject."""

    __tablename__ = "scores_exam"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    date: Mapped[str] = mapped_column(String(10), index=True)
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    subjects: Mapped[list] = mapped_column(JSON)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    items: Mapped[dict] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(255))
    n_students: Mapped[int] = mapped_column(Integer, default=0)
    n_matched: Mapped[int] = mapped_column(Integer, default=0)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), nullable=True, index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ExamStudent(Base):
    """A student as listed in an exam file: the file's identifier, the registry's 学籍号 when matched, the
    school (registry id) and class as the file gives them."""

    __tablename__ = "scores_student"
    __table_args__ = (
        UniqueConstraint("exam_id", "student_key", name="uq_scores_student_key"),
        Index("ix_scores_student_exam_school", "exam_id", "school_id"),
        {"sqlite_with_rowid": False},  # rows stored in key order (migration scores_0002)
    )
    exam_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    student_key: Mapped[str] = mapped_column(String(40))
    registry_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(64))
    school_id: Mapped[str] = mapped_column(String(10))
    class_name: Mapped[str] = mapped_column(String(32))
    source_row: Mapped[int] = mapped_column(Integer)


class ExamScore(Base):
    """One student's score in one subject; NULL = absent (缺考)."""

    __tablename__ = "scores_score"
    __table_args__ = ({"sqlite_with_rowid": False},)  # rows stored in key order (migration scores_0002)
    exam_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    subject: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)


class ExamItemScore(Base):
    """One student's score on one item (小题), or the option chosen in a multiple-choice item."""

    __tablename__ = "scores_item"
    __table_args__ = ({"sqlite_with_rowid": False},)  # rows stored in key order (migration scores_0002)
    exam_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    subject: Mapped[str] = mapped_column(String(32), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    choice: Mapped[str | None] = mapped_column(String(16), nullable=True)


class ClassTeacher(Base):
    """Who teaches a subject in a class in a school year (e.g. "2024-2025"); feeds teacher-level statistics."""

    __tablename__ = "scores_class_teacher"
    __table_args__ = (
        UniqueConstraint("school_year", "school_id", "class_name", "subject", name="uq_scores_class_teacher"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    school_id: Mapped[str] = mapped_column(String(10))
    class_name: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(32))
    teacher: Mapped[str] = mapped_column(String(64))
    teacher_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
