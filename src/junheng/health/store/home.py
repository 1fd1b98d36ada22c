"""Health's home-page tile (``junheng.home``): psychological follow-up cases still open and those with a step
past its deadline — counts only, and only for the roles with the health permission (``HEALTH_ROLES``), so the
home page shows no individual result and needs no view log; the link opens the logged case list."""

from __future__ import annotations

from sqlalchemy.orm import Session

from junheng.accounts import HEALTH_ROLES
from junheng.health.core.psych import case_steps
from junheng.health.store import queries
from junheng.health.store.settings import settings_in
from junheng.health.store.views import case_of
from junheng.home import Tile, Viewer
from junheng.retention.core import TermCalendar
from junheng.store.memo import Memo

_TILES = Memo(reads=("health",), size=16)


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.role not in HEALTH_ROLES:
        return []
    settings = settings_in(viewer.data_dir)
    # the same for every viewer with the permission: the county's cases on a day under the settings
    return _TILES.get(session, (viewer.today, repr(settings)), lambda: _psych_tiles(session, viewer, settings))


def _psych_tiles(session: Session, viewer: Viewer, settings) -> list[Tile]:
    rows = queries.psych_cases(session)
    if not rows:
        return []
    calendar = TermCalendar()
    open_, overdue = 0, 0
    for row in rows:
        steps = case_steps(case_of(row), calendar=calendar, settings=settings, today=viewer.today)
        open_ += any(s.state in ("pending", "overdue") for s in steps)
        overdue += any(s.overdue for s in steps)
    return [Tile("health", "health.psych_cases", "心理筛查随访个案", open_, "件",
                 status="bad" if overdue else ("warn" if open_ else "ok"), link="/health/psych",
                 detail=f"共 {len(rows)} 件，未结 {open_} 件，其中有步骤逾期 {overdue} 件")]
