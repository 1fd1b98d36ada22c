"""Projection: each section's enrolment three years ahead from the registry's pupils by grade and an editable
entry-cohort forecast, and which indicators fail if nothing is built (resources held at today's level).

The registry's grade structure gives each section's change in pupils year by year; the change is added to the
students of the school data (the figure the assessment uses), so that a registry slightly out of step with the
school data (or missing a school's pupils) does not shift or scale the baseline.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request

from junheng.balance.core.projection import GRADES, project_enrolment
from junheng.balance.store.queries import CountyAssessment, enrolment_by_grade
from junheng.balance.web.common import load, require_county, select_view
from junheng.balance.web.pages import _page
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, NotFound
from junheng.web.render import render

router = APIRouter()
YEARS_AHEAD = 3


def entry_cohorts(session, ca: CountyAssessment) -> pd.DataFrame:
    """Per assessed section: its entry grade's pupils today (registry) — the default forecast."""
    secs = ca.assessment.table.sections[["school_id", "school_name", "stage", "students"]].copy()
    enrol = enrolment_by_grade(session, list(secs["school_id"].unique()))
    first = {s: g[0] for s, g in GRADES.items()}
    entry = enrol[enrol["grade"] == enrol["stage"].map(first)].groupby(["school_id", "stage"])["students"].sum()
    secs["entry"] = [int(entry.get((sid, st), 0)) for sid, st in zip(secs["school_id"], secs["stage"], strict=True)]
    applied = next_year_applicants(session, ca.year)
    secs["applicants"] = pd.Series([applied.get(f"{sid}|{st}") for sid, st in  # object: None stays None, ints ints
                                    zip(secs["school_id"], secs["stage"], strict=True)], index=secs.index, dtype=object)
    return secs.reset_index(drop=True)


def next_year_applicants(session, year: int) -> dict[str, int]:
    """Next school year's reviewed applications per ``<学校标识码>|<学部>``, as the admissions module publishes
    them (``admissions.applicants``): the first year's entry cohort where they exist."""
    from junheng.modules import collect_figures

    return {f.school: int(f.value) for f in collect_figures(session, str(year + 1), {"admissions.applicants"})
            if f.key == "admissions.applicants" and f.school and f.value is not None}


def run_projection(session, ca: CountyAssessment, forecast: dict[tuple[str, str], list[float]],
                   growth: float = 0.0):
    """Projected students per section and the assessment of each coming year with today's resources."""
    from junheng.balance.core.assess import assess

    table = ca.assessment.table
    secs = table.sections
    enrol = enrolment_by_grade(session, list(secs["school_id"].unique()))
    # a section without pupils in the registry still gets its forecast entry cohorts (the core projects only
    # sections present in the enrolment table): give it an empty entry grade
    first = {s: g[0] for s, g in GRADES.items()}
    blank = pd.DataFrame({"school_id": secs["school_id"], "stage": secs["stage"],
                          "grade": secs["stage"].map(first), "students": 0})
    enrol = pd.concat([enrol, blank[blank["grade"].notna()]], ignore_index=True)
    projected = project_enrolment(enrol, years=YEARS_AHEAD, entry_forecast=forecast, entry_growth=growth,
                                  base_year=ca.year)
    base = projected[projected["offset"] == 0].set_index(["school_id", "stage"])["students"]
    out = []
    for k in range(YEARS_AHEAD + 1):
        now = projected[projected["offset"] == k].set_index(["school_id", "stage"])["students"]
        keys = list(zip(secs["school_id"], secs["stage"], strict=True))
        b = np.array([base.get(x, 0.0) for x in keys], dtype=float)
        n = np.array([now.get(x, 0.0) for x in keys], dtype=float)
        students = np.maximum(np.round(secs["students"].to_numpy(dtype=float) + (n - b)), 1.0)
        frame = secs.assign(students=students)
        a = assess(replace(table, sections=frame), ca.standard) if k else ca.assessment
        out.append({"offset": k, "year": ca.year + k, "students": students, "assessment": a})
    return out


def _forecast(request: Request, cohorts: pd.DataFrame) -> dict[tuple[str, str], list[float]]:
    out = {}
    for sid, stage in zip(cohorts["school_id"], cohorts["stage"], strict=True):
        vals = []
        for k in range(1, YEARS_AHEAD + 1):
            text = (request.query_params.get(f"f_{sid}_{stage}_{k}") or "").strip()
            try:
                vals.append(max(0.0, float(text)) if text else np.nan)
            except ValueError:
                vals.append(np.nan)
        if not all(np.isnan(vals)):
            out[(sid, stage)] = vals
    return out


@router.get("/projection")
def projection_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                    year: int | None = None, standard: str = "quality_2017"):
    require_county(user)
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    cohorts = entry_cohorts(session, ca).to_dict("records") if ca else []
    return render(request, "balance/projection.html", _page("入学预测与三年后达标情况", sel, user, ca, scope,
                                                            cohorts=cohorts, years_ahead=YEARS_AHEAD))


@router.get("/projection/run")
def projection_run(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                   year: int | None = None, standard: str = "quality_2017", growth: float = 0.0):
    require_county(user)
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    if ca is None:
        raise NotFound("尚无数据")
    cohorts = entry_cohorts(session, ca)
    years = run_projection(session, ca, _forecast(request, cohorts), max(-0.5, min(growth / 100, 1.0)))
    keys = ca.assessment.standard.indicator_keys
    fails: dict[tuple[str, str], dict] = {}
    for y in years:
        for s in y["assessment"].sections():
            row = fails.setdefault((s.school_id, s.stage), {"name": s.school_name, "stage": s.stage, "school_id":
                                                            s.school_id, "years": {}})
            row["years"][y["offset"]] = {"students": int(s.students), "passes": s.passes, "met": s.met,
                                         "failed": [k for k in keys if s.indicators[k].met is False]}
    rows = [r for r in fails.values() if any(not v["passes"] or v["failed"] for v in r["years"].values())]
    rows.sort(key=lambda r: (r["stage"], -sum(not v["passes"] for v in r["years"].values())))
    return render(request, "balance/_projection_result.html",
                  _page("预测", sel, user, ca, scope, years=years, rows=rows, keys=keys))
