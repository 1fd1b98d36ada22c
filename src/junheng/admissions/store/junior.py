"""小升初 (database edge): the registry's grade-6 students (在读) of each primary school, assigned to the 对口
junior school of the zone table; the exceptions are kept with their reason."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from junheng.admissions.core import Graduate, assign_juniors
from junheng.admissions.store.models import AdmissionsJunior
from junheng.admissions.store.setup import load_places, load_zones
from junheng.registry.store.models import School, Student
from junheng.store.models.accounts import AuditEntry


def assign(session: Session, year: int, username: str) -> tuple[int, int]:
    """Replace the year's assignment; returns (assigned, exceptions)."""
    zones = load_zones(session, year)
    juniors = {s.school_id: s.name for s in load_places(session, year, "初中").values()}
    for sid, name in session.execute(select(School.school_id, School.name)):
        if sid in juniors:
            juniors[sid] = name
    grads = [Graduate(sid, name, school) for sid, name, school in session.execute(
        select(Student.student_id, Student.name, Student.school_id).where(Student.grade == 6, Student.status == "在读"))]
    out = assign_juniors(grads, zones.feeders, juniors)
    names = {g.student_id: g.name for g in grads}
    session.execute(delete(AdmissionsJunior).where(AdmissionsJunior.year == year))
    if out:
        session.execute(AdmissionsJunior.__table__.insert(), [
            {"year": year, "student_id": a.student_id, "student_name": names[a.student_id],
             "primary_school": a.primary_school, "junior_school": a.junior_school, "reason": a.reason} for a in out])
    done = sum(1 for a in out if a.junior_school)
    session.add(AuditEntry(username=username, action="admissions:junior", target=str(year),
                           detail={"assigned": done, "exceptions": len(out) - done}))
    return done, len(out) - done
