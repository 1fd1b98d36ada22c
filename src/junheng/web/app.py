"""``create_app``: the web application from an explicit deployment; nothing is built at import time."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from junheng.deployment import Deployment
from junheng.modules import MODULES
from junheng.web.deps import Forbidden, LoginRequired, NotFound
from junheng.web.headers import SecurityHeaders
from junheng.web.render import build_templates, render
from junheng.web.routes import admin, auth, home, schools
from junheng.web.security import RateLimiter

STATIC = Path(__file__).parent / "static"


SESSION_COOKIE = "junheng_session"


class _Sessions(SessionMiddleware):
    """The signed session cookie: always HttpOnly and SameSite=Lax; Secure when the ``https`` setting says the
    site is served over HTTPS, or this request came over HTTPS (directly, or per X-Forwarded-Proto from a
    trusted proxy, which uvicorn applies to the scheme). Its content is only the random token of a server-side
    session (``web_session``) and the CSRF token.

    Static files never touch the session: a slow asset must not re-send (and roll back) a newer cookie."""

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if scope.get("scheme") == "https" and "secure" not in self.security_flags:
            await super().__call__(scope, receive, _secure_cookie(send, self.session_cookie))
            return
        await super().__call__(scope, receive, send)


def _secure_cookie(send, name: str):
    prefix = f"{name}=".encode()

    async def sending(message):
        if message["type"] == "http.response.start":
            message["headers"] = [(k, v + b"; secure" if k.lower() == b"set-cookie" and v.startswith(prefix)
                                   and b"; secure" not in v.lower() else v)
                                  for k, v in message.get("headers", [])]
        await send(message)

    return sending


def feature_routers():
    """Each module with pages exposes ``junheng.<module>.web.routes.router`` (found through the registry)."""
    for module in MODULES:
        if (router := module.router()) is not None:
            yield module.name, router


def serve(deployment: Deployment, host: str, port: int, **options) -> None:
    """Serve ``deployment`` with uvicorn (``options`` are uvicorn's).

    Before serving, everything loaded so far (the libraries, every module, the templates: some 350 000 objects)
    is moved out of the garbage collector's reach with ``gc.freeze()``: they live as long as the process, and a
    full collection walking them paused every request for ~0.3 s now and then (~0.05 s without them)."""
    import gc

    import uvicorn

    app = create_app(deployment)
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=host, port=port, **options)


def create_app(deployment: Deployment) -> FastAPI:
    app = FastAPI(title="均衡 Junheng", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.deployment = deployment
    app.state.templates = build_templates()
    settings = deployment.settings
    app.state.rate_limiter = RateLimiter(settings.login_attempts_per_minute, settings.login_lockout_minutes * 60)
    app.state.features = []
    app.add_middleware(_Sessions, secret_key=settings.resolved_secret_key(), session_cookie=SESSION_COOKIE,
                       max_age=settings.session_max_age_hours * 3600, same_site="lax", https_only=settings.https)
    app.add_middleware(SecurityHeaders)
    for module in MODULES:  # before the shared /static, which would otherwise answer /static/<module>/…
        if (folder := module.static()) is not None:
            app.mount(f"/static/{module.name}", StaticFiles(directory=folder), name=f"static-{module.name}")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (auth.router, home.router, schools.router, admin.router):
        app.include_router(router)
    for feature, router in feature_routers():
        app.include_router(router)
        app.state.features.append(feature)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired):
        if request.headers.get("hx-request"):
            return RedirectResponse("/login", status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden):
        return render(request, "error.html", {"title": "无权访问", "message": exc.message}, status_code=403)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound):
        return render(request, "error.html", {"title": "未找到", "message": exc.message}, status_code=404)

    return app
