"""Schools as the evaluation sees them (from the registry's tables, the shared nouns), and who may see which.

Scope: bureau roles see every school; a school clerk their own school; a township official the schools of
their township; an inspector (责任督学) the schools assigned to them in ``evaluation_assignment``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.evaluation.core.rubric import SchoolInfo
from junheng.evaluation.store.models import EvaluationAssignment, EvaluationInspector
from junheng.registry.store.models import School

EVALUATED_KINDS = ("小学", "初中", "九年一贯制", "十二年一贯制", "完全中学", "教学点")


@dataclass(frozen=True)
class SchoolRow:
    code: str
    name: str
    kind: str
    location: str
    township: str
    central: bool

    @property
    def info(self) -> SchoolInfo:
        return SchoolInfo(self.code, self.name, self.kind, self.location, self.central)


def schools(session: Session) -> dict[str, SchoolRow]:
    """Every evaluated school (special-education schools are evaluated by their own rules), by code."""
    rows = list(session.scalars(select(School).order_by(School.school_id)))
    central = {r.central_school_id for r in rows if r.central_school_id}
    return {r.school_id: SchoolRow(r.school_id, r.name, r.kind, r.location, r.township_code,
                                   r.school_id in central or "中心" in r.name)
            for r in rows if r.kind in EVALUATED_KINDS}


def inspector_of_user(session: Session, username: str) -> EvaluationInspector | None:
    return session.scalars(select(EvaluationInspector).where(EvaluationInspector.username == username)).first()


def visible_codes(session: Session, scope: Scope, username: str) -> set[str] | None:
    """The school codes the user may see; None = every school."""
    if scope.county_wide:
        return None
    if scope.role == "inspector":
        inspector = inspector_of_user(session, username)
        if inspector is None:
            return set()
        return set(session.scalars(select(EvaluationAssignment.school_id)
                                   .where(EvaluationAssignment.inspector_id == inspector.id)))
    if scope.role == "school_clerk":
        return {scope.school_id} if scope.school_id else set()
    if scope.role == "township_official":
        return {s.school_id for s in session.scalars(select(School).where(School.township_code == scope.township_code))}
    return set()


def can_see(session: Session, scope: Scope, username: str, code: str) -> bool:
    codes = visible_codes(session, scope, username)
    return codes is None or code in codes
