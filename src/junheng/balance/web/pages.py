"""The assessment pages: county verdicts (优质均衡 and 基本均衡), the heat map of sections × indicators, the CVs
against their limits, and a school page with its history and the arithmetic behind every number."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request

from junheng.balance.core.columns import COLUMNS, LABELS
from junheng.balance.core.fmt import num
from junheng.balance.core.tables import verdict
from junheng.balance.store.queries import CountyAssessment, NoData, county_assessment
from junheng.balance.web.common import (
    Selection,
    allows,
    load,
    require_township_or_county,
    select_view,
    tabs_for,
    visible_sections,
)
from junheng.registry.store.models import School
from junheng.registry.store.queries import township_names
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter()


@dataclass
class Page:
    title: str
    sel: Selection
    tabs: list[tuple[str, str]]
    ca: CountyAssessment | None
    county_wide: bool
    verdict: object = verdict
    fnum: object = num
    labels: dict = field(default_factory=lambda: LABELS)
    input_labels: list = field(default_factory=lambda: [(c.key, f"{c.label}（{c.unit}）" if c.unit else c.label)
                                                        for c in COLUMNS])
    extra: dict = field(default_factory=dict)


def _page(title: str, sel: Selection, user, ca, scope, **extra) -> Page:
    return Page(title, sel, tabs_for(user), ca, scope.county_wide, extra=extra)


def county(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
           standard: str = "quality_2017", county: str = ""):
    """The four dimensions' verdicts and the overall one; bureau users also see each stage and every item."""
    sel = select_view(session, year, standard, county)
    ca = load(session, sel)
    own = None
    if ca is not None and scope.role == "school_clerk":
        own = [s for s in ca.assessment.sections() if s.school_id == scope.school_id]
    towns = township_names(session)
    title = f"{sel.county_name}义务教育{sel.standard_label}发展评估"
    return render(request, "balance/county.html", _page(title, sel, user, ca, scope, own=own, towns=towns))


def _heat_rows(ca: CountyAssessment, scope, towns: dict[str, str]) -> list[dict]:
    st = ca.assessment.standard
    rows = []
    for s in visible_sections(ca, scope):
        cells = []
        for key in st.indicator_keys:
            r = s.indicators[key]
            state = "none" if r.met is None else ("met" if r.met else ("near" if r.near_met else "fail"))
            cells.append({"key": key, "value": r.value, "threshold": r.threshold, "state": state,
                          "ratio": r.ratio})
        rows.append({"school_id": s.school_id, "name": s.school_name, "stage": s.stage, "students": s.students,
                     "township": towns.get(s.township_code or "", ""), "met": s.met, "passes": s.passes,
                     "reason": s.reason, "cells": cells})
    return rows


@router.get("/heatmap")
def heatmap(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
            standard: str = "quality_2017", county: str = "", stage: str = "", failing: bool = False):
    """Sections × indicators: value, threshold, met / 85% / not met; rows sortable by any column."""
    require_township_or_county(user)
    sel = select_view(session, year, standard, county)
    ca = load(session, sel)
    rows = _heat_rows(ca, scope, township_names(session)) if ca else []
    if stage:
        rows = [r for r in rows if r["stage"] == stage]
    if failing:
        rows = [r for r in rows if not r["passes"]]
    indicators = list(ca.assessment.standard.indicators) if ca else []
    return render(request, "balance/heatmap.html",
                  _page("校际指标热力图", sel, user, ca, scope, rows=rows, indicators=indicators, stage=stage,
                        failing=failing))


@router.get("/cv")
def cv(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
       standard: str = "quality_2017", county: str = ""):
    """Each indicator's student-weighted CV against its limit, per stage, with the sections that drive it."""
    require_township_or_county(user)
    sel = select_view(session, year, standard, county)
    ca = load(session, sel)
    stages = []
    if ca is not None:
        st = ca.assessment.standard
        seen = {v.school_id for v in visible_sections(ca, scope)}
        for s in ca.assessment.stages.values():
            rows = []
            for key, c in s.cvs.items():
                contribs = [x for x in sorted(c.contributions, key=lambda x: -x.share) if x.school_id in seen][:8]
                rows.append({"key": key, "ind": st.indicator(key), "cv": c, "contribs": contribs})
            chart = {"keys": list(s.cvs), "names": [st.indicator(k).short_name for k in s.cvs],
                     "values": [round(c.value, 4) for c in s.cvs.values()],
                     "limit": next(iter(s.cvs.values())).limit if s.cvs else None,
                     "composite": None if s.composite is None else
                     {"value": round(s.composite.value, 4), "limit": s.composite.limit}}
            stages.append({"stage": s, "rows": rows, "chart": chart})
    return render(request, "balance/cv.html", _page("校际差异系数", sel, user, ca, scope, stages=stages))


def _history(session, sel: Selection, school_id: str) -> dict:
    """Per stage of the school: for each year with data, every indicator's value and threshold."""
    out: dict[str, dict] = {}
    for y in sorted(sel.years):
        try:
            ca = county_assessment(session, y, sel.standard, sel.county_code)
        except NoData:
            continue
        for s in ca.assessment.sections():
            if s.school_id != school_id:
                continue
            h = out.setdefault(s.stage, {"years": [], "series": {}})
            h["years"].append(y)
            for key, r in s.indicators.items():
                h["series"].setdefault(key, []).append(
                    {"value": round(r.value, 4), "threshold": r.threshold,
                     "ratio": None if r.ratio is None else round(r.ratio * 100, 1)})
    return out


@router.get("/schools/{school_id}")
def school(request: Request, school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
           year: int | None = None, standard: str = "quality_2017", county: str = ""):
    """A school's sections: each indicator with its inputs, rule and formula; history over the years."""
    info = session.get(School, school_id)
    if info is None:
        raise NotFound(f"没有学校标识码为 {school_id} 的学校")
    if not allows(scope, school_id, info.township_code):
        raise Forbidden("您只能查看本单位范围内的学校")
    sel = select_view(session, year, standard, county)
    ca = load(session, sel)
    sections, inputs, failures = [], [], []
    if ca is not None:
        sections = [s for s in ca.assessment.sections() if s.school_id == school_id]
        mine = ca.data[ca.data["school_id"] == school_id]
        order = {"小学": 0, "初中": 1, "高中": 2, "全校": 3}
        inputs = sorted(mine.to_dict("records"), key=lambda r: order.get(r["section"], 9))
        for d in ca.assessment.dimensions.values():
            for it in d.items:
                failures += [(it, f) for f in it.failures if f.school_id == school_id]
    weights = {}
    if ca is not None and scope.county_wide:
        for s in sections:
            for key, c in ca.assessment.stages[s.stage].cvs.items():
                weights[(s.stage, key)] = next((x for x in c.contributions if x.school_id == school_id), None)
    excluded = [r for sid, r in (ca.assessment.excluded if ca else ()) if sid == school_id]
    return render(request, "balance/school.html", _page(
        info.name, sel, user, ca, scope, school=info, sections=sections, inputs=inputs, failures=failures,
        history=_history(session, sel, school_id) if ca else {}, weights=weights, excluded=excluded,
        derived=sorted(c for sid, _sec, c in (ca.derived if ca else ()) if sid == school_id),
        teacher_module=sorted(c for sid, _sec, c in (ca.from_teacher_module if ca else {}) if sid == school_id),
        town=township_names(session).get(info.township_code, "")))
