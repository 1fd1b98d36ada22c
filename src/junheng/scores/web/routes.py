"""The web edge of exam analytics: ``router`` (mounted by ``junheng.web.app``) gathers the page groups.

Every route needs a signed-in user of a role that may read exam data (township officials get 403); writes
(import, undo, report generation, templates) need bureau admin or staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request

from junheng.scores.store.access import can_write
from junheng.scores.store.queries import ExamInfo, list_exams
from junheng.scores.web import (
    analysis as routes_analysis,
)
from junheng.scores.web import (
    imports as routes_import,
)
from junheng.scores.web import (
    pages as routes_pages,
)
from junheng.scores.web import (
    report_pages as routes_reports,
)
from junheng.scores.web.common import Reader
from junheng.web.deps import CSRF, CurrentUser, DbSession
from junheng.web.render import render

router = APIRouter(prefix="/scores", dependencies=[CSRF])


@dataclass
class ExamListPage:
    title: str
    exams: list[ExamInfo]
    can_write: bool
    own_school: str | None


@router.get("", dependencies=[Reader])
def exam_list(request: Request, session: DbSession, user: CurrentUser):
    return render(request, "scores/list.html",
                  ExamListPage("考试成绩", list_exams(session), can_write(user.role), user.school_id))  # fmt: skip


for _group in (routes_import, routes_reports, routes_analysis, routes_pages):
    router.include_router(_group.router)
