"""Template rendering: one Jinja2 environment over the web templates and every feature's templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from junheng.accounts import ROLES

WEB_TEMPLATES = Path(__file__).parent / "templates"
FEATURES = ("balance", "scores", "retention", "ledger", "lottery")

NAV = (
    ("/", "首页", None),
    ("/schools", "学校名册", None),
    ("/balance", "优质均衡", "balance"),
    ("/scores", "教学质量", "scores"),
    ("/retention", "控辍保学", "retention"),
    ("/ledger", "整改台账", "ledger"),
    ("/lottery", "电脑派位", "lottery"),
)


def build_templates() -> Jinja2Templates:
    package = Path(__file__).parent.parent
    dirs = [WEB_TEMPLATES] + [package / f / "templates" for f in FEATURES if (package / f / "templates").is_dir()]
    templates = Jinja2Templates(directory=str(WEB_TEMPLATES))
    templates.env.loader = ChoiceLoader([FileSystemLoader(str(d)) for d in dirs])
    templates.env.globals["ROLES"] = ROLES
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
    data.update(user=user, nav=NAV, csrf=csrf_token(request), path=request.url.path)
    return templates.TemplateResponse(request, name, data, status_code=status_code)
