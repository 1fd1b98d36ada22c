"""评议与县级填报: the qualitative items judged by the inspector with their evidence files, and the county figures
(社会认可度 survey result, rates, 巩固率 when the retention module has no figures) — per county and year."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy import select

from junheng.balance.core.inputs import COUNTY_INPUT_LABELS, checklist_entries
from junheng.balance.store.models import BalanceEvidence
from junheng.balance.store.queries import checklist as load_checklist
from junheng.balance.store.queries import county_figures
from junheng.balance.store.service import (
    RATE_KEYS,
    InputError,
    add_evidence,
    evidence_path,
    save_county_inputs,
    save_judgement,
)
from junheng.balance.web.common import (
    Selection,
    can_write,
    require_county,
    require_write,
    select_view,
    tabs_for,
)
from junheng.standards import load_standard
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/checklist")
PERCENT_KEYS = tuple(k for k in RATE_KEYS if k != "teacher_pay_ratio")


@dataclass
class ChecklistPage:
    title: str
    sel: Selection
    tabs: list[tuple[str, str]]
    entries: list
    evidence: dict[str, list[BalanceEvidence]]
    inputs: list[dict]
    can_write: bool
    note: str = ""
    message: str = ""
    error: str = ""
    ca: object = True  # the assessment is not shown here: no "no data" banner


def _display(key: str, value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 100:g}" if key in PERCENT_KEYS else f"{value:g}"


def _page(session, user, year, standard, **kw) -> ChecklistPage:
    sel = select_view(session, year, standard)
    if sel.year is None:
        raise NotFound("尚无办学条件数据，请先导入")
    st = load_standard(standard)
    judged = load_checklist(session, sel.county_code, sel.year, standard)
    evidence: dict[str, list[BalanceEvidence]] = {}
    for ev in session.scalars(select(BalanceEvidence).filter_by(county_code=sel.county_code, year=sel.year,
                                                                standard=standard).order_by(BalanceEvidence.id)):
        evidence.setdefault(ev.item_key, []).append(ev)
    figures = county_figures(session, sel.county_code, sel.year)
    used = {k for d in st.dimensions for it in d.items if it.compute in ("county_input",)
            for spec in it.params.get("inputs", []) for k in [spec["input"]]}
    used |= {"retention_rate_junior", "junior_graduates", "junior_intake", "junior_transfers_in",
             "junior_transfers_out", "junior_deaths", "monitoring_level", "monitoring_difference_rate",
             "survey_satisfaction"}
    inputs = []
    for key, label in COUNTY_INPUT_LABELS.items():
        if key not in used:
            continue
        auto = getattr(figures.inputs, key)
        inputs.append({"key": key, "label": label, "percent": key in PERCENT_KEYS,
                       "value": _display(key, figures.stored.get(key)),
                       "source": figures.sources.get(key, ""), "auto": _display(key, auto)
                       if figures.sources.get(key, "县级填报") != "县级填报" else ""})
    return ChecklistPage("评议与县级填报", sel, tabs_for(user), checklist_entries(st, judged), evidence, inputs,
                         can_write(user), figures.note, **kw)


@router.get("")
def checklist_page(request: Request, session: DbSession, user: CurrentUser, year: int | None = None,
                   standard: str = "quality_2017"):
    require_county(user)
    return render(request, "balance/checklist.html", _page(session, user, year, standard))


@router.post("/inputs")
@off_the_loop
async def inputs(request: Request, session: DbSession, user: CurrentUser, year: int | None = None,
                 standard: str = "quality_2017"):
    require_write(user)
    sel = select_view(session, year, standard)
    form = await request.form()
    values: dict[str, float | None] = {}
    try:
        for key in COUNTY_INPUT_LABELS:
            if key not in form:
                continue
            text = str(form.get(key, "")).strip().rstrip("%")
            if not text:
                values[key] = None
                continue
            try:
                number = float(text)
            except ValueError as exc:
                raise InputError(f"「{COUNTY_INPUT_LABELS[key]}」的值「{text}」不是数字") from exc
            values[key] = number / 100 if key in PERCENT_KEYS else number
        n = save_county_inputs(session, sel.county_code, sel.year, values, user.username)
    except InputError as exc:
        return render(request, "balance/checklist.html", _page(session, user, year, standard, error=str(exc)),
                      status_code=400)
    session.flush()
    return render(request, "balance/checklist.html", _page(session, user, year, standard,
                                                           message=f"已保存县级填报数据（{n} 项有变化）"))


@router.post("/judge")
def judge(request: Request, session: DbSession, user: CurrentUser, year: int | None = None,
          standard: str = "quality_2017", item_key: str = Form(...), judgement: str = Form(""),
          note: str = Form("")):
    require_write(user)
    sel = select_view(session, year, standard)
    keys = {e.key for e in checklist_entries(load_standard(standard))}
    if item_key not in keys:
        raise NotFound(f"没有需要评议的条目 {item_key}")
    value = {"yes": True, "no": False}.get(judgement)
    save_judgement(session, sel.county_code, sel.year, standard, item_key, value, note, user.username)
    session.flush()
    return render(request, "balance/checklist.html", _page(session, user, year, standard,
                                                           message=f"已保存 {item_key} 的评议结论"))


@router.post("/evidence")
@off_the_loop
async def evidence(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser,
                   file: UploadFile, year: int | None = None, standard: str = "quality_2017",
                   item_key: str = Form(...)):
    require_write(user)
    sel = select_view(session, year, standard)
    st = load_standard(standard)
    if item_key not in {it.key for d in st.dimensions for it in d.items}:
        raise NotFound(f"没有条目 {item_key}")
    try:
        add_evidence(session, deployment.settings.data_dir, sel.county_code, sel.year, standard, item_key,
                     file.filename or "", await file.read(), user.username)
    except InputError as exc:
        return render(request, "balance/checklist.html", _page(session, user, year, standard, error=str(exc)),
                      status_code=400)
    return render(request, "balance/checklist.html", _page(session, user, year, standard,
                                                           message=f"已上传 {item_key} 的佐证材料"))


@router.get("/evidence/{evidence_id}")
def evidence_file(evidence_id: int, session: DbSession, deployment: DeploymentDep, user: CurrentUser):
    require_county(user)
    ev = session.get(BalanceEvidence, evidence_id)
    if ev is None:
        raise NotFound("没有这个佐证材料")
    try:
        path = evidence_path(deployment.settings.data_dir, ev)
    except InputError as exc:
        raise NotFound(str(exc)) from exc
    if not path.exists():
        raise NotFound("佐证材料文件已不存在")
    return FileResponse(path, filename=ev.file_name)
