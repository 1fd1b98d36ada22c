"""Login and logout. Failures are counted per username and per client address; too many in a minute lock
both for ``login_lockout_minutes``. A login always starts a new server-side session (a new random token in a
fresh cookie); logout deletes it, so the old cookie is refused."""

from __future__ import annotations

import math

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.accounts import check_password, end_session, start_session
from junheng.store.models.accounts import AuditEntry, User
from junheng.web.deps import CSRF, SESSION_KEY, DbSession
from junheng.web.render import render

router = APIRouter(dependencies=[CSRF])


@router.get("/login")
def login_page(request: Request):
    return render(request, "login.html", {"error": ""})


@router.post("/login")
def login(request: Request, session: DbSession, username: str = Form(...), password: str = Form(...)):
    limiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "?"
    keys = (f"user:{username}", f"ip:{client}")
    if wait := limiter.wait_seconds(*keys):
        return render(request, "login.html", {"error": lockout_message(wait)}, status_code=429)
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None or not user.active or not check_password(user.password_hash, password):
        limiter.fail(*keys)
        session.add(AuditEntry(username=username, action="login:fail", target=client, detail={}))
        if wait := limiter.wait_seconds(*keys):
            return render(request, "login.html", {"error": lockout_message(wait)}, status_code=429)
        return render(request, "login.html", {"error": "用户名或密码错误"}, status_code=401)
    limiter.reset(*keys)
    end_session(session, str(request.session.get(SESSION_KEY) or ""))
    request.session.clear()  # a new cookie: nothing from before the login (CSRF token included) carries over
    request.session[SESSION_KEY] = start_session(session, user, request.app.state.deployment.settings.session_max_age_hours)
    session.add(AuditEntry(username=username, action="login", target=client, detail={}))
    return RedirectResponse("/", status_code=303)


def lockout_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"登录失败次数过多，已暂时锁定：请 {minutes} 分钟后再试（如忘记密码，请联系系统管理员重置）"


@router.post("/logout")
def logout(request: Request, session: DbSession):
    end_session(session, str(request.session.get(SESSION_KEY) or ""))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
