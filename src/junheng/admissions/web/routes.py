"""招生入学 pages. Bureau admins and staff import, review and allocate; the leader reads; a school clerk sees
the applications for their school only (and its row of the figures); township officials get 403. The public
form and the status lookup (``junheng.admissions.web.public``) need no login by design.

This file: the dashboard, the zones page (table, check, lookup), imports with preview and the year's settings.
The queue and one application are in ``web/applications.py``; allocation, 小升初 and exports in
``web/allocation.py``."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Form, Request, UploadFile

from junheng.admissions.core import AdmissionSettings, county_shares, parse_address
from junheng.admissions.store import queries, setup
from junheng.admissions.store.applications import import_applications, preview_applications
from junheng.admissions.store.years import save_settings, settings_for
from junheng.admissions.web.allocation import router as allocation_router
from junheng.admissions.web.applications import router as applications_router
from junheng.admissions.web.pages import (
    FLASH,
    READERS,
    flash,
    keep_upload,
    pending_upload,
    see_other,
    writer,
    year_of,
)
from junheng.admissions.web.public import router as public_router
from junheng.io.problems import ImportFailed, Problem
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, DeploymentDep
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/admissions", dependencies=[CSRF])
router.include_router(public_router)          # no login: /admissions/public/…
pages = APIRouter(dependencies=[READERS])
pages.include_router(applications_router)
pages.include_router(allocation_router)


@dataclass
class DashboardPage:
    title: str
    year: int
    counts: dict[str, int]
    rows: list
    shares: dict[str, object]
    chart: dict
    settings: AdmissionSettings
    county_wide: bool
    message: str = ""


@router.get("", dependencies=[READERS])
def dashboard(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    y = year_of(session, year)
    s = settings_for(session, y)
    q = queries.queue(session, scope, y, queries.Filters())
    rows = queries.demand(session, y, "小学", scope) + queries.demand(session, y, "初中", scope)
    shares = {which: county_shares(rows, s, which) for which in ("now", "if_all_taken", "after")}
    chart = {"schools": [r.name for r in rows], "seats": [r.seats for r in rows],
             "applicants": [r.applicants for r in rows], "admitted": [r.admitted for r in rows],
             "shares": [[label, *(round(100 * (getattr(shares[w], attr) or 0), 1) for w in ("now", "if_all_taken", "after"))]
                        for label, attr in (("超过班额上限", "over_limit_share"), (f"大班额（>{s.large_class}）", "large_share"),
                                            (f"超大班额（>{s.huge_class}）", "huge_share"))]}
    page = DashboardPage("招生入学", y, {"total": q.total, **q.counts}, rows, shares, chart, s, scope.county_wide,
                         flash(request))
    return render(request, "admissions/dashboard.html", page)


@dataclass
class ZonesPage:
    title: str
    year: int
    zones: list
    issues: list[str]
    address: str = ""
    section: str = "小学"
    matches: list = field(default_factory=list)
    looked_up: bool = False
    can_write: bool = False
    settings: AdmissionSettings | None = None
    problems: list[Problem] = field(default_factory=list)
    preview: dict | None = None
    message: str = ""
    names: dict[str, str] = field(default_factory=dict)

    @property
    def setting_fields(self) -> list[tuple[str, str, object]]:
        s = self.settings
        return [(n, f.description or n, getattr(s, n)) for n, f in type(s).model_fields.items()] if s else []


def _zones_page(request, session, user, y: int, **extra) -> ZonesPage:
    table = setup.load_zones(session, y)
    page = ZonesPage("学区划片", y, queries.zone_rows(session, y), [i.message for i in table.check()],
                     can_write=user.role in ("bureau_admin", "bureau_staff"), settings=settings_for(session, y),
                     names=queries.school_names(session), message=flash(request))
    for k, v in extra.items():
        setattr(page, k, v)
    return page


@pages.get("/zones")
def zones(request: Request, session: DbSession, user: CurrentUser, year: int | None = None, address: str = "",
          section: str = "小学"):
    y = year_of(session, year)
    page = _zones_page(request, session, user, y)
    if address.strip():
        sec = section if section in ("小学", "初中") else "小学"
        page.address, page.section, page.looked_up = address.strip()[:100], sec, True
        page.matches = setup.load_zones(session, y).lookup(parse_address(address[:100]), sec)
    return render(request, "admissions/zones.html", page)


IMPORTS = {"zones": "学区划片表", "places": "招生计划", "applications": "报名名单"}


@pages.post("/import/{kind}")
@off_the_loop
async def import_file(request: Request, kind: str, session: DbSession, deployment: DeploymentDep,
                      user: CurrentUser, year: int = Form(...), file: UploadFile | None = None, token: str = Form("")):
    """Step 1 (a file): read and check it, show the preview. Step 2 (the preview's token): write one batch."""
    from python_calamine import CalamineError

    writer(user)
    if kind not in IMPORTS:
        return see_other(session, "/admissions/zones")
    y = year_of(session, year)
    settings = settings_for(session, y)
    confirm = pending_upload(deployment, token)
    if confirm is None and file is None:
        page = _zones_page(request, session, user, y, problems=[Problem(IMPORTS[kind], "", None, "", "请选择要上传的文件")])
        return render(request, "admissions/zones.html", page, status_code=400)
    path, name = (confirm, request.session.get(f"admissions_upload_{confirm.name}", IMPORTS[kind])) if confirm \
        else await keep_upload(deployment, file, kind)
    try:
        if confirm is None:
            if kind == "zones":
                p = setup.preview_zones(path, name)
                lines = [f"{p.zones} 个片区、{p.units} 个地址单元、{p.schools} 所学校、{p.feeders} 条小升初对口"]
                lines += [f"注意：{m}" for m in p.issues]
            elif kind == "places":
                from junheng.admissions.readers.workbooks import read_seats

                n = {sec: read_seats(path, settings, name, sec) for sec in ("小学", "初中")}
                lines = [f"{sec} {len(v)} 所学校、{sum(x.seats for x in v.values())} 个学位" for sec, v in n.items()]
            else:
                p = preview_applications(session, y, path, deployment.protector, name)
                lines = [f"{p.rows} 名儿童：新增 {p.new} 份报名，更新 {p.updated} 份"]
            request.session[f"admissions_upload_{path.name}"] = name
            page = _zones_page(request, session, user, y, preview={"kind": kind, "label": IMPORTS[kind], "file": name,
                                                                    "token": path.name, "lines": lines})
            return render(request, "admissions/zones.html", page)
        if kind == "zones":
            result = setup.import_zones(session, y, path, user.username, name)
        elif kind == "places":
            result = setup.import_places(session, y, path, user.username, settings, name)
        else:
            result = import_applications(session, y, path, user.username, deployment.protector, name)
    except ImportFailed as failed:
        path.unlink(missing_ok=True)
        page = _zones_page(request, session, user, y, problems=failed.problems)
        return render(request, "admissions/zones.html", page, status_code=400)
    except CalamineError as exc:
        path.unlink(missing_ok=True)
        page = _zones_page(request, session, user, y, problems=[
            Problem(name, "", None, "", f"无法读取该文件（{exc}），请上传 Excel 文件（.xlsx 或 .xls）")])
        return render(request, "admissions/zones.html", page, status_code=400)
    path.unlink(missing_ok=True)
    counts = "；".join(f"新增 {c['inserted']}、更新 {c['updated']}、未变 {c['unchanged']}" for c in result.summary().values())
    request.session[FLASH] = f"已导入{IMPORTS[kind]}「{name}」（批次 {result.batch_id}，可在“数据导入”中撤销）：{counts}"
    if kind == "zones" or kind == "places":
        from junheng.admissions.store.applications import apply_review

        apply_review(session, y)
    target = "/admissions/applications" if kind == "applications" else "/admissions/zones"
    return see_other(session, f"{target}?year={y}")


@pages.post("/settings")
@off_the_loop
async def save_year_settings(request: Request, session: DbSession, user: CurrentUser):
    writer(user)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str) and k != "csrf_token"}
    try:
        s = AdmissionSettings(**{k: v for k, v in form.items() if k in AdmissionSettings.model_fields and v.strip()})
    except ValueError as exc:
        y = year_of(session, int(form.get("year", "0") or 0) if (form.get("year") or "").isdigit() else None)
        page = _zones_page(request, session, user, y, problems=[Problem("招生设置", "", None, "", str(exc)[:400])])
        return render(request, "admissions/zones.html", page, status_code=400)
    save_settings(session, s, user.username)
    from junheng.admissions.store.applications import apply_review

    apply_review(session, s.year)
    request.session[FLASH] = f"已保存 {s.year} 年招生设置，并按新设置重新核验了全部报名"
    return see_other(session, f"/admissions/zones?year={s.year}")


router.include_router(pages)
