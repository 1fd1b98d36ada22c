"""Public pages of admissions — deliberately without login (parents):

- ``/admissions/public/apply``: the application form. CSRF-protected like every form, limited to
  ``SUBMISSIONS_PER_MINUTE`` per client address, the ID number checked (GB 11643 check digit) and stored
  protected; a child can apply once a year and section. The page answers with the receipt number.
- ``/admissions/public/status``: receipt number + the child's ID number → that application's status and
  result only (both must match; limited to ``LOOKUPS_PER_MINUTE`` per address). A refused application can be
  appealed there, with its grounds; a pending one can be corrected (``/amend``: the form filled in again, the
  receipt number and ID number checked again on saving, the child and section fixed).

Everything a parent typed is rendered escaped (Jinja2 autoescape); names are limited in length."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request

from junheng.admissions.core.model import HUKOU_KINDS, OWNERS, PRIVATE
from junheng.admissions.store import decisions
from junheng.admissions.store.applications import (
    AMENDABLE,
    REJECTED,
    ApplicationRefused,
    FormData,
    amend,
    can_amend,
    lookup,
    submit,
)
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.store.setup import load_places
from junheng.admissions.store.years import current_year
from junheng.web.deps import DbSession, DeploymentDep
from junheng.web.offload import off_the_loop
from junheng.web.render import render
from junheng.web.security import RateLimiter

router = APIRouter(prefix="/public")
SUBMISSIONS_PER_MINUTE = 5
LOOKUPS_PER_MINUTE = 10
TEXT_FIELDS = ("child_name", "id_number", "gender", "section", "hukou_kind", "hukou", "property", "owner", "permit",
               "home", "sibling_group", "chosen", "guardian", "phone")


def _limiter(request: Request, name: str, per_minute: int) -> RateLimiter:
    state = request.app.state
    attr = f"admissions_{name}"
    if not hasattr(state, attr):
        setattr(state, attr, RateLimiter(per_minute))
    return getattr(state, attr)


def _client(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


@dataclass
class ApplyPage:
    title: str
    year: int
    schools: list[tuple[str, str, str, str]]      # id, name, section, ownership
    hukou_kinds: tuple[str, ...] = HUKOU_KINDS
    owners: tuple[str, ...] = OWNERS
    form: dict[str, str] = field(default_factory=dict)
    error: str = ""
    done: AdmissionsApplication | None = None
    amending: AdmissionsApplication | None = None  # a parent's correction of this pending application


def _apply_page(session, **kw) -> ApplyPage:
    y = current_year(session)
    schools = [(p.school_id, p.name, p.section, p.ownership) for sec in ("小学", "初中")
               for p in load_places(session, y, sec).values()]
    return ApplyPage("网上报名", y, schools, **kw)


@router.get("/apply")
def apply_form(request: Request, session: DbSession):
    return render(request, "admissions/public_apply.html", _apply_page(session))


def _int(text: str) -> int:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 3 else 0


def _form_data(session, form: dict[str, str]) -> FormData:
    """The posted form as FormData, or ``ApplicationRefused`` when a choice is not one of the lists'."""
    y = current_year(session)
    places = {**load_places(session, y, "小学"), **load_places(session, y, "初中")}
    chosen = form.get("chosen", "").strip()
    data = FormData(**{k: form.get(k, "").strip() for k in TEXT_FIELDS if k not in ("chosen",)},
                    chosen=chosen if chosen in places else "",
                    permit_months=_int(form.get("permit_months", "")), insurance_months=_int(form.get("insurance_months", "")))
    if data.section not in ("小学", "初中") or data.hukou_kind not in HUKOU_KINDS or data.owner not in OWNERS \
            or data.gender not in ("男", "女") or (chosen and chosen not in places):
        raise ApplicationRefused("请完整填写表单（学段、性别、户籍类型、产权人、所报学校须从列表中选择）")
    if data.section == "初中" and not (chosen and places[chosen].ownership == PRIVATE):
        raise ApplicationRefused("公办初中按小学对口升学，无需网上报名；报名民办初中请选择学校")
    return data


@router.post("/apply")
@off_the_loop
async def apply(request: Request, session: DbSession, deployment: DeploymentDep):
    form = {k: str(v)[:120] for k, v in (await request.form()).items() if isinstance(v, str)}
    limiter = _limiter(request, "submissions", SUBMISSIONS_PER_MINUTE)
    if limiter.blocked(_client(request)):
        return render(request, "admissions/public_apply.html",
                      _apply_page(session, form=form, error="提交过于频繁，请一分钟后再试。"), status_code=429)
    limiter.fail(_client(request))
    try:
        row = submit(session, current_year(session), _form_data(session, form), deployment.protector)
    except ApplicationRefused as exc:
        return render(request, "admissions/public_apply.html", _apply_page(session, form=form, error=str(exc)),
                      status_code=400)
    return render(request, "admissions/public_apply.html", _apply_page(session, done=row))


