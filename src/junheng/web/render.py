"""Template rendering: one Jinja2 environment over the web templates and every feature's templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from junheng.accounts import ROLES

WEB_TEMPLATES = Path(__file__).parent / "templates"


def navigation() -> tuple[tuple[str, str, str | None], ...]:
    """The side menu: home, the school list, then every module of the registry that has a menu entry."""
    from junheng.modules import MODULES

    return (("/", "首页", None), ("/schools", "学校名册", None),
            *((m.url, m.title, m.name) for m in MODULES if m.nav))  # fmt: skip


def build_templates() -> Jinja2Templates:
    from junheng.modules import MODULES

    dirs = [WEB_TEMPLATES] + [folder for m in MODULES if (folder := m.templates()) is not None]
    templates = Jinja2Templates(directory=str(WEB_TEMPLATES))
    templates.env.loader = ChoiceLoader([FileSystemLoader(str(d)) for d in dirs])
    templates.env.globals["ROLES"] = ROLES
    templates.env.globals["NAV"] = navigation()
    templates.env.filters["num"] = _num
    templates.env.filters["pct"] = lambda v, d=1: "—" if v is None else f"{v * 100:.{d}f}%"
    return templates


def _num(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def render(request: Request, name: str, context: object | None = None, status_code: int = 200):
    """Render a page (or, for htmx requests of a ``_partial.html``, just the fragment)."""
    from junheng.web.deps import csrf_token

    templates: Jinja2Templates = request.app.state.templates
    data = dict(vars(context)) if context is not None and hasattr(context, "__dataclass_fields__") else dict(context or {})
    data.setdefault("page", context)
    user = getattr(request.state, "user", None)
    data.update(user=user, nav=templates.env.globals["NAV"], csrf=csrf_token(request), path=request.url.path)
    return templates.TemplateResponse(request, name, data, status_code=status_code)
