"""Ledger pages: the list with filters and counts, an item with its history and evidence, the dashboard, the
Word/Excel reports and evidence files. Writes (create, import, workflow steps, uploads) are in
``junheng.ledger.web.actions``, included here. Every handler takes the current user; scope is checked on every item
(out of scope by URL → 403)."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from junheng.ledger.core.model import DISPLAY_STATUSES, Category, LedgerItem, Severity
from junheng.ledger.core.stats import age_labels
from junheng.ledger.store import queries, shortfall_source
from junheng.ledger.store.evidence import EvidenceRefused, path_of
from junheng.ledger.web.actions import router as actions_router
from junheng.ledger.web.pages import FLASH, item_page, today
from junheng.store.models.accounts import AuditEntry
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter(prefix="/ledger", dependencies=[CSRF])
router.include_router(actions_router)


@dataclass
class ListPage:
    title: str
    listing: queries.ItemList
    filters: dict[str, str]
    statuses: tuple[str, ...]
    categories: list[str]
    severities: list[str]
    units: list[tuple[str, str]]
    ages: list[str]
    can_write: bool
    today: dt.date
    shortfalls: bool = False
    message: str = ""


@router.get("")
def item_list(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, status: str = "",
              unit: str = "", category: str = "", severity: str = "", age: str = "", q: str = ""):
    f = queries.Filters(status, unit, category, severity, age, q)
    day = today()
    page = ListPage("整改台账", queries.list_items(session, scope, f, day), f.as_dict(), DISPLAY_STATUSES,
                    [c.value for c in Category], [s.value for s in Severity], queries.unit_options(session, scope),
                    age_labels(), queries.can_verify(user), day, shortfall_source.provider() is not None)
    if request.headers.get("hx-request"):
        return render(request, "ledger/_items.html", page)
    page.message = request.session.pop(FLASH, "")
    return render(request, "ledger/list.html", page)


@router.get("/items/{item_no}")
def item(request: Request, item_no: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    return item_page(request, session, user, scope, item_no)


@router.get("/evidence/{evidence_id}")
def evidence_file(evidence_id: int, session: DbSession, user: CurrentUser, scope: CurrentScope,
                  deployment: DeploymentDep):
    """An evidence file, only for users who may see its item."""
    found = queries.evidence_record(session, evidence_id)
    if found is None:
        raise NotFound("没有这个佐证材料")
    ev, row = found
    if not queries.can_see(session, scope, row):
        raise Forbidden("您只能查看本单位范围内的佐证材料")
    try:
        path = path_of(deployment.settings.data_dir, ev.ref)
    except EvidenceRefused as exc:
        raise NotFound(str(exc)) from exc
    if not path.exists():
        raise NotFound("文件已不在服务器上，请联系管理员")
    inline = ev.content_type.startswith("image/") or ev.content_type == "application/pdf"
    disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(ev.name)}"
    return FileResponse(path, media_type=ev.content_type,
                        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
                                 "Cache-Control": "private, max-age=3600"})


@dataclass
class DashboardPage:
    title: str
    board: queries.Dashboard
    today: dt.date
    statuses: tuple[str, ...] = DISPLAY_STATUSES
    chart: dict = field(default_factory=dict)


@router.get("/dashboard")
def dashboard(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope):
    day = today()
    board = queries.dashboard(session, scope, day)
    chart = {
        "status": [[k, v] for k, v in board.status_counts.items()],
        "categories": list(board.by_category),
        "by_category": [[s, [row[s] for row in board.by_category.values()]] for s in DISPLAY_STATUSES],
        "overdue_units": [[name, n] for name, n in board.overdue_by_unit],
        "ages": [[k, v] for k, v in board.ages.items()],
    }
    return render(request, "ledger/dashboard.html", DashboardPage("整改台账看板", board, day, chart=chart))


def _report(kind: str, items: list[LedgerItem], day: dt.date, title: str) -> bytes:
    from junheng.ledger.reports.word import write_excel_report, write_word_report

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report.{kind}"
        (write_word_report if kind == "docx" else write_excel_report)(items, day, path, title)
        return path.read_bytes()


MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/export.{kind}")
def export(kind: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    """The rectification report (整改情况报告) of the items in scope, as Word or Excel."""
    if kind not in MEDIA:
        raise NotFound("只能导出 Word（.docx）或 Excel（.xlsx）")
    day = today()
    items = queries.full_items(session, scope)
    data = _report(kind, items, day, "整改台账情况报告")
    session.add(AuditEntry(username=user.username, action="ledger:export", target=f"export.{kind}",
                           detail={"items": len(items), "as_of": day.isoformat()}))
    name = f"整改台账情况报告（{day:%Y%m%d}）.{kind}"
    return Response(data, media_type=MEDIA[kind],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
