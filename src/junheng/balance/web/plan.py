"""The optimised plan (editable unit costs) and scenarios (what if: teachers, building, pupils moved). Both
compute from the stored data and never write it: they are GET requests, so a
read-only leader can use them too. Results come back as htmx fragments."""

from __future__ import annotations

import tempfile
import threading
from dataclasses import fields
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request

from junheng.balance.core.plan_model import TransferPolicy, UnitCosts
from junheng.balance.store.queries import CountyAssessment
from junheng.balance.web.common import can_write, load, require_county, select_view
from junheng.balance.web.pages import _page
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, NotFound
from junheng.web.render import render

router = APIRouter()
COST_LABELS = {
    "new_hire": ("新招聘达到规定学历的专任教师", "元/人"),
    "new_hire_pe_arts": ("新招聘体育、艺术专任教师", "元/人"),
    "new_hire_backbone": ("引进县级及以上骨干教师", "元/人"),
    "cultivate_backbone": ("培养认定县级骨干教师", "元/人"),
    "transfer": ("交流轮岗调配一名教师", "元/人"),
    "teaching_area_m2": ("新建教学及辅助用房", "元/㎡"),
    "sports_area_m2": ("新建体育运动场馆", "元/㎡"),
    "equipment_yuan": ("购置教学仪器设备（每元）", "元/元"),
    "multimedia_room": ("建设网络多媒体教室", "元/间"),
}
SCOPES = {"same_township": "同一乡镇内", "county": "全县范围", "none": "不交流"}
_PLANS: dict[tuple, object] = {}
_LOCK = threading.Lock()


def _costs(request: Request) -> tuple[UnitCosts, dict[str, str]]:
    """Unit costs from the query string; blank disables an action; defaults where absent."""
    defaults = UnitCosts()
    values, raw = {}, {}
    for f in fields(UnitCosts):
        text = request.query_params.get(f.name)
        if text is None:
            values[f.name] = getattr(defaults, f.name)
            raw[f.name] = "" if values[f.name] is None else f"{values[f.name]:g}"
            continue
        raw[f.name] = text.strip()
        try:
            values[f.name] = None if not text.strip() else max(0.0, float(text.replace(",", "")))
        except ValueError:
            values[f.name] = getattr(defaults, f.name)
    return UnitCosts(**values), raw


def _need(session, user, year, standard) -> tuple:
    require_county(user)
    sel = select_view(session, year, standard)
    return sel, load(session, sel)


@router.get("/plan")
def plan_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
              standard: str = "quality_2017"):
    sel, ca = _need(session, user, year, standard)
    _costs_obj, raw = _costs(request)
    return render(request, "balance/plan.html", _page("达标优化方案", sel, user, ca, scope, costs=raw,
                                                      labels_cost=COST_LABELS, scopes=SCOPES))


def _plan(ca: CountyAssessment, costs: UnitCosts, transfer_scope: str, seconds: float):
    from junheng.balance.core.plan import optimise_plan

    key = (id(ca), costs, transfer_scope, seconds)
    with _LOCK:
        if key in _PLANS:  # the value holds ``ca`` itself, so its id cannot be reused while cached
            return _PLANS[key][1]
    plan = optimise_plan(ca.assessment.table, ca.standard, costs=costs, policy=TransferPolicy(scope=transfer_scope),
                         time_limit=seconds)
    with _LOCK:
        if len(_PLANS) > 16:
            _PLANS.pop(next(iter(_PLANS)))
        _PLANS[key] = (ca, plan)
    return plan


@router.get("/plan/run")
def plan_run(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
             standard: str = "quality_2017", transfer_scope: str = "same_township", seconds: float = 10.0):
    from junheng.balance.core.plan import PlanError

    sel, ca = _need(session, user, year, standard)
    if ca is None:
        raise NotFound("尚无数据")
    costs, _raw = _costs(request)
    transfer_scope = transfer_scope if transfer_scope in SCOPES else "same_township"
    plan, error = None, ""
    try:
        plan = _plan(ca, costs, transfer_scope, min(max(seconds, 2.0), 60.0))
    except PlanError as exc:
        error = str(exc)
    names = {s.school_id: s.school_name for s in ca.assessment.sections()}
    return render(request, "balance/_plan_result.html", _page("方案", sel, user, ca, scope, plan=plan, error=error,
                                                              query=request.url.query, names=names,
                                                              transfers=plan_transfers(plan, user)))


def plan_transfers(plan, user) -> str:
    """The plan's teacher transfers as the JSON the teacher module's exchange proposal takes (who moves is
    chosen there, among eligible teachers); empty when there are none or no teacher module is installed."""
    import json

    from junheng.modules import api_of

    if plan is None or not can_write(user) or api_of("teachers") is None:
        return ""
    rows = [{"from": a.counterpart, "to": a.school_id, "stage": a.stage, "count": round(a.amount), "reason": a.text}
            for a in plan.actions if a.action == "transfer_in" and a.counterpart and round(a.amount) >= 1]
    return json.dumps(rows, ensure_ascii=False) if rows else ""


