"""Admissions reads: the queue with filters and scope, one application, the zone table view, the per-school
demand rows behind the dashboard and the published figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.admissions.core import AdmissionSettings, SchoolDemand
from junheng.admissions.store.applications import STATUSES
from junheng.admissions.store.models import AdmissionsApplication, AdmissionsJunior, AdmissionsZoneUnit
from junheng.admissions.store.setup import load_places
from junheng.registry.store.models import School, Student

A = AdmissionsApplication
PAGE_SIZE = 100


def scoped(stmt, scope: Scope):
    """Bureau roles see every application; a school clerk those for their school (by zone, choice or result)."""
    if scope.county_wide:
        return stmt
    if scope.role == "school_clerk" and scope.school_id:
        s = scope.school_id
        return stmt.where(or_(A.school_id == s, A.chosen == s, A.result_school == s))
    return stmt.where(A.id < 0)


def visible(row: AdmissionsApplication, scope: Scope) -> bool:
    if scope.county_wide:
        return True
    return scope.role == "school_clerk" and scope.school_id in (row.school_id, row.chosen, row.result_school)


@dataclass
class Filters:
    status: str = ""
    school: str = ""
    section: str = ""
    source: str = ""
    eligible: str = ""
    result: str = ""
    q: str = ""
    page: int = 1

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in vars(self).items() if k != "page"}


@dataclass
class Queue:
    rows: list[AdmissionsApplication]
    total: int
    counts: dict[str, int]
    page: int
    pages: int


def queue(session: Session, scope: Scope, year: int, f: Filters) -> Queue:
    base = scoped(select(A).where(A.year == year), scope)
    counts = dict(Counter(session.scalars(scoped(select(A.status).where(A.year == year), scope))))
    stmt = base
    if f.status in STATUSES:
        stmt = stmt.where(A.status == f.status)
    if f.school:
        stmt = stmt.where(or_(A.school_id == f.school, A.chosen == f.school))
    if f.section in ("小学", "初中"):
        stmt = stmt.where(A.section == f.section)
    if f.source in ("网上报名", "批量导入"):
        stmt = stmt.where(A.source == f.source)
    if f.eligible in ("是", "否"):
        stmt = stmt.where(A.rules_eligible.is_(f.eligible == "是"))
    if f.result == "已录取":
        stmt = stmt.where(A.result_school.is_not(None))
    elif f.result == "未录取":
        stmt = stmt.where(A.result_stage != "", A.result_school.is_(None))
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(A.application_no.like(like), A.child_name.like(like)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, f.page), pages)
    rows = list(session.scalars(stmt.order_by(A.application_no).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    return Queue(rows, total, {s: counts.get(s, 0) for s in STATUSES}, page, pages)


def school_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(School.school_id, School.name)).all())


def school_township(session: Session, school_id: str) -> str | None:
    return session.scalar(select(School.township_code).where(School.school_id == school_id))


@dataclass
class ZoneRow:
    zone_id: str
    section: str
    mode: str
    schools: list[tuple[str, str]]
    units: list[str] = field(default_factory=list)


def zone_rows(session: Session, year: int) -> list[ZoneRow]:
    names = school_names(session)
    out: dict[tuple[str, str], ZoneRow] = {}
    for u in session.scalars(select(AdmissionsZoneUnit).where(AdmissionsZoneUnit.year == year)
                             .order_by(AdmissionsZoneUnit.section, AdmissionsZoneUnit.zone_id, AdmissionsZoneUnit.id)):
        key = (u.section, u.zone_id)
        if key not in out:
            schools = [(s, names.get(s, s)) for s in u.schools.split("|")]
            out[key] = ZoneRow(u.zone_id, u.section, u.mode, schools)
        label = u.place if u.kind != "道路" else \
            f"{u.place} {u.first}–{u.last} 号" + ("" if u.parity == "全部" else f"（{u.parity}）")
        out[key].units.append(label)
    return list(out.values())


def current_class_sizes(session: Session, section: str) -> dict[str, list[int]]:
    """Each school's class sizes now (students 在读 per class of the section's grades, from the registry)."""
    grades = range(1, 7) if section == "小学" else range(7, 10)
    rows = session.execute(select(Student.school_id, Student.class_name, func.count())
                           .where(Student.status == "在读", Student.grade.in_(list(grades)))
                           .group_by(Student.school_id, Student.class_name))
    out: dict[str, list[int]] = {}
    for school, _cls, n in rows:
        out.setdefault(school, []).append(int(n))
    return out


def demand(session: Session, year: int, section: str, scope: Scope | None = None) -> list[SchoolDemand]:
    """Per school of the year's places: seats, applicants (not refused), admitted, classes now."""
    places = load_places(session, year, section)
    applicants = dict(session.execute(select(A.school_id, func.count()).where(
        A.year == year, A.section == section, A.status != "审核不通过", A.school_id.is_not(None))
        .group_by(A.school_id)).all())
    admitted = dict(session.execute(select(A.result_school, func.count()).where(
        A.year == year, A.section == section, A.result_school.is_not(None)).group_by(A.result_school)).all())
    sizes = current_class_sizes(session, section)
    out = []
    for sid, p in places.items():
        if scope is not None and not scope.county_wide and scope.school_id != sid:
            continue
        out.append(SchoolDemand(sid, p.name, section, p.classes, p.class_limit, p.seats, applicants.get(sid, 0),
                                admitted.get(sid, 0), tuple(sizes.get(sid, ()))))
    return out


def junior_loads(session: Session, year: int, scope: Scope | None = None) -> list:
    """Each junior school's 对口 assignments against its planned seats (public junior schools of the plan; only the
    scope's own school for a school user, every one without a scope)."""
    from junheng.admissions.core import PUBLIC
    from junheng.admissions.core import junior_loads as loads

    assigned = dict(session.execute(select(AdmissionsJunior.junior_school, func.count()).where(
        AdmissionsJunior.year == year, AdmissionsJunior.junior_school.is_not(None))
        .group_by(AdmissionsJunior.junior_school)).all())
    schools = {sid: (p.name, p.seats) for sid, p in load_places(session, year, "初中").items() if p.ownership == PUBLIC}
    out = loads(assigned, schools)
    return [j for j in out if scope is None or scope.county_wide or j.school_id == scope.school_id]


def junior_rows(session: Session, year: int, scope: Scope) -> list[AdmissionsJunior]:
    stmt = select(AdmissionsJunior).where(AdmissionsJunior.year == year)
    if not scope.county_wide:
        stmt = stmt.where(or_(AdmissionsJunior.primary_school == scope.school_id,
                              AdmissionsJunior.junior_school == scope.school_id))
    return list(session.scalars(stmt.order_by(AdmissionsJunior.junior_school.is_(None).desc(),
                                              AdmissionsJunior.primary_school, AdmissionsJunior.student_id)))


def settings_summary(settings: AdmissionSettings) -> list[tuple[str, str]]:
    out = []
    for name, field_ in type(settings).model_fields.items():
        out.append((field_.description or name, str(getattr(settings, name))))
    return out
