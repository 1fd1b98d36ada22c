"""Shared pieces of the evaluation pages: who may write, flash messages, redirects after a POST."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from junheng.accounts import BUREAU_ROLES, WRITE_ROLES
from junheng.evaluation.store.schools import visible_codes
from junheng.web.deps import Forbidden

FLASH = "evaluation_flash"
ERROR = "evaluation_error"
READ_ROLES = (*BUREAU_ROLES, "school_clerk", "township_official", "inspector")


def is_bureau(user) -> bool:
    return user.role in BUREAU_ROLES


def require_writer(user) -> None:
    if user.role not in WRITE_ROLES:
        raise Forbidden("只有教育局管理员和工作人员可以执行此操作（局领导为只读）")


def require_bureau(user) -> None:
    if user.role not in BUREAU_ROLES:
        raise Forbidden("此页面仅供教育局查看")


def require_school(session, scope, user, code: str) -> None:
    codes = visible_codes(session, scope, user.username)
    if codes is not None and code not in codes:
        raise Forbidden("您只能查看本校（或您挂牌督导学校）的评价结果")


def done(request: Request, session, url: str, message: str = "", error: str = "") -> RedirectResponse:
    """Commit, remember the message for the next page, and redirect (303)."""
    if message:
        request.session[FLASH] = message
    if error:
        request.session[ERROR] = error
    session.commit()
    return RedirectResponse(url, status_code=303)


def messages(request: Request) -> tuple[str, str]:
    return request.session.pop(FLASH, ""), request.session.pop(ERROR, "")
