"""Teachers' home-page tiles (``junheng.home``): the school year's 交流轮岗 against its quota (share of eligible
teachers exchanged, and of backbone teachers among them) — the county and the schools still short for the
cockpit and bureau staff, their own school for a school clerk. Read from the cached year view."""

from __future__ import annotations

from sqlalchemy.orm import Session

from junheng.home import Line, Tile, Viewer
from junheng.teachers.store import service
from junheng.teachers.store.queries import has_records

MAX_LINES = 5
LINK = "/teachers/exchange"


def _rate(line) -> str | None:
    return None if line.rate is None else f"{line.rate:.1%}"


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page not in ("cockpit", "queue", "school") or not has_records(session):
        return []
    year = service.default_year(session, viewer.today)
    view = service.year_view(session, year)
    title = f"{year}—{year + 1} 学年交流轮岗"
    names = dict(zip(view.schools["school_id"].astype(str), view.schools["name"].astype(str)))
    if viewer.page == "school":
        line = view.quota.schools.get(viewer.school_id or "")
        if line is None or not line.eligible:
            return []
        more = f"，还需交流 {line.needed} 人" if line.needed else ""
        return [Tile("teachers", "teachers.exchange", title, _rate(line), status="ok" if line.passes else "warn",
                     link=LINK, detail=line.arithmetic() + more)]
    county = view.quota.county
    if not county.eligible:
        return []
    short = sorted(((sid, q) for sid, q in view.quota.schools.items() if q.eligible and not q.passes),
                   key=lambda x: -x[1].needed)
    lines = tuple(Line(names.get(sid, sid), LINK, f"还需交流 {q.needed} 人" if q.needed else "骨干比例不足", "warn")
                  for sid, q in short[:MAX_LINES])
    return [Tile("teachers", "teachers.exchange", title, _rate(county), status="ok" if county.passes else "warn",
                 link=LINK, detail=f"{county.arithmetic()}；未达标学校 {len(short)} 所", lines=lines)]
