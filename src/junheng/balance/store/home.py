"""优质均衡's home-page tiles (``junheng.home``): the newest year's county verdict and what fails (from the cached
assessment, ``queries.county_assessment``), and the school data still to be filled in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.balance.core.tables import VERDICT
from junheng.balance.store.models import BalanceSchoolYear
from junheng.balance.store.queries import NoData, county_assessment, county_school_ids, default_county, years
from junheng.home import Line, Tile, Viewer
from junheng.registry.store.models import School

MAX_LINES = 6
STATUS = {True: "ok", False: "bad", None: "warn"}


def collection_year(session: Session, today: dt.date) -> int:
    """The year school data are being collected for: the newest with data (the balance data page's default)."""
    found = years(session)
    return found[0] if found else today.year


def _cockpit(session: Session) -> list[Tile]:
    found = years(session)
    if not found:
        return [Tile("balance", "balance.verdict", "优质均衡评估", "暂无数据", status="info", link="/balance/data",
                     detail="尚未导入办学条件数据", headline=True)]
    year = found[0]
    try:
        a = county_assessment(session, year).assessment
    except NoData as exc:
        return [Tile("balance", "balance.verdict", "优质均衡评估", "暂无数据", status="info", link="/balance/data",
                     detail=str(exc), headline=True)]
    failing = [(d, it) for d in a.dimensions.values() for it in d.items if it.passes is False]
    open_items = sum(it.passes is None for d in a.dimensions.values() for it in d.items)
    passed = sum(d.passes is True for d in a.dimensions.values())
    detail = f"{year} 学年：{len(a.dimensions)} 个方面中 {passed} 个达标，未达标指标 {len(failing)} 项" + (
        f"，待定 {open_items} 项" if open_items else "")
    lines = tuple(Line(f"{it.key} {it.name}", f"/balance?year={year}", d.name, "bad") for d, it in failing[:MAX_LINES])
    verdict = Tile("balance", "balance.verdict", "优质均衡评估", VERDICT[a.passes], status=STATUS[a.passes],
                   link=f"/balance?year={year}", detail=detail, headline=True, lines=lines)
    sections = a.sections()
    short = [s for s in sections if not s.passes]
    cvs = [f"{stage}{cv.key}" for stage, st in a.stages.items() for cv in st.cvs.values() if cv.passes is False]
    resource = Tile("balance", "balance.sections_failing", "资源配置未达标学部", len(short), "个",
                    "bad" if short else "ok", f"/balance/heatmap?year={year}",
                    f"共 {len(sections)} 个学部；差异系数超限：{'、'.join(cvs) or '无'}",
                    lines=tuple(Line(f"{s.school_name} · {s.stage}", f"/balance/schools/{s.school_id}?year={year}",
                                     f"{s.met} 项达标", "bad") for s in short[:MAX_LINES]))
    return [verdict, resource]


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page == "cockpit":
        return _cockpit(session)
    if viewer.page not in ("queue", "school"):
        return []
    year = collection_year(session, viewer.today)
    filed = select(BalanceSchoolYear.school_id).where(BalanceSchoolYear.year == year).distinct()
    if viewer.page == "school":
        done = session.scalar(select(func.count()).select_from(BalanceSchoolYear).where(
            BalanceSchoolYear.year == year, BalanceSchoolYear.school_id == viewer.school_id))
        return [Tile("balance", "balance.form", f"{year} 学年办学条件采集表", "已填报" if done else "待填报",
                     status="ok" if done else "warn", link=f"/balance/data/form/{viewer.school_id}?year={year}",
                     detail=f"已填 {done} 个学部，可继续修改" if done else "填写本校各学部的办学条件数据")]
    code, _ = default_county(session)
    ids = county_school_ids(session, code)
    missing = list(session.execute(select(School.school_id, School.name).where(
        School.school_id.in_(ids), School.school_id.not_in(filed)).order_by(School.school_id)))
    return [Tile("balance", "balance.forms_missing", f"{year} 学年未填报办学条件的学校", len(missing), "所",
                 "warn" if missing else "ok", f"/balance/data?year={year}", f"全县 {len(ids)} 所学校",
                 lines=tuple(Line(name, f"/balance/data/form/{sid}?year={year}", "未填报", "warn")
                             for sid, name in missing[:MAX_LINES]))]
