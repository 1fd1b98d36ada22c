"""The school list (with filters) and the school page; a user sees only the schools in their scope."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from sqlalchemy import select

from junheng.registry.core.codes import LOCATIONS, SCHOOL_KINDS
from junheng.registry.store.models import Township
from junheng.registry.store.queries import SchoolDetail, SchoolRow, list_schools, school_detail
from junheng.web.deps import CSRF, CurrentScope, CurrentUser, DbSession, Forbidden, NotFound
from junheng.web.render import render

router = APIRouter(dependencies=[CSRF])


@dataclass
class SchoolListPage:
    title: str
    rows: list[SchoolRow]
    townships: list[tuple[str, str]]
    kinds: tuple[str, ...]
    locations: tuple[str, ...]
    filters: dict[str, str]
    totals: dict[str, int]


@router.get("/schools")
def schools(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope,
            township: str = "", kind: str = "", location: str = "", q: str = ""):
    rows = list_schools(session, scope, township, kind, location, q)
    towns = [(t.township_code, t.name) for t in session.scalars(select(Township).order_by(Township.township_code))
             if scope.allows_township(t.township_code)]
    page = SchoolListPage(
        title="学校名册", rows=rows, townships=towns, kinds=SCHOOL_KINDS, locations=LOCATIONS,
        filters={"township": township, "kind": kind, "location": location, "q": q},
        totals={"students": sum(r.students for r in rows), "teachers": sum(r.teachers for r in rows),
                "classes": sum(r.classes for r in rows)},
    )
    if request.headers.get("hx-request"):
        return render(request, "_school_rows.html", page)
    return render(request, "schools.html", page)


@dataclass
class SchoolPage:
    title: str
    detail: SchoolDetail


@router.get("/schools/{school_id}")
def school(request: Request, school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    detail = school_detail(session, school_id)
    if detail is None:
        raise NotFound(f"没有学校标识码为 {school_id} 的学校")
    if not scope.allows_school(school_id, detail.school.township_code):
        raise Forbidden("您只能查看本单位范围内的学校")
    return render(request, "school.html", SchoolPage(title=detail.school.name, detail=detail))
