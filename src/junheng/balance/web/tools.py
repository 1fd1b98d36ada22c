"""Shortfall list (with Excel export and 整改台账), and the report downloads: Word (ours or the bureau's docxtpl
template), Excel of every table, the JSON of the CLI contract and the per-section CSV it reads."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import Response

from junheng.balance.core.columns import CONTRACT_COLUMNS
from junheng.balance.core.jsonout import assessment_to_contract
from junheng.balance.core.shortfalls import cv_drivers, shortfalls
from junheng.balance.core.tables import driver_table, shortfall_table
from junheng.balance.store.queries import CountyAssessment
from junheng.balance.web.common import allows, can_write, load, require_county, require_write, select_view
from junheng.balance.web.pages import _page
from junheng.io.cells import csv_frame, guard_sheet
from junheng.store.models.accounts import AuditEntry
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, name: str, media: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _visible_shortfalls(ca: CountyAssessment, scope) -> list:
    towns = {s.school_id: s.township_code for s in ca.assessment.sections()}
    return [x for x in shortfalls(ca.assessment) if allows(scope, x.school_id, towns.get(x.school_id))]


def _ledger_available() -> bool:
    try:
        from junheng.ledger.api import create_items_from_shortfalls  # noqa: F401
    except ImportError:
        return False
    return True


def _shortfall_page(request, session, user, scope, year, standard, message="", error=""):
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    items = _visible_shortfalls(ca, scope) if ca else []
    drivers = cv_drivers(ca.assessment) if ca and scope.county_wide else []
    page = _page("短板清单", sel, user, ca, scope, items=items, drivers=drivers, message=message, error=error,
                 ledger=_ledger_available() and can_write(user))
    return render(request, "balance/shortfalls.html", page)


@router.get("/shortfalls")
def shortfall_list(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                   year: int | None = None, standard: str = "quality_2017"):
    """Every section × indicator short of its threshold, in absolute terms; why each failing CV fails."""
    return _shortfall_page(request, session, user, scope, year, standard)


@router.get("/shortfalls.xlsx")
def shortfall_export(session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
                     standard: str = "quality_2017"):
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    if ca is None:
        raise NotFound("尚无数据")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        shortfall_table(_visible_shortfalls(ca, scope)).to_excel(xw, sheet_name="短板清单", index=False)
        if scope.county_wide:
            driver_table(cv_drivers(ca.assessment)).to_excel(xw, sheet_name="差异系数成因", index=False)
        for ws in xw.sheets.values():
            guard_sheet(ws)
            ws.freeze_panes = "A2"
            for col in ws.columns:
                ws.column_dimensions[col[0].column_letter].width = min(60, max(10, *(len(str(c.value or "")) * 1.8
                                                                                     for c in col[:100])))
    return download(buf.getvalue(), f"短板清单_{sel.year}.xlsx", XLSX)


@router.post("/shortfalls/ledger")
def shortfalls_to_ledger(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                         year: int | None = None, standard: str = "quality_2017"):
    """Create a 整改台账 item per shortfall (the ledger skips those already open)."""
    from junheng.balance.store.service import send_to_ledger

    require_write(user)
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    if ca is None:
        raise NotFound("尚无数据")
    ids = send_to_ledger(session, shortfalls(ca.assessment), user.username)
    if ids is None:
        return _shortfall_page(request, session, user, scope, year, standard, error="整改台账模块不可用")
    msg = (f"已向整改台账新增 {len(ids)} 条整改事项" if ids else "短板均已有未销号的整改事项，未重复新增")
    return _shortfall_page(request, session, user, scope, year, standard, message=msg)


@router.get("/reports")
def reports(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None,
            standard: str = "quality_2017"):
    require_county(user)
    sel = select_view(session, year, standard)
    ca = load(session, sel)
    return render(request, "balance/reports.html", _page("报告下载", sel, user, ca, scope,
                                                         can_write=can_write(user)))


def _report_bytes(ca: CountyAssessment, template: Path | None = None) -> bytes:
    from junheng.balance.reports.word import build_report, render_template

    items, drivers = shortfalls(ca.assessment), cv_drivers(ca.assessment)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.docx"
        if template is None:
            build_report(out, ca.assessment, county=ca.county_name, year=ca.year, shortfalls=items, drivers=drivers)
        else:
            render_template(template, out, ca.assessment, county=ca.county_name, year=ca.year, shortfalls=items,
                            drivers=drivers)
        return out.read_bytes()


def _need(session, user, year, standard) -> CountyAssessment:
    require_county(user)
    ca = load(session, select_view(session, year, standard))
    if ca is None:
        raise NotFound("尚无办学条件数据")
    return ca


@router.get("/report.docx")
def report_docx(session: DbSession, user: CurrentUser, year: int | None = None, standard: str = "quality_2017"):
    ca = _need(session, user, year, standard)
    session.add(AuditEntry(username=user.username, action="balance:report", target=f"{ca.year}/{standard}",
                           detail={"format": "docx"}))
    return download(_report_bytes(ca), f"{ca.county_name}{ca.year}年{'优质' if standard == 'quality_2017' else '基本'}"
                                       f"均衡自评报告.docx", DOCX)


@router.post("/report.docx")
@off_the_loop
async def report_from_template(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
                               template: UploadFile, year: int | None = None, standard: str = "quality_2017"):
    """The same report through the bureau's own Word template (docxtpl placeholders)."""
    require_write(user)
    ca = _need(session, user, year, standard)
    data = await template.read()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "template.docx"
        path.write_bytes(data)
        try:
            content = _report_bytes(ca, path)
        except Exception as exc:  # noqa: BLE001 — a broken user template is reported, not a server error
            sel = select_view(session, year, standard)
            return render(request, "balance/reports.html", _page("报告下载", sel, user, ca, scope,
                                                                 can_write=True, error=f"模板无法套用：{exc}"),
                          status_code=400)
    return download(content, f"{ca.county_name}{ca.year}年自评报告（套用模板）.docx", DOCX)


