"""The balance web edge: ``/balance/…`` pages (assessment, shortfalls, plan, scenarios, projection, data
collection, checklist, reports). Every handler takes the current user; scope is checked on every school.

Handlers live in ``web_pages`` (county, heat map, CVs, school), ``web_tools`` (shortfalls, reports),
``web_plan`` (plan, scenarios), ``web_projection``, ``web_data`` (template, upload, form) and ``web_checklist``
(judgements, evidence, county figures); query code in ``queries``, writes in ``store_io`` and ``service``.
"""

from __future__ import annotations

from fastapi import APIRouter

from junheng.balance.web import (
    checklist as web_checklist,
)
from junheng.balance.web import (
    data as web_data,
)
from junheng.balance.web import (
    pages as web_pages,
)
from junheng.balance.web import (
    plan as web_plan,
)
from junheng.balance.web import (
    projection as web_projection,
)
from junheng.balance.web import (
    tools as web_tools,
)
from junheng.web.deps import CSRF

router = APIRouter(prefix="/balance", dependencies=[CSRF])
router.add_api_route("", web_pages.county, methods=["GET"])  # an included router cannot have an empty path
for _module in (web_pages, web_tools, web_plan, web_projection, web_data, web_checklist):
    router.include_router(_module.router)
