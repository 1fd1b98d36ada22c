"""Evaluation's home-page tiles (``junheng.home``): the month's 责任督学 visits against their quota.

A 责任督学 sees their own month (visits made, the quota, their schools not yet visited this month); the cockpit
and bureau staff see the inspectors still below this month's quota."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.evaluation.store.models import EvaluationAssignment, EvaluationInspector, EvaluationVisit
from junheng.evaluation.store.schools import schools
from junheng.home import Line, Tile, Viewer

MAX_LINES = 5


def _month_visits(session: Session, first: dt.date, last: dt.date) -> list[EvaluationVisit]:
    return list(session.scalars(select(EvaluationVisit).where(EvaluationVisit.visit_date >= first,
                                                              EvaluationVisit.visit_date <= last)))


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    first = viewer.today.replace(day=1)
    month = f"{viewer.today.month} 月"
    if viewer.role == "inspector":
        me = session.scalars(select(EvaluationInspector).where(EvaluationInspector.username == viewer.username)).first()
        if me is None:
            return []
        mine = [v for v in _month_visits(session, first, viewer.today) if v.inspector_id == me.id]
        codes = sorted(session.scalars(select(EvaluationAssignment.school_id)
                                       .where(EvaluationAssignment.inspector_id == me.id)))
        names = {c: s.name for c, s in schools(session).items()}
        seen = {v.school_id for v in mine}
        lines = tuple(Line(names.get(c, c), "/evaluation/visits/new", "本月未督导", "warn")
                      for c in codes if c not in seen)[:MAX_LINES]
        met = len(mine) >= me.monthly_quota
        return [Tile("evaluation", "evaluation.my_visits", f"{month}挂牌督导", f"{len(mine)} / {me.monthly_quota}",
                     "次", status="ok" if met else "warn", link="/evaluation/inspectors",
                     detail=f"本月应督导 {me.monthly_quota} 次，已督导 {len(mine)} 次；责任学校 {len(codes)} 所",
                     lines=lines)]
    if viewer.page not in ("cockpit", "queue"):
        return []
    people = list(session.scalars(select(EvaluationInspector).where(EvaluationInspector.active)
                                  .order_by(EvaluationInspector.id)))
    if not people:
        return []
    done: dict[int, int] = {}
    for v in _month_visits(session, first, viewer.today):
        done[v.inspector_id] = done.get(v.inspector_id, 0) + 1
    below = [p for p in people if done.get(p.id, 0) < p.monthly_quota]
    lines = tuple(Line(p.name, "/evaluation/inspectors", f"已督导 {done.get(p.id, 0)} / {p.monthly_quota} 次", "warn")
                  for p in below[:MAX_LINES])
    return [Tile("evaluation", "evaluation.quota", f"{month}督导未达次数的责任督学", len(below), "人",
                 status="warn" if below else "ok", link="/evaluation/inspectors",
                 detail=f"共 {len(people)} 名责任督学，{len(people) - len(below)} 名已完成本月督导次数", lines=lines)]
