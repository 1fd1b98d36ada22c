"""The home page: what each role needs first."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from junheng.accounts import ROLES
from junheng.registry.store.queries import county_name, county_overview, list_schools
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession
from junheng.web.render import render

router = APIRouter(dependencies=[CSRF])


@dataclass
class HomePage:
    title: str
    county: str
    role_label: str
    overview: dict
    modules: list[tuple[str, str, str]]
    own_school: str | None


MODULES = [
    ("/balance", "优质均衡", "办学条件七项指标、差异系数、短板清单与达标方案"),
    ("/scores", "教学质量", "考试导入、一分三率、排名、增值评价与学校报告"),
    ("/retention", "控辍保学", "学期学籍比对、辍学个案、巩固率与预警"),
    ("/ledger", "整改台账", "督导检查问题的整改、验收与销号闭环"),
    ("/lottery", "电脑派位", "可验证的随机派位：冻结名单、公开种子、回执"),
]


@router.get("/")
def home(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    own = None
    if user.role == "school_clerk":
        rows = list_schools(session, scope)
        own = rows[0].name if rows else None
    page = HomePage(title="首页", county=county_name(session), role_label=ROLES[user.role],
                    overview=county_overview(session, scope), modules=MODULES, own_school=own)
    return render(request, "home.html", page)


@router.get("/healthz", include_in_schema=False)
def health():
    return {"ok": True}


@router.get("/favicon.ico", include_in_schema=False)
def favicon():
    return RedirectResponse("/static/favicon.svg")
