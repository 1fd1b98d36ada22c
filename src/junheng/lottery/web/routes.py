"""Lottery pages. Bureau admins and staff set up, import, freeze and draw; the leader reads; school clerks and
township officials get 403. The public pages (``junheng.lottery.web.public``: search one receipt, download the
published list and result file) need no login by design.

Set-up, import and freeze are here; the draw, the projector page and verification in
``junheng.lottery.web.draw``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import RedirectResponse

from junheng.accounts import WRITE_ROLES
from junheng.io.problems import ImportFailed, Problem
from junheng.lottery.store import intake, queries, service
from junheng.lottery.store.forms import SCHOOL_SLOTS, form_of, parse_setup, school_options
from junheng.lottery.web.draw import router as draw_router
from junheng.lottery.web.pages import (
    BUREAU,
    FLASH,
    download,
    lottery_view,
    overview,
    public_url,
    see_other,
    writer,
)
from junheng.lottery.web.public import router as public_router
from junheng.web.deps import CSRF, CurrentUser, DbSession, DeploymentDep
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/lottery", dependencies=[CSRF])
router.include_router(public_router)          # no login: /lottery/public/…
pages = APIRouter(dependencies=[BUREAU])


@dataclass
class ListPage:
    title: str
    rows: list[queries.LotteryRow]
    can_write: bool


@router.get("", dependencies=[BUREAU])
def lottery_list(request: Request, session: DbSession, user: CurrentUser):
    return render(request, "lottery/list.html",
                  ListPage("电脑派位", queries.list_lotteries(session), user.role in WRITE_ROLES))


@dataclass
class SetupPage:
    title: str
    form: dict[str, str]
    schools: list[tuple[str, str, str]]
    slots: int
    lottery_id: int | None = None
    has_commitment: bool = False
    error: str = ""


@dataclass
class SecretPage:
    title: str
    lottery_id: int
    secret: str
    commitment: str


DEFAULT_FORM = {"bundle_siblings": "on", "random": "generate", "public_count": "0",
                "tier_labels": "1=户籍和房产均在学校划定的片区内\n2=其他符合条件的适龄儿童"}


@pages.get("/new")
def new_form(request: Request, session: DbSession, user: CurrentUser):
    writer(user)
    return render(request, "lottery/setup.html", SetupPage("新建派位", dict(DEFAULT_FORM), school_options(session),
                                                           SCHOOL_SLOTS))


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@pages.post("/new")
@off_the_loop
async def create(request: Request, session: DbSession, user: CurrentUser):
    writer(user)
    form = await _form(request)
    try:
        lottery, secret = service.create_lottery(session, parse_setup(session, form), user.username)
    except service.LotteryError as exc:
        page = SetupPage("新建派位", form, school_options(session), SCHOOL_SLOTS, error=str(exc))
        return render(request, "lottery/setup.html", page, status_code=400)
    if secret:
        return _show_secret_once(request, session, lottery.id, secret)
    request.session[FLASH] = "派位已创建，下一步：导入申请人名单"
    return see_other(session, f"/lottery/{lottery.id}")


SECRET = "lottery_secret"


def _show_secret_once(request: Request, session, lottery_id: int, secret: str) -> RedirectResponse:
    """Hand the generated secret to the next page view only (a reload of the form post creates nothing)."""
    request.session[SECRET] = {"id": lottery_id, "secret": secret}
    return see_other(session, f"/lottery/{lottery_id}/secret")


@pages.get("/{lottery_id:int}/secret")
def secret_page(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    """The generated secret, shown once: it is not stored anywhere (only its commitment)."""
    writer(user)
    v = lottery_view(session, lottery_id)
    held = request.session.pop(SECRET, None)
    if not held or held.get("id") != lottery_id:
        request.session[FLASH] = "秘密只显示一次，系统不保存秘密；如已遗失，请在冻结名单前重新生成承诺值"
        return RedirectResponse(f"/lottery/{lottery_id}", status_code=303)
    return render(request, "lottery/secret.html", SecretPage("请保存秘密", lottery_id, held["secret"], v.lottery.commitment))


@pages.get("/{lottery_id:int}")
def lottery_page(request: Request, lottery_id: int, session: DbSession, user: CurrentUser, q: str = "",
                 result: str = ""):
    return overview(request, session, user, lottery_id, q=q, result=result)


@pages.get("/{lottery_id:int}/setup")
def edit_form(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    writer(user)
    v = lottery_view(session, lottery_id)
    if v.state != service.DRAFT:
        return overview(request, session, user, lottery_id, error="名单已冻结，派位设置不能再修改", status_code=409)
    return render(request, "lottery/setup.html", SetupPage("修改派位设置", form_of(v.lottery), school_options(session),
                                                           SCHOOL_SLOTS, lottery_id, bool(v.lottery.commitment)))


@pages.post("/{lottery_id:int}/setup")
@off_the_loop
async def edit(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    writer(user)
    v = lottery_view(session, lottery_id)
    form = await _form(request)
    try:
        lottery, secret = service.update_setup(session, lottery_id, parse_setup(session, form), user.username)
    except service.LotteryError as exc:
        page = SetupPage("修改派位设置", form, school_options(session), SCHOOL_SLOTS, lottery_id,
                         bool(v.lottery.commitment), str(exc))
        return render(request, "lottery/setup.html", page, status_code=400)
    if secret:
        return _show_secret_once(request, session, lottery.id, secret)
    request.session[FLASH] = "派位设置已保存"
    return see_other(session, f"/lottery/{lottery_id}")


@pages.post("/{lottery_id:int}/applicants")
@off_the_loop
async def import_applicants(request: Request, lottery_id: int, session: DbSession, deployment: DeploymentDep,
                            user: CurrentUser, file: UploadFile):
    """Validate the registration list (Excel); every problem is listed with sheet, row and column."""
    from python_calamine import CalamineError

    writer(user)
    lottery_view(session, lottery_id)
    name = Path(file.filename or "报名名单.xlsx").name
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"lottery-{secrets.token_hex(8)}{Path(name).suffix.lower() or '.xlsx'}"
    stored.write_bytes(await file.read())
    try:
        summary = intake.import_applicants(session, lottery_id, stored, user.username, name)
    except ImportFailed as failed:
        return overview(request, session, user, lottery_id, problems=failed.problems, file_name=name,
                        status_code=400)
    except CalamineError as exc:
        problems = [Problem(name, "", None, "", f"无法读取该文件（{exc}），请上传 Excel 文件（.xlsx 或 .xls）")]
        return overview(request, session, user, lottery_id, problems=problems, file_name=name, status_code=400)
    except service.LotteryError as exc:
        return overview(request, session, user, lottery_id, error=str(exc), status_code=409)
    finally:
        stored.unlink(missing_ok=True)
    tiers = "，".join(f"第 {t} 档 {n} 人" for t, n in summary.tiers.items())
    request.session[FLASH] = (f"已导入「{name}」：参加派位 {summary.applicants} 人（{tiers}），兄弟姐妹组 {summary.groups} 个"
                              + (f"，不符合条件未列入 {summary.excluded} 人" if summary.excluded else ""))
    return see_other(session, f"/lottery/{lottery_id}")


@pages.post("/{lottery_id:int}/freeze")
def freeze(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    writer(user)
    try:
        record = service.freeze_lottery(session, lottery_id, user.username)
    except service.LotteryError as exc:
        return overview(request, session, user, lottery_id, error=str(exc), status_code=409)
    request.session[FLASH] = f"名单已冻结（{record.applicant_count} 人），请下载公告并在抽签前公布名单指纹"
    return see_other(session, f"/lottery/{lottery_id}")


@pages.get("/{lottery_id:int}/notice.docx")
def notice(request: Request, lottery_id: int, session: DbSession, user: CurrentUser):
    """The publication notice: rules, count, the list's SHA-256, the commitment and the public source."""
    from junheng.lottery.reports.notice import notice_lines, write_notice

    v = lottery_view(session, lottery_id)
    if v.freeze is None:
        return overview(request, session, user, lottery_id, error="名单尚未冻结，还没有可公布的名单指纹", status_code=409)
    lines = notice_lines(v.lottery.title, v.rules, v.tier_labels, v.freeze.applicant_count, v.tiers,
                         v.freeze.list_sha256, v.lottery.commitment, v.lottery.public_source, v.lottery.public_count,
                         v.freeze.frozen_at, public_url(request, lottery_id))
    return download(write_notice(lines, v.lottery.title), f"{v.lottery.title}-名单指纹公告.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


router.include_router(pages)
router.include_router(draw_router)
