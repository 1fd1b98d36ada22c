"""Admissions' home-page tile (``junheng.home``): the current year's applications waiting for the bureau —
those to review and the families' appeals — for bureau staff (their queue) and the cockpit."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.admissions.store.applications import APPEALING, PENDING
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.store.years import current_year
from junheng.home import Line, Tile, Viewer, count_status


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page not in ("cockpit", "queue"):
        return []
    year = current_year(session)
    counts = dict(session.execute(
        select(AdmissionsApplication.status, func.count()).where(AdmissionsApplication.year == year)
        .group_by(AdmissionsApplication.status)).all())
    total = sum(counts.values())
    if not total:
        return []  # no applications this year: nothing for the home page to say
    waiting = counts.get(PENDING, 0) + counts.get(APPEALING, 0)
    link = f"/admissions/applications?year={year}"
    lines = tuple(Line(f"{status} {counts[status]} 份", f"{link}&status={quote(status)}")
                  for status in (APPEALING, PENDING) if counts.get(status))
    return [Tile("admissions", "admissions.waiting", f"{year} 年待审核报名", waiting, "份",
                 status=count_status(waiting, bad=False), link=link,
                 detail=f"共 {total} 份报名；待审核 {counts.get(PENDING, 0)} 份，申诉中 {counts.get(APPEALING, 0)} 份",
                 lines=lines)]
