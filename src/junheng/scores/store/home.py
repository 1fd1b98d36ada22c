"""教学质量's home-page tiles (``junheng.home``): the newest exam's headline and value-added spread for the
leader, and for a school clerk the exams of the last weeks their school took part in.

The headline reads the exam's cached analysis (``queries.load_exam``, the one the exam pages use). The
value-added spread is shown only when the model is already fitted (cached by the value-added page, the reports
or an earlier home page); fitting it is left to those pages, so the home page never waits for a mixed model."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.home import Line, Tile, Viewer
from junheng.scores.core.model import TOTAL
from junheng.scores.store.models import ExamStudent
from junheng.scores.store.queries import _cache_get, cache_key, default_prior, list_exams, load_exam

RECENT_DAYS = 60
MAX_LINES = 5
VA_MIN_SIZE = 10  # insights.va_result's default, the key its cached result is stored under


def _rate(value) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value * 100:.1f}%"


def _cached_value_added(session: Session, loaded):
    prior = default_prior(session, loaded.info)
    if prior is None:
        return None, None
    key = cache_key(session, loaded.info, "value_added", (prior.id,), (prior.created_at,), TOTAL, VA_MIN_SIZE)
    return prior, _cache_get(key)


def _cockpit(session: Session, exams) -> list[Tile]:
    if not exams:
        return [Tile("scores", "scores.latest_exam", "最近一次考试", "暂无", status="info", link="/scores",
                     detail="尚未导入考试成绩", headline=True)]
    info = exams[0]
    loaded = load_exam(session, info)
    county = loaded.analysis.county(TOTAL)
    grade = f"{info.grade_label} · " if info.grade_label else ""
    headline = Tile("scores", "scores.latest_exam", "最近一次考试", info.name, status="info",
                    link=f"/scores/exams/{info.id}",
                    detail=f"{info.date} · {grade}参考 {int(county['n']):,} 人 · 总分均分 {county['mean']:.1f}，"
                           f"优秀率 {_rate(county['excellent_rate'])}，及格率 {_rate(county['pass_rate'])}",
                    headline=True)
    prior, va = _cached_value_added(session, loaded)
    link = f"/scores/exams/{info.id}/value-added"
    if prior is None:
        spread = Tile("scores", "scores.value_added_spread", "增值评价：学校效应极差", "—", status="info", link=link,
                      detail="本年级尚无更早的考试作前测，无法计算增值")
    elif va is None:
        spread = Tile("scores", "scores.value_added_spread", "增值评价：学校效应极差", "待计算", status="info",
                      link=link, detail=f"以「{prior.name}」为前测；打开增值评价页计算")
    else:
        valid = va.schools[va.schools["status"] == "有效"].sort_values("effect")
        if valid.empty:
            spread = Tile("scores", "scores.value_added_spread", "增值评价：学校效应极差", "—", status="info",
                          link=link, detail="各校样本不足，不作比较")
        else:
            low, high = valid.iloc[0], valid.iloc[-1]
            width = float(high["effect"] - low["effect"])
            spread = Tile("scores", "scores.value_added_spread", "增值评价：学校效应极差", f"{width:.1f}", "分",
                          status="info", link=link,
                          detail=f"最高 {high['school']} {high['effect']:+.1f}，最低 {low['school']} "
                                 f"{low['effect']:+.1f}（{len(valid)} 所学校，前测「{prior.name}」）")
    return [headline, spread]


def _school(session: Session, viewer: Viewer, exams) -> list[Tile]:
    since = (viewer.today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    recent = [e for e in exams if str(e.date)[:10] >= since or (e.created_at or "")[:10] >= since]
    taken = dict(session.execute(select(ExamStudent.exam_id, func.count()).where(
        ExamStudent.exam_id.in_([e.id for e in recent]), ExamStudent.school_id == viewer.school_id)
        .group_by(ExamStudent.exam_id)).all()) if recent else {}
    mine = [e for e in recent if taken.get(e.id)]
    lines = tuple(Line(e.name, f"/scores/exams/{e.id}/schools/{viewer.school_id}", f"{e.date} · 本校 {taken[e.id]} 人")
                  for e in mine[:MAX_LINES])
    return [Tile("scores", "scores.results_released", "新发布的考试成绩", len(mine), "次", status="info",
                 link="/scores", detail=f"近 {RECENT_DAYS} 天本校参加的全县考试" if mine else
                 f"近 {RECENT_DAYS} 天没有本校参加的考试", lines=lines)]


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page == "cockpit":
        return _cockpit(session, list_exams(session))
    if viewer.page == "school":
        return _school(session, viewer, list_exams(session))
    return []
