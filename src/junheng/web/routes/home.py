"""The home page: what needs the user today, per role (``junheng.home``). Every module's tiles come through
the registry (``modules.home_tiles``), in the viewer's scope; what needs action comes first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from junheng.accounts import ROLES
from junheng.home import Tile, Viewer, ordered
from junheng.modules import MODULES, home_tiles
from junheng.registry.store.queries import county_name, county_overview, list_schools, township_names
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, DeploymentDep
from junheng.web.render import render

router = APIRouter(dependencies=[CSRF])

HEADINGS = {
    "cockpit": ("全县工作看板", "各项工作的当前状态；点击任一数字查看详情。"),
    "queue": ("待办队列", "等待教育局处理的事项，逾期的排在最前。"),
    "school": ("本校待办", "需要本校填报、确认或答复的事项。"),
    "township": ("本乡镇控辍保学", "本乡镇的辍学个案，本周到期和已逾期的排在最前。"),
    "other": ("我的工作", "与您的工作相关的事项。"),
}


def today() -> dt.date:
    return dt.date.today()


@dataclass
class HomePage:
    title: str
    county: str
    role_label: str
    overview: dict
    kind: str
    heading: str
    lead: str
    headline: list[Tile]
    tiles: list[Tile]
    place: str | None
    today: dt.date
    titles: dict[str, str]


@router.get("/")
def home(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, deployment: DeploymentDep):
    viewer = Viewer(scope, today(), deployment.settings.data_dir, user.username)
    place = None
    if user.role == "school_clerk":
        rows = list_schools(session, scope)
        place = rows[0].name if rows else None
    elif user.role == "township_official":
        place = township_names(session).get(scope.township_code or "")
    found = ordered(home_tiles(session, viewer))
    headline = [t for t in found if t.headline] if viewer.page == "cockpit" else []
    rest = [t for t in found if t not in headline]
    heading, lead = HEADINGS[viewer.page]
    page = HomePage(title="首页", county=county_name(session), role_label=ROLES[user.role],
                    overview=county_overview(session, scope), kind=viewer.page, heading=heading, lead=lead,
                    headline=headline, tiles=rest, place=place, today=viewer.today,
                    titles={m.name: m.title for m in MODULES})
    return render(request, "home.html", page)


@router.get("/healthz", include_in_schema=False)
def health():
    return {"ok": True}


@router.get("/favicon.ico", include_in_schema=False)
def favicon():
    return RedirectResponse("/static/favicon.svg")