@dataclass
class StatusPage:
    title: str
    number: str = ""
    row: AdmissionsApplication | None = None
    searched: bool = False
    error: str = ""
    message: str = ""
    names: dict[str, str] = field(default_factory=dict)


def _names(session) -> dict[str, str]:
    from junheng.admissions.store.queries import school_names

    return school_names(session)


@router.get("/status")
def status_form(request: Request):
    return render(request, "admissions/public_status.html", StatusPage("报名查询"))


async def _find(request: Request, session, deployment):
    form = {k: str(v)[:300] for k, v in (await request.form()).items() if isinstance(v, str)}
    number, idn = form.get("number", "").strip()[:32], form.get("id_number", "").strip()[:18]
    limiter = _limiter(request, "lookups", LOOKUPS_PER_MINUTE)
    if limiter.blocked(_client(request)):
        return form, None, render(request, "admissions/public_status.html",
                                  StatusPage("报名查询", number, error="查询过于频繁，请一分钟后再试。"), status_code=429)
    limiter.fail(_client(request))
    if not number or not idn:
        return form, None, render(request, "admissions/public_status.html",
                                  StatusPage("报名查询", number, error="请输入报名回执号和儿童身份证件号"), status_code=400)
    return form, lookup(session, number, idn, deployment.protector), None


def _status_page(session, number: str, row: AdmissionsApplication | None, **kw) -> StatusPage:
    """The status page after a lookup (found or not), with the school names it shows."""
    return StatusPage("报名查询", number[:32], row, True, names=_names(session), **kw)


@router.post("/status")
@off_the_loop
async def status(request: Request, session: DbSession, deployment: DeploymentDep):
    form, row, refused = await _find(request, session, deployment)
    if refused is not None:
        return refused
    return render(request, "admissions/public_status.html",
                  _status_page(session, form.get("number", ""), row))


@router.post("/appeal")
@off_the_loop
async def public_appeal(request: Request, session: DbSession, deployment: DeploymentDep):
    form, row, refused = await _find(request, session, deployment)
    if refused is not None:
        return refused
    page = _status_page(session, form.get("number", ""), row)
    if row is None or row.status != REJECTED:
        page.error = "只有审核不通过的报名可以申诉"
        return render(request, "admissions/public_status.html", page, status_code=409)
    try:
        decisions.appeal(session, row, form.get("grounds", ""), f"家长（{row.application_no}）")
    except ApplicationRefused as exc:
        page.error = str(exc)
        return render(request, "admissions/public_status.html", page, status_code=400)
    page.message = "已收到申诉，教育局将复核并在此公布结果"
    return render(request, "admissions/public_status.html", page)


def _form_of(row: AdmissionsApplication) -> dict[str, str]:
    return {k: str(getattr(row, k) or "") for k in TEXT_FIELDS if k != "id_number"} | {
        "permit_months": str(row.permit_months or ""), "insurance_months": str(row.insurance_months or "")}


@router.post("/amend")
@off_the_loop
async def amend_form(request: Request, session: DbSession, deployment: DeploymentDep):
    """The application form filled in with a pending application's facts (after receipt number + ID number)."""
    form, row, refused = await _find(request, session, deployment)
    if refused is not None:
        return refused
    if row is None or not can_amend(row):
        page = _status_page(session, form.get("number", ""), row, error=AMENDABLE if row is not None else "")
        return render(request, "admissions/public_status.html", page, status_code=409 if row is not None else 200)
    page = _apply_page(session, form=_form_of(row) | {"id_number": form.get("id_number", "").strip()[:18]},
                       amending=row)
    return render(request, "admissions/public_apply.html", page)


@router.post("/amend/save")
@off_the_loop
async def amend_save(request: Request, session: DbSession, deployment: DeploymentDep):
    form, row, refused = await _find(request, session, deployment)
    if refused is not None:
        return refused
    fields = {k: str(v)[:120] for k, v in (await request.form()).items() if isinstance(v, str)}
    if row is None:
        return render(request, "admissions/public_status.html",
                      _status_page(session, form.get("number", ""), None), status_code=404)
    try:
        changed = amend(session, row, _form_data(session, {**fields, "section": row.section}), deployment.protector,
                        f"家长（{row.application_no}）")
    except ApplicationRefused as exc:
        return render(request, "admissions/public_apply.html",
                      _apply_page(session, form=fields, amending=row, error=str(exc)), status_code=400)
    page = _status_page(session, row.application_no, row, message=f"已修改：{'、'.join(changed)}。系统已按新信息重新核验，请等待审核。" if changed
                      else "没有修改任何信息。")
    return render(request, "admissions/public_status.html", page)
