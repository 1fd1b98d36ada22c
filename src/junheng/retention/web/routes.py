"""The 控辍保学 web edge: ``router`` (prefix ``/retention``), assembled from the page modules.

Every handler takes the current user (no anonymous access); the CSRF check runs on every POST. Pages and scope:

========================  ==============================================================================
/retention                dashboard (everyone, scoped: township → its cases, clerk → its school's)
/retention/cases…         case list, new case, case page, actions, 复学通知书, Excel (scoped; leader reads only)
/retention/rosters        term rosters: upload (bureau: county, clerk: own school), list, export
/retention/census         the census run and its result per school, transfer proofs, export
/retention/reconcile      population list, fuzzy matches to confirm or reject, cases (bureau only)
/retention/rates          dropout rates and 巩固率
/retention/zero-report    monthly zero-report per school, missing list
/retention/warnings       early-warning list with reasons and real follow-up
/retention/weekly.docx    the weekly report (bureau)
========================  ==============================================================================
"""

from __future__ import annotations

from fastapi import APIRouter

from junheng.retention.web import (
    case_new as web_case_new,
)
from junheng.retention.web import (
    cases as web_cases,
)
from junheng.retention.web import (
    census as web_census,
)
from junheng.retention.web import (
    population as web_population,
)
from junheng.retention.web import (
    reports as web_reports,
)
from junheng.retention.web import (
    warnings as web_warnings,
)
from junheng.web.deps import CSRF

router = APIRouter(prefix="/retention", dependencies=[CSRF])
router.add_api_route("", web_cases.home, methods=["GET"])   # the dashboard, at /retention itself
for _module in (web_case_new, web_cases, web_census, web_population, web_reports, web_warnings):   # /cases/new first
    router.include_router(_module.router)
