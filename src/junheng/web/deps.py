"""Typed dependencies: database session, current user, role and scope checks, CSRF. Attached at router level
so that a new page cannot skip them."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from junheng.accounts import Scope, scope_of, session_user
from junheng.deployment import Deployment
from junheng.store.models.accounts import User


class LoginRequired(Exception):
    pass


class NotFound(Exception):
    def __init__(self, message: str = "页面不存在"):
        self.message = message


class Forbidden(Exception):
    def __init__(self, message: str = "您没有权限访问此页面"):
        self.message = message


def get_deployment(request: Request) -> Deployment:
    return request.app.state.deployment


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on an error."""
    deployment: Deployment = request.app.state.deployment
    with deployment.db.transaction() as session:
        yield session


# scope="function": commit before the response is sent, so a redirect after a POST shows the new data
DbSession = Annotated[Session, Depends(get_session, scope="function")]
DeploymentDep = Annotated[Deployment, Depends(get_deployment)]


SESSION_KEY = "sid"  # the cookie's random session token, checked against web_session on every request


def current_user(request: Request, session: DbSession) -> User:
    """The user of a live server-side session: a cookie from before a logout or a password change is refused
    even though its signature is still good."""
    user = session_user(session, str(request.session.get(SESSION_KEY) or ""))
    if user is None:
        raise LoginRequired()
    # a detached snapshot for templates: error pages render after the request's session has closed
    request.state.user = SimpleNamespace(id=user.id, username=user.username, display_name=user.display_name,
                                         role=user.role, school_id=user.school_id, township_code=user.township_code)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_scope(user: CurrentUser) -> Scope:
    return scope_of(user)


CurrentScope = Annotated[Scope, Depends(current_scope)]


def require_roles(*roles: str):
    """A dependency that lets only these roles through."""

    def check(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden()
        return user

    return Depends(check)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    """Every state-changing request must carry the session's token (form field or htmx header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.headers.get("x-csrf-token")
    if not sent:
        form = await request.form()
        sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not expected or not sent or not secrets.compare_digest(str(sent), expected):
        raise Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


CSRF = Depends(csrf_protect)
