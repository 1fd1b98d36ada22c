"""Value-added, growth percentiles, top/struggling tracking, critical students and item analysis pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from junheng.scores.core.model import TOTAL, ScoresInputError
from junheng.scores.core.value_added import EFFECT_MEANING
from junheng.scores.store import insights
from junheng.scores.store.access import log_ranked_list, sees_ranks
from junheng.scores.store.queries import ExamInfo, LoadedExam, earlier_exams, load_exam
from junheng.scores.web.common import (
    ExamHeader,
    Reader,
    exam_info,
    named,
    subject_or_total,
    visible_schools,
)  # fmt: skip
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, NotFound
from junheng.web.render import render

router = APIRouter(dependencies=[Reader])


def _priors(session: Session, info: ExamInfo, chosen: list[int]) -> tuple[list[ExamInfo], list[ExamInfo]]:
    """(candidates, chosen priors): by default the latest earlier exam of the cohort."""
    candidates = earlier_exams(session, info)
    by_id = {e.id: e for e in candidates}
    if any(i not in by_id for i in chosen):
        raise NotFound("所选前测考试不存在，或不早于本次考试")
    picked = [by_id[i] for i in chosen] if chosen else candidates[:1]
    return candidates, picked


@dataclass
class ValueAddedPage:
    title: str
    header: ExamHeader
    candidates: list[ExamInfo]
    priors: list[int]
    subjects: list[str]
    subject: str
    min_size: int
    meaning: str
    named: bool
    own_school: str | None
    error: str = ""
    schools: list[dict] = field(default_factory=list)
    insufficient: list[dict] = field(default_factory=list)
    classes: list[dict] = field(default_factory=list)
    chart: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


@router.get("/exams/{exam_id}/value-added")
def value_added_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser,
                     deployment: DeploymentDep, prior: Annotated[list[int] | None, Query()] = None, subject: str = "",
                     min_size: int = 10):  # fmt: skip
    info = exam_info(session, exam_id)
    candidates, priors = _priors(session, info, prior or [])
    own = user.school_id if user.role == "school_clerk" else None
    page = ValueAddedPage(f"增值评价 · {info.name}", ExamHeader(info, "value-added"), candidates,
                          [p.id for p in priors], [TOTAL], subject or TOTAL, max(min_size, 2), EFFECT_MEANING,
                          named(user, deployment.settings), own)  # fmt: skip
    if not priors:
        page.error = "增值评价需要本次考试之前、同一批学生参加过的考试（前测），目前没有。"
        return render(request, "scores/value_added.html", page)
    current = load_exam(session, info)
    linked = [load_exam(session, p) for p in priors]
    page.subjects = insights.common_subjects(current, linked)
    if page.subject not in page.subjects:
        raise NotFound(f"科目“{page.subject}”不是本次考试与前测共有的科目")
    try:
        result = insights.va_result(session, current, linked, page.subject, page.min_size)
    except ScoresInputError as exc:
        page.error = str(exc)
        return render(request, "scores/value_added.html", page)
    schools = result.schools.assign(school_id=result.schools["school"].map(current.school_ids))
    if not page.named:
        schools = schools[schools["school_id"] == own]
    columns = ["school", "school_id", "n", "effect", "se", "ci_low", "ci_high", "shrinkage", "status", "rank"]
    ranked = schools[schools["status"] == "有效"].sort_values("rank")
    page.schools = insights.rows(ranked, columns)
    page.insufficient = insights.rows(schools[schools["status"] != "有效"].sort_values("school"), columns)
    if result.classes is not None:
        classes = result.classes if page.named else result.classes[result.classes["school"].isin(schools["school"])]
        page.classes = insights.rows(classes.sort_values(["school", "effect"], ascending=[True, False]),
                                     ["school", "class", "n", "effect", "ci_low", "ci_high", "status"])  # fmt: skip
    page.chart = insights.caterpillar(result, current.school_ids, page.named, own)
    page.summary = {"n": result.n_students, "excluded": result.n_excluded, "variances": result.variances,
                    "fixed": insights.rows(result.fixed.assign(term=result.fixed["term"].str.replace(
                        r"^prior(\d+)_(.*)$", r"前测\1：\2", regex=True)), ["term", "estimate", "se"]),
                    "n_schools": len(result.schools),
                    "n_insufficient": int((result.schools["status"] != "有效").sum())}  # fmt: skip
    return render(request, "scores/value_added.html", page)


@dataclass
class GrowthPage:
    title: str
    header: ExamHeader
    candidates: list[ExamInfo]
    prior: int | None
    subjects: list[str]
    subject: str
    named: bool
    own_school: str | None
    school: str
    error: str = ""
    schools: list[dict] = field(default_factory=list)
    histogram: dict = field(default_factory=dict)
    students: list[dict] = field(default_factory=list)
    show_students: bool = False


@router.get("/exams/{exam_id}/growth")
def growth_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep,
                prior: int | None = None, subject: str = "", school: str = ""):  # fmt: skip
    info = exam_info(session, exam_id)
    candidates, priors = _priors(session, info, [prior] if prior else [])
    own = user.school_id if user.role == "school_clerk" else None
    school = own or school
    page = GrowthPage(f"增长百分位 · {info.name}", ExamHeader(info, "growth"), candidates,
                      priors[0].id if priors else None, [TOTAL], subject or TOTAL, named(user, deployment.settings),
                      own, school)  # fmt: skip
    if not priors:
        page.error = "学生增长百分位需要本次考试之前、同一批学生参加过的考试（前测），目前没有。"
        return render(request, "scores/growth.html", page)
    current, before = load_exam(session, info), load_exam(session, priors[0])
    page.subjects = insights.common_subjects(current, [before])
    if page.subject not in page.subjects:
        raise NotFound(f"科目“{page.subject}”不是两次考试共有的科目")
    try:
        students, schools = insights.growth_result(session, current, before, page.subject)
    except ScoresInputError as exc:
        page.error = str(exc)
        return render(request, "scores/growth.html", page)
    schools = schools.assign(school_id=schools["school"].map(current.school_ids)).sort_values("median_sgp",
                                                                                                ascending=False)
    if not page.named:
        schools = schools[schools["school_id"] == own]
    page.schools = insights.rows(schools, ["school", "school_id", "n", "median_sgp"])
    name = current.school_names.get(school) if school else None
    if school and name is None:
        raise NotFound(f"本次考试没有学校 {school} 的学生")
    counts = students["sgp"].value_counts().reindex(range(1, 100), fill_value=0)
    page.histogram = {"county": counts.groupby((counts.index - 1) // 10).sum().tolist(), "school": None,
                      "school_name": name}  # fmt: skip
    if name:
        mine = students[students["school"] == name]
        page.histogram["school"] = mine["sgp"].value_counts().reindex(range(1, 100), fill_value=0) \
            .groupby(lambda k: (k - 1) // 10).sum().tolist()
        if sees_ranks(user, deployment.settings, school):
            page.show_students = True
            names = current.frame.set_index("student_id")["name"]
            mine = mine.assign(name=mine["student_id"].map(names)).sort_values(["class", "sgp"], ascending=[True, False])
            page.students = insights.rows(mine, ["student_id", "name", "class", "current", "sgp"])
            log_ranked_list(session, user, f"{info.name} 增长百分位 {name}", exam_id=exam_id, school_id=school,
                            students=len(page.students))  # fmt: skip
    return render(request, "scores/growth.html", page)


@dataclass
class TrackingPage:
    title: str
    header: ExamHeader
    kind: str
    n: int
    fraction: int
    ranks: bool
    exams: list[str]
    label: str = ""
    counts: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    students: list[dict] = field(default_factory=list)
    error: str = ""


@router.get("/exams/{exam_id}/tracking")
def tracking_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep,
                  kind: str = "struggling", n: int = 20, fraction: int = 0):  # fmt: skip
    info = exam_info(session, exam_id)
    if kind not in ("top", "struggling"):
        raise NotFound("名单类型须为尖子生或学困生")
    earlier = [e for e in earlier_exams(session, info)][:3]
    history: list[LoadedExam] = [load_exam(session, e) for e in reversed(earlier)] + [load_exam(session, info)]
    current = history[-1]
    schools = visible_schools(current, user, deployment.settings)
    own = user.school_id if user.role == "school_clerk" else None
    ranks = sees_ranks(user, deployment.settings, own) if own else sees_ranks(user, deployment.settings)
    n, fraction = max(1, min(n, 500)), max(0, min(fraction, 50))
    page = TrackingPage(f"尖子生与学困生 · {info.name}", ExamHeader(info, "tracking"), kind, n, fraction, ranks,
                        [h.info.name for h in history])  # fmt: skip
    result = insights.tracking(history, kind, n, fraction / 100 if fraction else None, schools)
    page.label = result.label
    page.counts = insights.rows(result.counts, ["school", "now", "entered", "left"])
    page.changes = insights.rows(result.changes.sort_values(["school", "change"]), ["student_id", "name", "school", "change"])
    trends = result.trends.set_index("student_id")
    students = result.current.join(trends[["path", "t_change"]], on="student_id")
    columns = ["student_id", "name", "school", "class", "score", "reason", "path", "t_change"]
    if ranks:
        columns[5:5] = ["rank", "school_rank"]
        log_ranked_list(session, user, f"{info.name} {'尖子生' if kind == 'top' else '学困生'}名单", exam_id=exam_id,
                        kind=kind, students=len(students))  # fmt: skip
    page.students = insights.rows(students, columns)
    return render(request, "scores/tracking.html", page)


@dataclass
class CriticalPage:
    title: str
    header: ExamHeader
    subject: str
    cut: float
    places: int | None
    below: float
    above: float
    full_marks: float
    counts: list[dict]
    students: list[dict]


@router.get("/exams/{exam_id}/critical")
def critical_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep,
                  subject: str = "", cut: float | None = None, places: int | None = None, below: float | None = None,
                  above: float | None = None):  # fmt: skip
    info = exam_info(session, exam_id)
    loaded = load_exam(session, info)
    chosen = subject_or_total(info, subject)
    full = info.subjects.get(chosen, sum(info.subjects.values()))
    if places:
        from junheng.scores.core.critical import cut_from_rank

        cut = cut_from_rank(loaded.analysis, places, chosen)
    if cut is None:
        cut = round(info.config().cutoffs.passing * full, 2)
    width = round(0.05 * full)
    below = width if below is None else below
    above = width if above is None else above
    table, counts = insights.critical(loaded, chosen, cut, below, above,
                                      visible_schools(loaded, user, deployment.settings))  # fmt: skip
    return render(request, "scores/critical.html", CriticalPage(
        f"临界生 · {info.name}", ExamHeader(info, "critical"), chosen, cut, places, below, above, full,
        insights.rows(counts, ["school", "线上", "线下"]),
        insights.rows(table, ["name", "school", "class", "score", "gap", "side"]),
    ))  # fmt: skip


@dataclass
class ItemsPage:
    title: str
    header: ExamHeader
    subjects: list[str]
    subject: str
    alpha: float | None = None
    n: int = 0
    items: list[dict] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)
    error: str = ""


@router.get("/exams/{exam_id}/items")
def items_page(request: Request, exam_id: int, session: DbSession, user: CurrentUser, subject: str = ""):
    info = exam_info(session, exam_id)
    subjects = [s for s, v in info.items.items() if v.get("items")]
    page = ItemsPage(f"小题分析 · {info.name}", ExamHeader(info, "items"), subjects, subject or (subjects or [""])[0])
    if not subjects:
        page.error = "本次考试导入时没有小题分（如需小题分析，请导入阅卷系统的“得分明细”表）。"
        return render(request, "scores/items.html", page)
    if page.subject not in subjects:
        raise NotFound(f"科目“{page.subject}”没有小题分")
    try:
        result = insights.item_result(session, load_exam(session, info), page.subject)
    except ScoresInputError as exc:
        page.error = str(exc)
        return render(request, "scores/items.html", page)
    page.alpha = None if result.alpha != result.alpha else float(result.alpha)
    page.n = int(result.n_students)
    page.items = insights.rows(result.items, ["item", "full_marks", "mean", "difficulty", "point_biserial",
                                              "discrimination", "flag"])  # fmt: skip
    page.options = insights.rows(result.options, ["item", "option", "count", "rate", "key"])
    return render(request, "scores/items.html", page)
