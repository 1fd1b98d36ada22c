"""Login and logout. Failures are rate limited per username and per client address."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from junheng.accounts import check_password
from junheng.store.models.accounts import AuditEntry, User
from junheng.web.deps import CSRF, DbSession
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
    if limiter.blocked(*keys):
        return render(request, "login.html", {"error": "登录失败次数过多，请一分钟后再试"}, status_code=429)
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None or not user.active or not check_password(user.password_hash, password):
        limiter.fail(*keys)
        session.add(AuditEntry(username=username, action="login:fail", target=client, detail={}))
        return render(request, "login.html", {"error": "用户名或密码错误"}, status_code=401)
    limiter.reset(*keys)
    request.session.clear()
    request.session["user_id"] = user.id
    session.add(AuditEntry(username=username, action="login", target=client, detail={}))
    return RedirectResponse("/", status_code=303)


@router.post("/logout")
def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
