"""Exam list, exam page (county summary, school comparison, bands, box plots, 综合指数), school page, class page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from junheng.scores.store.access import log_ranked_list, sees_ranks
from junheng.scores.web.common import (
    ExamHeader,
    Reader,
    loaded_exam,
    named,
    school_in_scope,
    subject_or_total,
)  # fmt: skip
from junheng.scores.web.views import (
    ClassView,
    ExamOverview,
    SchoolView,
    class_view,
    exam_overview,
    school_view,
)
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, NotFound
from junheng.web.render import render

router = APIRouter(dependencies=[Reader])


@dataclass
class ExamPage:
    title: str
    header: ExamHeader
    overview: ExamOverview
    named: bool
    own_school: str | None
    band_school: str | None
    cutoffs: dict


@router.get("/exams/{exam_id}")
def exam_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep,
              subject: str = "", school: str = ""):  # fmt: skip
    loaded = loaded_exam(session, exam_id)
    chosen = subject_or_total(loaded.info, subject)
    see_all = named(user, deployment.settings)
    own = user.school_id if user.role == "school_clerk" else None
    band_school = school if (school and (see_all or school == own) and school in loaded.school_names) else own
    overview = exam_overview(loaded, chosen, see_all, own, band_school)
    settings = loaded.info.settings
    return render(request, "scores/exam.html", ExamPage(
        loaded.info.name, ExamHeader(loaded.info, ""), overview, see_all, own, band_school,
        {k: settings.get(k) for k in ("excellent", "passing", "low", "band_width")},
    ))  # fmt: skip


@dataclass
class SchoolPage:
    title: str
    header: ExamHeader
    view: SchoolView
    named: bool


@router.get("/exams/{exam_id}/schools/{school_id}")
def school_page(request: Request, exam_id: int, school_id: str, session: DbSession, user: CurrentUser,
                deployment: DeploymentDep, subject: str = ""):  # fmt: skip
    loaded = loaded_exam(session, exam_id)
    school_in_scope(loaded, user, school_id)
    view = school_view(loaded, school_id, subject_or_total(loaded.info, subject))
    return render(request, "scores/school.html", SchoolPage(
        f"{view.school} · {loaded.info.name}", ExamHeader(loaded.info, ""), view, named(user, deployment.settings),
    ))  # fmt: skip


@dataclass
class ClassPage:
    title: str
    header: ExamHeader
    view: ClassView
    rank_policy: str


@router.get("/exams/{exam_id}/schools/{school_id}/classes/{class_name}")
def class_page(request: Request, exam_id: int, school_id: str, class_name: str, session: DbSession,
               user: CurrentUser, deployment: DeploymentDep):  # fmt: skip
    loaded = loaded_exam(session, exam_id)
    school_in_scope(loaded, user, school_id)
    ranks = sees_ranks(user, deployment.settings, school_id)
    view = class_view(loaded, school_id, class_name, ranks)
    if view is None:
        raise NotFound(f"本次考试没有班级“{class_name}”")
    if ranks:
        log_ranked_list(session, user, f"{loaded.info.name} {view.school} {class_name}",
                        exam_id=exam_id, school_id=school_id, class_name=class_name, students=len(view.students))  # fmt: skip
    policy = "" if ranks else "按排名公开规定，您的角色不显示学生名次；名单按学生编号排列。"
    return render(request, "scores/class.html", ClassPage(
        f"{view.school} {class_name} · {loaded.info.name}", ExamHeader(loaded.info, ""), view, policy,
    ))  # fmt: skip