@router.get("/plan.xlsx")
def plan_export(request: Request, session: DbSession, user: CurrentUser, year: int | None = None,
                standard: str = "quality_2017", transfer_scope: str = "same_township", seconds: float = 10.0):
    from junheng.balance.core.shortfalls import cv_drivers, shortfalls
    from junheng.balance.reports.excel import export_results
    from junheng.balance.web.tools import XLSX, download

    sel, ca = _need(session, user, year, standard)
    if ca is None:
        raise NotFound("尚无数据")
    costs, _raw = _costs(request)
    plan = _plan(ca, costs, transfer_scope if transfer_scope in SCOPES else "same_township",
                 min(max(seconds, 2.0), 60.0))
    with tempfile.TemporaryDirectory() as tmp:
        out = export_results(Path(tmp) / "plan.xlsx", plan.assessment, shortfalls=shortfalls(ca.assessment),
                             drivers=cv_drivers(ca.assessment), plan=plan)
        return download(out.read_bytes(), f"达标优化方案_{sel.year}.xlsx", XLSX)


SCENARIO_KINDS = {
    "teachers": "增加达到规定学历的专任教师（人）",
    "backbone": "增加县级以上骨干教师（人）",
    "pe_arts": "增加体育、艺术专任教师（人）",
    "teaching_area": "新建教学及辅助用房（㎡）",
    "sports_area": "新建体育运动场馆（㎡）",
    "equipment": "购置教学仪器设备（万元）",
    "multimedia": "建设网络多媒体教室（间）",
    "students": "在校生增减（人）",
    "move": "学生转到另一学部（人）",
}


def scenario_changes(sections: list[str], kinds: list[str], amounts: list[str], targets: list[str]) -> list:
    """Form rows (section "school_id|stage", kind, amount, target section) → core ``Change`` objects."""
    from junheng.balance.core import scenarios as sc

    out = []
    for i, (sec, kind, text) in enumerate(zip(sections, kinds, amounts, strict=False)):
        if not sec or not kind or not str(text).strip():
            continue
        try:
            amount = float(str(text).replace(",", ""))
        except ValueError as exc:
            raise ValueError(f"第 {i + 1} 行的数量「{text}」不是数字") from exc
        sid, _, stage = sec.partition("|")
        if kind in ("teachers", "backbone", "pe_arts"):
            if amount != int(amount):
                raise ValueError(f"第 {i + 1} 行：教师人数应为整数")
            out += sc.add_teachers(sid, stage, int(amount), backbone=kind == "backbone", pe_arts=kind == "pe_arts")
        elif kind in ("teaching_area", "sports_area"):
            out.append(sc.build_area(sid, stage, amount, "teaching" if kind == "teaching_area" else "sports"))
        elif kind == "equipment":
            out.append(sc.add_equipment(sid, stage, amount * 10_000))
        elif kind == "multimedia":
            out.append(sc.add_multimedia_rooms(sid, stage, int(amount)))
        elif kind == "students":
            out.append(sc.Change(sid, stage, "students", amount, "在校生增减"))
        elif kind == "move":
            target = targets[i] if i < len(targets) else ""
            if not target:
                raise ValueError(f"第 {i + 1} 行：请选择学生转入的学部")
            tid, _, tstage = target.partition("|")
            out += sc.move_students(sid, stage, tid, tstage, int(amount))
        else:
            raise ValueError(f"第 {i + 1} 行：未知的调整类型")
    return out


@router.get("/scenario")
def scenario_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                  year: int | None = None, standard: str = "quality_2017"):
    sel, ca = _need(session, user, year, standard)
    options = [(f"{s.school_id}|{s.stage}", f"{s.school_name}（{s.stage}）") for s in ca.assessment.sections()] \
        if ca else []
    return render(request, "balance/scenario.html", _page("情景模拟", sel, user, ca, scope, options=options,
                                                          kinds=SCENARIO_KINDS))


@router.get("/scenario/run")
def scenario_run(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                 year: int | None = None, standard: str = "quality_2017",
                 section: Annotated[list[str] | None, Query()] = None, kind: Annotated[list[str] | None, Query()] = None,
                 amount: Annotated[list[str] | None, Query()] = None,
                 target: Annotated[list[str] | None, Query()] = None):
    """Re-assess with the changes, next to today's state; nothing is stored."""
    from junheng.balance.core.scenarios import run_scenario

    sel, ca = _need(session, user, year, standard)
    if ca is None:
        raise NotFound("尚无数据")
    result, error = None, ""
    try:
        changes = scenario_changes(section or [], kind or [], amount or [], target or [])
        result = run_scenario(ca.assessment.table, changes, ca.standard, county=ca.figures.inputs,
                              checklist=_checklist(session, ca))
    except ValueError as exc:
        error = str(exc)
    return render(request, "balance/_scenario_result.html", _page("情景", sel, user, ca, scope, result=result,
                                                                  error=error))


def _checklist(session, ca: CountyAssessment):
    from junheng.balance.store.queries import checklist

    return checklist(session, ca.county_code, ca.year, ca.standard)