@router.get("/report.xlsx")
def report_xlsx(session: DbSession, user: CurrentUser, year: int | None = None, standard: str = "quality_2017"):
    from junheng.balance.reports.excel import export_results

    ca = _need(session, user, year, standard)
    with tempfile.TemporaryDirectory() as tmp:
        out = export_results(Path(tmp) / "r.xlsx", ca.assessment, shortfalls=shortfalls(ca.assessment),
                             drivers=cv_drivers(ca.assessment))
        content = out.read_bytes()
    return download(content, f"{ca.county_name}{ca.year}年均衡评估表.xlsx", XLSX)


@router.get("/assessment.json")
def assessment_json(session: DbSession, user: CurrentUser, year: int | None = None, standard: str = "quality_2017"):
    """The assessment in the CLI contract's JSON (``junheng balance assess --json``)."""
    ca = _need(session, user, year, standard)
    body = json.dumps(assessment_to_contract(ca.assessment), ensure_ascii=False)
    return Response(body, media_type="application/json")


@router.get("/sections.csv")
def sections_csv(session: DbSession, user: CurrentUser, year: int | None = None, standard: str = "quality_2017"):
    """The assessed sections (after splits and teacher derivation) in the CLI contract's CSV columns."""
    ca = _need(session, user, year, standard)
    frame = ca.assessment.table.sections.rename(columns={"full_time_teachers": "teachers",
                                                         "mid_title_teachers": "teachers_mid_title"})
    cols = list(CONTRACT_COLUMNS[standard])
    body = csv_frame(frame[cols]).to_csv(index=False, float_format="%.17g")
    return download(body.encode("utf-8-sig"), f"学部数据_{ca.year}_{standard}.csv", "text/csv")
