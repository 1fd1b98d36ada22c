"""督导评价 pages: overview, rubric, rounds (results by category), a school's result with its arithmetic and
history. Visits, inspectors, interviews, surveys and disclosure are in ``visit_routes``; writes in ``actions``;
Word/Excel in ``exports`` — all included here, under one router whose dependencies every page passes.

Scope: bureau roles see everything; a school clerk sees only their school's approved results and visits; a
township official their township's; an inspector (责任督学) their assigned schools, also while a round is open."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from sqlalchemy import select

from junheng.accounts import WRITE_ROLES
from junheng.evaluation.core import RubricWarning, check_rubric
from junheng.evaluation.core.periods import term_label
from junheng.evaluation.core.rubric import Rubric
from junheng.evaluation.core.scoring import SchoolResult, by_category
from junheng.evaluation.store import inspection, rounds
from junheng.evaluation.store.models import EvaluationRound, EvaluationRubric
from junheng.evaluation.store.schools import SchoolRow, inspector_of_user, schools, visible_codes
from junheng.evaluation.web.actions import router as actions_router
from junheng.evaluation.web.common import (
    READ_ROLES,
    messages,
    require_bureau,
    require_school,
)
from junheng.evaluation.web.exports import router as exports_router
from junheng.evaluation.web.visit_routes import router as visit_router
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, NotFound, require_roles
from junheng.web.render import render

router = APIRouter(prefix="/evaluation", dependencies=[CSRF, require_roles(*READ_ROLES)])
router.include_router(actions_router)
router.include_router(visit_router)
router.include_router(exports_router)


def _round(session, round_id: int) -> EvaluationRound:
    row = session.get(EvaluationRound, round_id)
    if row is None:
        raise NotFound(f"没有编号为 {round_id} 的考核")
    return row


@dataclass
class RoundRow:
    round: EvaluationRound
    label: str


@dataclass
class SchoolLatest:
    school: SchoolRow
    round: EvaluationRound | None
    total: float | None
    rank: int | None
    category: str


@dataclass
class OverviewPage:
    title: str
    bureau: bool
    can_write: bool
    rounds: list[RoundRow]
    rubrics: list[EvaluationRubric]
    mine: list[SchoolLatest]
    message: str = ""
    error: str = ""
    chart: dict = field(default_factory=dict)


@router.get("")
def overview(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    codes = visible_codes(session, scope, user.username)
    all_rounds = rounds.rounds(session)
    mine: list[SchoolLatest] = []
    chart: dict = {}
    if codes is not None:
        known = schools(session)
        approved = [r for r in all_rounds if r.status == rounds.APPROVED]
        for code in sorted(codes):
            if code not in known:
                continue
            hist = rounds.history(session, code)
            last = hist[-1] if hist else None
            mine.append(SchoolLatest(known[code], last[0] if last else None, last[1].total if last else None,
                                     last[1].rank if last else None, last[1].category if last else ""))
        chart = {"rounds": [f"{term_label(r.period)}" for r in reversed(approved)]}
    else:
        approved = [r for r in all_rounds if r.status == rounds.APPROVED]
        if approved:
            rubric, result = rounds.scored_round(session, approved[0].id)
            cats = by_category(result)
            chart = {"title": f"{term_label(approved[0].period)} {approved[0].title}",
                     "categories": [rubric.category_name(c) for c in cats],
                     "boxes": [_five([r.total for r in rows if r.total is not None]) for rows in cats.values()]}
    msg, err = messages(request)
    rubrics = list(session.scalars(select(EvaluationRubric).order_by(EvaluationRubric.id.desc())))
    return render(request, "evaluation/overview.html",
                  OverviewPage("督导评价", codes is None, user.role in WRITE_ROLES,
                               [RoundRow(r, term_label(r.period)) for r in all_rounds if codes is None or
                                r.status == rounds.APPROVED], rubrics, mine, msg, err, chart))


def _five(values: list[float]) -> list[float]:
    """Min, quartiles and max (for a box plot)."""
    if not values:
        return [0, 0, 0, 0, 0]
    v = sorted(values)

    def q(p: float) -> float:
        k = (len(v) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(v) - 1)
        return round(v[lo] + (v[hi] - v[lo]) * (k - lo), 2)

    return [q(0), q(0.25), q(0.5), q(0.75), q(1)]


@dataclass
class RubricPage:
    title: str
    record: EvaluationRubric
    rubric: Rubric
    warnings: list[RubricWarning]
    can_write: bool
    chart: dict
    message: str = ""
    error: str = ""


@router.get("/rubrics/{rubric_id}")
def rubric_page(request: Request, rubric_id: int, session: DbSession, user: CurrentUser):
    record = session.get(EvaluationRubric, rubric_id)
    if record is None:
        raise NotFound("没有这个考核方案")
    rubric = rounds.rubric_of(session, rubric_id)
    dims = [[d.name, sum(i.weight for i in rubric.indicators if i.dimension == d.id)] for d in rubric.dimensions]
    kinds = [["数据指标", sum(i.weight for i in rubric.indicators if i.kind == "figure")],
             ["督学评分", sum(i.weight for i in rubric.indicators if i.kind == "judgement")]]
    msg, err = messages(request)
    return render(request, "evaluation/rubric.html",
                  RubricPage(rubric.name, record, rubric, check_rubric(rubric), user.role in WRITE_ROLES,
                             {"dims": dims, "kinds": kinds}, msg, err))


@dataclass
class CategoryBlock:
    id: str
    name: str
    rows: list[SchoolResult]


@dataclass
class RoundPage:
    title: str
    data: rounds.RoundData
    label: str
    blocks: list[CategoryBlock]
    names: dict[str, str]
    can_write: bool
    chart: dict
    message: str = ""
    error: str = ""


@router.get("/rounds/{round_id}")
def round_page(request: Request, round_id: int, session: DbSession, user: CurrentUser):
    require_bureau(user)
    _round(session, round_id)
    data = rounds.round_data(session, round_id)
    names = {c: s.name for c, s in schools(session).items()}
    cats = by_category(data.result)
    blocks = [CategoryBlock(c.id, c.name, cats[c.id]) for c in data.rubric.categories if c.id in cats]
    chart = {"blocks": [{"name": b.name, "schools": [names.get(r.school, r.school) for r in b.rows],
                         "totals": [None if r.total is None else round(r.total, 2) for r in b.rows]}
                        for b in blocks]}
    msg, err = messages(request)
    return render(request, "evaluation/round.html",
                  RoundPage(data.round.title, data, term_label(data.round.period), blocks, names,
                            user.role in WRITE_ROLES, chart, msg, err))


@dataclass
class IndicatorLine:
    dimension: str
    id: str
    name: str
    weight: float
    kind: str
    value: float | None
    score: float | None
    points: float | None
    max: float
    source: str
    arithmetic: str
    unit: str
    raters: list
    evidence: str


@dataclass
class SchoolPage:
    title: str
    round: EvaluationRound
    label: str
    school: SchoolRow
    result: SchoolResult
    category: str
    category_size: int
    lines: list[IndicatorLine]
    self_total: float | None
    self_note: str
    can_judge: bool
    can_self: bool
    rater_default: str
    judged: list[IndicatorLine]
    visits: list
    chart: dict
    aggregation: str
    message: str = ""
    error: str = ""


@router.get("/rounds/{round_id}/schools/{code}")
def school_page(request: Request, round_id: int, code: str, session: DbSession, user: CurrentUser,
                scope: CurrentScope):
    row = _round(session, round_id)
    known = schools(session)
    if code not in known:
        raise NotFound(f"没有学校 {code}")
    require_school(session, scope, user, code)
    if row.status != rounds.APPROVED and user.role in ("school_clerk", "township_official"):
        from junheng.web.deps import Forbidden

        raise Forbidden("本次考核尚未审定，结果审定后才向学校公开")
    data = rounds.round_data(session, round_id)
    result = data.result.schools[code]
    dims = {d.id: d.name for d in data.rubric.dimensions}
    lines = []
    for ind in data.rubric.indicators:
        r = result.indicators[ind.id]
        fig = data.figures.get((code, ind.id))
        js = data.judgements.get((code, ind.id), [])
        lines.append(IndicatorLine(dims[ind.dimension], ind.id, ind.name, ind.weight, ind.kind, r.value, r.score,
                                   r.points, ind.max, fig.source if fig else ("" if ind.kind == "judgement" else
                                                                              "尚未提取数据"),
                                   fig.arithmetic if fig else "", fig.unit if fig else "",
                                   [(j.rater, j.score, j.evidence) for j in js], ind.evidence))
    hist = rounds.history(session, code)
    me = inspector_of_user(session, user.username) if user.role == "inspector" else None
    open_round = row.status != rounds.APPROVED
    chart = {"dims": [[dims[d], v] for d, v in result.dimensions.items()],
             "history": [[f"{term_label(r.period)}", None if res.total is None else round(res.total, 2)]
                         for r, res in hist],
             "self": data.selves[code].total if code in data.selves else None,
             "total": None if result.total is None else round(result.total, 2)}
    msg, err = messages(request)
    mine = data.selves.get(code)
    return render(request, "evaluation/school.html", SchoolPage(
        f"{known[code].name} · {row.title}", row, term_label(row.period), known[code], result,
        data.rubric.category_name(result.category), data.result.category_sizes.get(result.category, 0), lines,
        mine.total if mine else None, mine.note if mine else "",
        open_round and (user.role in WRITE_ROLES or me is not None),
        open_round and (user.role in WRITE_ROLES or (user.role == "school_clerk" and user.school_id == code)),
        me.name if me else user.display_name, [x for x in lines if x.kind == "judgement"],
        inspection.visits(session, {code})[:10], chart, data.round.settings.get("rater_aggregation", "mean"),
        msg, err))
