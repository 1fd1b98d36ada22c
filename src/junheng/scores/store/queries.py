"""Read side of stored exams (database edge): the exam list, and an exam loaded into the pure core's
``ExamAnalysis`` — cached per process, since a county exam (5,000–10,000 students) is read by many pages.

The cache key holds the database, the exam id and its import time, so an undone and re-imported exam is never
served stale. Students are linked across exams by their 学籍号 when the import matched them to the registry,
else by the identifier of the file (``person``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.registry.store.models import School
from junheng.scores.core.analyze import ExamAnalysis, analyze_exam
from junheng.scores.core.model import TOTAL, AnalysisConfig, Cutoffs, Exam
from junheng.scores.store.models import ClassTeacher, ExamRecord
from junheng.scores.store.tables import read_scores, read_students

CACHE_SIZE = 8
_cache: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


@dataclass
class ExamInfo:
    """An exam row, detached from its session."""

    id: int
    name: str
    date: str
    grade: int | None
    subjects: dict[str, float]
    settings: dict
    items: dict
    file_name: str
    n_students: int
    n_matched: int
    batch_id: int | None
    created_at: str

    @classmethod
    def of(cls, r: ExamRecord) -> ExamInfo:
        return cls(r.id, r.name, r.date, r.grade, {s: float(m) for s, m in r.subjects}, dict(r.settings or {}),
                   dict(r.items or {}), r.file_name, r.n_students, r.n_matched, r.batch_id,
                   r.created_at.isoformat() if r.created_at else "")  # fmt: skip

    @property
    def subject_names(self) -> list[str]:
        return list(self.subjects)

    @property
    def all_subjects(self) -> list[str]:
        return [*self.subjects, TOTAL]

    @property
    def grade_label(self) -> str:
        from junheng.registry.core.codes import grade_label

        return grade_label(self.grade) if self.grade else ""

    def config(self) -> AnalysisConfig:
        s = self.settings
        return AnalysisConfig(Cutoffs(s.get("excellent", 0.85), s.get("passing", 0.60), s.get("low", 0.40)),
                              float(s.get("band_width", 10.0)))  # fmt: skip

    def core_exam(self) -> Exam:
        return Exam(self.name, self.subjects, date=self.date, grade=self.grade, exam_id=str(self.id))


@dataclass
class LoadedExam:
    """An exam as the pages need it: info, the student list, the wide frame and the analysis."""

    info: ExamInfo
    students: pd.DataFrame  # seq, student_key, registry_id, name, school_id, class_name, source_row, school, person
    frame: pd.DataFrame  # the canonical wide table: student_id (= person), name, school, class, subjects…
    analysis: ExamAnalysis
    school_ids: dict[str, str] = field(default_factory=dict)  # school name → 学校标识码

    @property
    def school_names(self) -> dict[str, str]:
        return {v: k for k, v in self.school_ids.items()}

    def with_total(self) -> pd.DataFrame:
        """The wide frame plus 总分 (only for students who sat every subject)."""
        subjects = self.info.subject_names
        total = self.frame[subjects].sum(axis=1, min_count=len(subjects))
        return self.frame.assign(**{TOTAL: total.where(self.frame[subjects].notna().all(axis=1))})


def list_exams(session: Session) -> list[ExamInfo]:
    """Every exam, newest first."""
    rows = session.scalars(select(ExamRecord).order_by(ExamRecord.date.desc(), ExamRecord.id.desc()))
    return [ExamInfo.of(r) for r in rows]


def get_exam(session: Session, exam_id: int) -> ExamInfo | None:
    record = session.get(ExamRecord, exam_id)
    return ExamInfo.of(record) if record is not None else None


def school_year(date: str) -> str:
    """'2024-11-13' → '2024-2025'; a school year starts in August."""
    year, month = int(date[:4]), int(date[5:7])
    start = year if month >= 8 else year - 1
    return f"{start}-{start + 1}"


def _cache_get(key: tuple):
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return None


def _cache_put(key: tuple, value: object) -> None:
    with _lock:
        _cache[key] = value
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE * 4:
            _cache.popitem(last=False)


def cache_key(session: Session, info: ExamInfo, *extra: object) -> tuple:
    return (str(session.get_bind().url), info.id, info.created_at, *extra)


def cached(session: Session, info: ExamInfo, name: str, build, *extra: object):
    """A value derived from an exam (value-added, growth …), computed once per process."""
    key = cache_key(session, info, name, *extra)
    value = _cache_get(key)
    if value is None:
        value = build()
        _cache_put(key, value)
    return value


def load_exam(session: Session, info: ExamInfo) -> LoadedExam:
    """The exam with its analysis (cached)."""
    return cached(session, info, "exam", lambda: _load(session, info))


def _load(session: Session, info: ExamInfo) -> LoadedExam:
    students = read_students(session, info.id)
    names = dict(session.execute(select(School.school_id, School.name)).all())
    students["school"] = students["school_id"].map(names).fillna(students["school_id"])
    registry = students["registry_id"].astype(object)
    students["person"] = registry.where(registry.notna() & (registry != ""), students["student_key"]).astype(str)
    subjects = info.subject_names
    matrix = read_scores(session, info.id, subjects, len(students))
    frame = pd.DataFrame({"student_id": students["person"], "name": students["name"], "school": students["school"],
                          "class": students["class_name"]})  # fmt: skip
    for k, subject in enumerate(subjects):
        frame[subject] = matrix[:, k]
    teachers = _teachers(session, info, names)
    analysis = analyze_exam(frame, info.core_exam(), info.config(), teachers=teachers)
    school_ids = dict(zip(students["school"], students["school_id"], strict=True))
    return LoadedExam(info, students, frame, analysis, school_ids)


def _teachers(session: Session, info: ExamInfo, names: dict[str, str]) -> pd.DataFrame | None:
    rows = session.execute(select(ClassTeacher.school_id, ClassTeacher.class_name, ClassTeacher.subject,
                                  ClassTeacher.teacher).where(ClassTeacher.school_year == school_year(info.date))).all()
    if not rows:
        return None
    table = pd.DataFrame(rows, columns=["school_id", "class", "subject", "teacher"])
    table["school"] = table["school_id"].map(names).fillna(table["school_id"])
    return table[["school", "class", "subject", "teacher"]]


def earlier_exams(session: Session, info: ExamInfo) -> list[ExamInfo]:
    """Exams before this one (newest first) that can serve as its prior: same grade or the grade below."""
    out = []
    for other in list_exams(session):
        if (other.date, other.id) >= (info.date, info.id):
            continue
        if info.grade is None or other.grade is None or other.grade in (info.grade, info.grade - 1):
            out.append(other)
    return out


def default_prior(session: Session, info: ExamInfo) -> ExamInfo | None:
    earlier = earlier_exams(session, info)
    return earlier[0] if earlier else None


def overlap(current: LoadedExam, prior: LoadedExam) -> int:
    """Students of the current exam found in the prior one."""
    return int(np.isin(current.students["person"].to_numpy(), prior.students["person"].to_numpy()).sum())
