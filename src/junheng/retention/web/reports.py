"""Rates (dropout rate, 巩固率), the monthly zero-report and the weekly report (Word)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.queries import county_name
from junheng.retention.core.rates import dropout_rates
from junheng.retention.store.census_views import dropout_counts, school_info
from junheng.retention.store.cohort import import_cohorts
from junheng.retention.store.models import CensusRun
from junheng.retention.store.monitor import (
    cases_opened_in,
    submit_zero_report,
    zero_report_table,
)
from junheng.retention.store.service import section_rates
from junheng.retention.web.common import (
    BUREAU,
    DOCX,
    WRITERS,
    XLSX,
    download,
    need_roles,
    need_writer,
    parse_day,
    settings_of,
    stage,
    today,
    visible_schools,
)
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()
STATE_LABELS = {"contacted": "已有效联系", "missed": "逾期未有效联系", "pending": "待联系"}


@dataclass
class RatesPage:
    title: str
    runs: list[CensusRun]
    run: CensusRun | None
    dropout: dict[str, list[dict]]
    year: int
    sections: list[dict]
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    can_import: bool = False
    tab: str = "rates"


def _dropout(session, run: CensusRun, visible: list[str] | None) -> dict[str, list[dict]]:
    """Dropout rates per school, township and county: counts aggregated in the database, rates by the pure rule."""
    table = dropout_counts(session, run)
    info = school_info(session)
    towns = {code: name for _, code, name in info.values()}
    mine = table if visible is None else table[table["school_id"].isin(visible)]
    schools = dropout_rates(mine, "school").merge(mine[["school_id", "suspected_dropouts", "recorded_dropouts"]],
                                                  on="school_id")
    schools["name"] = schools["school_id"].map(lambda s: info.get(s, (s,))[0])
    township = dropout_rates(mine, "township").assign(name=lambda f: f["township_code"].map(towns))
    county = dropout_rates(table, "county").assign(name="全县")
    return {k: v.to_dict("records") for k, v in (("schools", schools), ("townships", township), ("county", county))}


def _rates_page(session, deployment, user, scope, term: str = "", year: int | None = None, **kw) -> RatesPage:
    runs = list(session.scalars(select(CensusRun).order_by(CensusRun.term.desc())))
    run = next((r for r in runs if r.term == term), runs[0] if runs else None)
    visible = visible_schools(session, scope)
    dropout = _dropout(session, run, visible) if run else {}
    year = year or _default_year(session, run)
    settings = settings_of(deployment)
    sections = []
    for section in ("初中", "小学"):
        figures = section_rates(session, section, year, settings)
        if visible is not None:
            figures["schools"] = [s for s in figures["schools"] if s["school_id"] in visible]
            figures["townships"] = [t for t in figures["townships"] if scope.allows_township(t["township_code"])]
        sections.append(figures)
    return RatesPage("辍学率与巩固率", runs, run, dropout, year, sections, can_import=user.role in WRITERS, **kw)


def _default_year(session, run: CensusRun | None) -> int:
    """The latest graduation year with imported figures, else the last one before the latest census."""
    from sqlalchemy import func

    from junheng.retention.core.terms import parse_term
    from junheng.retention.store.models import CohortFigures

    imported = session.scalar(select(func.max(CohortFigures.year)))
    if imported:
        return int(imported)
    if run is not None:
        year, half = parse_term(run.term)
        return year if half == 2 else year - 1
    return today().year if today().month >= 7 else today().year - 1


@router.get("/rates")
def rates(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
          term: str = "", year: int | None = None):
    return render(request, "retention/rates.html", _rates_page(session, deployment, user, scope, term, year))


@router.get("/cohorts/template.xlsx")
def cohort_template(user: CurrentUser):
    from junheng.retention.store.cohort import write_cohort_template

    need_roles(user, BUREAU)
    return download(write_cohort_template, "巩固率基础数据模板.xlsx", XLSX)


@router.post("/cohorts/upload")
@off_the_loop
async def upload_cohorts(request: Request, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
                         file: UploadFile):
    need_writer(user)
    _, path, name = await stage(deployment, file)
    try:
        with deployment.db.transaction() as session:
            result = import_cohorts(session, path, username=user.username, file_label=name)
    except ImportFailed as failed:
        with deployment.db.sessions() as s:
            return render(request, "retention/rates.html", _rates_page(
                s, deployment, user, scope, problems=failed.problems), status_code=400)
    finally:
        path.unlink(missing_ok=True)
    c = result.counts["retention_cohort"]
    with deployment.db.sessions() as s:
        return render(request, "retention/rates.html", _rates_page(
            s, deployment, user, scope, message=f"已导入巩固率基础数据：新增 {c.inserted} 行，更新 {c.updated} 行"
                                                f"（批次 {result.batch_id}，可在「数据导入」中撤销）"))


@dataclass
class ZeroPage:
    title: str
    month: str
    table: list[dict]
    missing: list[dict]
    schools: list[tuple[str, str]]
    can_submit: bool
    suggested: int
    error: str = ""
    tab: str = "zero"


def _last_month(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def _zero_page(session, deployment, user, scope, month: str, error: str = "") -> ZeroPage:
    info = school_info(session)
    visible = visible_schools(session, scope)
    ids = sorted(info) if visible is None else sorted(visible)
    table = zero_report_table(session, month, ids, today=today(), settings=settings_of(deployment))
    rows = [{**r, "name": info[r["school_id"]][0], "township": info[r["school_id"]][2]}
            for r in table.to_dict("records")]
    own = user.school_id if user.role == "school_clerk" else ""
    rows.sort(key=lambda r: (r["status"] != "未报送", r["school_id"]))
    return ZeroPage("月度零报告", month, rows, [r for r in rows if r["status"] == "未报送"],
                    [(s, info[s][0]) for s in ids], user.role in (*WRITERS, "school_clerk"),
                    cases_opened_in(session, own, month) if own else 0, error)


@router.get("/zero-report")
def zero_report(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                scope: CurrentScope, month: str = ""):
    month = month or _last_month(today())
    try:
        page = _zero_page(session, deployment, user, scope, month)
    except ValueError as exc:
        page = _zero_page(session, deployment, user, scope, _last_month(today()), str(exc))
    return render(request, "retention/zero_report.html", page)


@router.post("/zero-report")
def submit(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
           school_id: str = Form(...), month: str = Form(...), dropouts: int = Form(0), note: str = Form("")):
    need_writer(user, (*WRITERS, "school_clerk"))
    if user.role == "school_clerk" and school_id != user.school_id:
        raise Forbidden("学校用户只能报送本校的零报告")
    try:
        submit_zero_report(session, school_id, month, dropouts, on=today(), note=note, username=user.username,
                           settings=settings_of(deployment))
    except ValueError as exc:
        return render(request, "retention/zero_report.html",
                      _zero_page(session, deployment, user, scope, _last_month(today()), str(exc)), status_code=400)
    return RedirectResponse(f"/retention/zero-report?month={month}", status_code=303)


@router.get("/weekly.docx")
def weekly(session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope, week_end: str = ""):
    from junheng.retention.core.weekly import weekly_summary
    from junheng.retention.core.workdays import TermCalendar
    from junheng.retention.reports.weekly_report import write_weekly_report
    from junheng.retention.store.cases import load_cases

    need_roles(user, BUREAU)
    settings = settings_of(deployment)
    end = parse_day(week_end, "周报截止日期", today())
    info = school_info(session)
    zero = zero_report_table(session, _last_month(end), sorted(info), today=end, settings=settings)
    zero["school_id"] = zero["school_id"].map(lambda s: info[s][0])
    summary = weekly_summary([c for _, c in load_cases(session, scope)], week_start=end - dt.timedelta(days=6),
                             week_end=end, calendar=TermCalendar.from_settings(settings), settings=settings,
                             township_names={code: name for _, code, name in info.values()}, zero_report=zero)
    county = county_name(session)
    return download(lambda p: write_weekly_report(summary, p, county=county), f"控辍保学工作周报_{end}.docx", DOCX)
