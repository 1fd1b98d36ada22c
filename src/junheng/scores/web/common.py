"""Shared pieces of the exam pages: role dependencies, looking up an exam and a school in the viewer's scope,
the exam's tab bar."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from junheng.scores.core.model import TOTAL
from junheng.scores.store.access import READ_ROLES, WRITE_ROLES, sees_other_schools, sees_school
from junheng.scores.store.queries import ExamInfo, LoadedExam, get_exam, load_exam
from junheng.web.deps import Forbidden, NotFound, require_roles

Reader = require_roles(*READ_ROLES)
Writer = require_roles(*WRITE_ROLES)

TABS = (
    ("", "概览"), ("value-added", "增值评价"), ("growth", "增长百分位"), ("tracking", "尖子生与学困生"),
    ("critical", "临界生"), ("items", "小题分析"), ("reports", "报告与导出"),
)  # fmt: skip


@dataclass
class ExamHeader:
    """What every exam page shows on top: the exam and its tabs."""

    info: ExamInfo
    tab: str
    tabs: tuple = TABS

    @property
    def base(self) -> str:
        return f"/scores/exams/{self.info.id}"


def exam_info(session: Session, exam_id: int) -> ExamInfo:
    info = get_exam(session, exam_id)
    if info is None:
        raise NotFound(f"没有编号为 {exam_id} 的考试")
    return info


def loaded_exam(session: Session, exam_id: int) -> LoadedExam:
    return load_exam(session, exam_info(session, exam_id))


def school_in_scope(loaded: LoadedExam, user, school_id: str) -> str:
    """The school's name; 404 when it has no students in the exam, 403 when out of the user's scope."""
    if not sees_school(user, school_id):
        raise Forbidden("学校用户只能查看本校的成绩")
    name = loaded.school_names.get(school_id)
    if name is None:
        raise NotFound(f"本次考试没有学校 {school_id} 的学生")
    return name


def visible_schools(loaded: LoadedExam, user, settings) -> list[str] | None:
    """Names of the schools whose students the user may list (None = all)."""
    if user.role == "school_clerk":
        name = loaded.school_names.get(user.school_id or "")
        return [name] if name else []
    return None


def named(user, settings) -> bool:
    return sees_other_schools(user, settings)


def subject_or_total(info: ExamInfo, subject: str | None) -> str:
    if not subject:
        return TOTAL
    if subject not in info.all_subjects:
        raise NotFound(f"本次考试没有科目“{subject}”")
    return subject
