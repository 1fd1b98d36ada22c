"""The settings page: every rule of ``TeacherSettings`` with its help text; bureau staff read, the bureau
administrator changes them (validated, saved with history, audited)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from pydantic import ValidationError

from junheng.teachers.core.settings import TeacherSettings
from junheng.teachers.store import queries, service
from junheng.web.deps import CSRF, CurrentUser, DbSession, Forbidden
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(dependencies=[CSRF])
READERS = ("bureau_admin", "bureau_staff", "leader")


def _fields(current: TeacherSettings) -> list[dict]:
    out = []
    for name, field in TeacherSettings.model_fields.items():
        value = getattr(current, name)
        kind = "bool" if isinstance(value, bool) else "json" if isinstance(value, (dict, tuple, list)) else "text"
        shown = json.dumps(value, ensure_ascii=False) if kind == "json" else value
        out.append({"name": name, "help": field.description, "kind": kind, "value": shown})
    return out


def _page(request, session, user, current: TeacherSettings, error: str = "", message: str = "", status: int = 200):
    page = {"title": "教师队伍设置", "fields": _fields(current), "can_write": user.role == "bureau_admin",
            "error": error, "message": message, "year": None}
    return render(request, "teachers/settings.html", page, status_code=status)


@router.get("/settings")
def settings_page(request: Request, session: DbSession, user: CurrentUser):
    if user.role not in READERS:
        raise Forbidden("教师队伍设置只对教育局开放")
    return _page(request, session, user, queries.settings(session), message=request.session.pop("teachers_flash", ""))


@router.post("/settings")
@off_the_loop
async def settings_save(request: Request, session: DbSession, user: CurrentUser):
    if user.role != "bureau_admin":
        raise Forbidden("只有教育局管理员可以修改教师队伍设置")
    form = await request.form()
    values: dict = {}
    for name, field in TeacherSettings.model_fields.items():
        default = getattr(TeacherSettings(), name)
        raw = form.get(name)
        if isinstance(default, bool):
            values[name] = raw == "on"
        elif raw is None:
            continue
        elif isinstance(default, (dict, tuple, list)):
            try:
                values[name] = json.loads(str(raw))
            except ValueError:
                return _page(request, session, user, queries.settings(session),
                             f"「{field.description}」不是有效的 JSON", status=422)
        else:
            values[name] = str(raw).strip()
    try:
        service.save_settings(session, values, user.username)
    except ValidationError as exc:
        names = {n: f.description for n, f in TeacherSettings.model_fields.items()}
        lines = [f"「{names.get(str(e['loc'][0]), e['loc'][0])}」：{e['msg']}" for e in exc.errors()]
        return _page(request, session, user, queries.settings(session), "；".join(lines), status=422)
    request.session["teachers_flash"] = "设置已保存，已记入操作日志"
    from fastapi.responses import RedirectResponse

    return RedirectResponse("/teachers/settings", status_code=303)
