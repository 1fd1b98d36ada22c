"""Ledger reads (database edge): scope, the filtered list with its counts, the dashboard, items for reports.

Scope (DESIGN §6): bureau roles see every item; a school clerk only the items whose responsible unit is their
school; a township official the items of the schools in their township. Items of bureau sections are the
bureau's. 逾期 is derived in SQL exactly as ``junheng.ledger.core.deadlines.is_overdue``: still 待整改/整改中 and the
deadline before today.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from junheng.accounts import WRITE_ROLES, Scope
from junheng.ledger.core.deadlines import age_days, days_overdue, display_status
from junheng.ledger.core.escalation import Escalation, leader_dashboard
from junheng.ledger.core.model import DISPLAY_STATUSES, OVERDUE, LedgerItem, Status, UnitKind
from junheng.ledger.core.stats import (
    AGE_EDGES,
    LedgerSummary,
    age_distribution,
    age_labels,
    by_category,
    by_unit,
    count_by_status,
    summary,
)
from junheng.ledger.store.models import LedgerEventRecord, LedgerEvidenceRecord, LedgerItemRecord
from junheng.ledger.store.records import to_item
from junheng.registry.store.models import School

R = LedgerItemRecord
WITH_UNIT = (Status.PENDING.value, Status.IN_PROGRESS.value)
LIST_LIMIT = 1000


def scoped(stmt, scope: Scope):
    """Restrict a statement over ``ledger_item`` to the user's scope."""
    if scope.county_wide:
        return stmt
    school_unit = R.unit_kind == UnitKind.SCHOOL.value
    if scope.role == "school_clerk" and scope.school_id:
        return stmt.where(school_unit, R.unit_id == scope.school_id)
    if scope.role == "township_official" and scope.township_code:
        schools = select(School.school_id).where(School.township_code == scope.township_code)
        return stmt.where(school_unit, R.unit_id.in_(schools))
    return stmt.where(false())


def township_of(session: Session, row: LedgerItemRecord) -> str | None:
    if row.unit_kind != UnitKind.SCHOOL.value:
        return None
    school = session.get(School, row.unit_id)
    return school.township_code if school else None


def can_see(session: Session, scope: Scope, row: LedgerItemRecord) -> bool:
    if scope.county_wide:
        return True
    return row.unit_kind == UnitKind.SCHOOL.value and scope.allows_school(row.unit_id, township_of(session, row))


def can_work(user, row: LedgerItemRecord) -> bool:
    """Start, upload evidence, submit: the responsible school's clerk, or bureau staff (e.g. for a section)."""
    if user.role in WRITE_ROLES:
        return True
    return user.role == "school_clerk" and row.unit_kind == UnitKind.SCHOOL.value and row.unit_id == user.school_id


def can_verify(user) -> bool:
    """Accept or reject (验收), extend a deadline, create and import items: bureau staff and admins."""
    return user.role in WRITE_ROLES


@dataclass
class Filters:
    status: str = ""
    unit: str = ""
    category: str = ""
    severity: str = ""
    age: str = ""
    q: str = ""

    def as_dict(self) -> dict[str, str]:
        return dict(vars(self))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def status_condition(status: str, today: dt.date):
    """SQL condition for a displayed status (逾期 derived from the deadline)."""
    late = and_(R.status.in_(WITH_UNIT), R.deadline < today)
    if status == OVERDUE:
        return late
    if status in WITH_UNIT:
        return and_(R.status == status, R.deadline >= today)
    return R.status == status


def age_condition(label: str, today: dt.date, edges: tuple[int, ...] = AGE_EDGES):
    """Open items whose age (days since creation, ``deadlines.age_days``) falls in the bucket ``label``."""
    labels = age_labels(edges)
    if label not in labels:
        return None
    k = labels.index(label)
    low = 0 if k == 0 else edges[k - 1] + 1
    cond = [R.status != Status.CLOSED.value, R.created_at < _midnight(today - dt.timedelta(days=low - 1))]
    if k < len(edges):
        cond.append(R.created_at >= _midnight(today - dt.timedelta(days=edges[k])))
    return and_(*cond)


def _filtered(scope: Scope, f: Filters, today: dt.date, with_status: bool = True):
    stmt = scoped(select(R), scope)
    if f.unit:
        stmt = stmt.where(R.unit_id == f.unit)
    if f.category:
        stmt = stmt.where(R.category == f.category)
    if f.severity:
        stmt = stmt.where(R.severity == f.severity)
    if f.q.strip():
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(R.description.like(like), R.item_no.like(like), R.unit_name.like(like)))
    age = age_condition(f.age, today) if f.age else None
    if age is not None:
        stmt = stmt.where(age)
    if with_status and f.status in DISPLAY_STATUSES:
        stmt = stmt.where(status_condition(f.status, today))
    return stmt


@dataclass
class ItemRow:
    item_no: str
    category: str
    unit_name: str
    person: str
    description: str
    severity: str
    deadline: dt.date
    status: str
    days_overdue: int
    age_days: int
    source: str


@dataclass
class ItemList:
    rows: list[ItemRow]
    counts: dict[str, int]
    total: int
    truncated: bool


def _row(item: LedgerItem, today: dt.date) -> ItemRow:
    return ItemRow(item.item_id, item.category.value, item.unit.name, item.unit.person, item.description,
                   item.severity.value, item.deadline, display_status(item, today), days_overdue(item, today),
                   age_days(item, today), item.source.inspection)


def list_items(session: Session, scope: Scope, f: Filters, today: dt.date) -> ItemList:
    """The filtered list (most urgent first) and, for the same filters without the status, counts by status."""
    base = _filtered(scope, f, today, with_status=False).subquery()
    late = and_(base.c.status.in_(WITH_UNIT), base.c.deadline < today)
    counts = dict.fromkeys(DISPLAY_STATUSES, 0)
    for status, is_late, n in session.execute(select(base.c.status, late, func.count()).group_by(base.c.status, late)):
        counts[OVERDUE if is_late else status] += n
    stmt = _filtered(scope, f, today).order_by(R.status == Status.CLOSED.value, R.deadline, R.item_no)
    records = list(session.scalars(stmt.limit(LIST_LIMIT + 1)))
    rows = [_row(to_item(r), today) for r in records[:LIST_LIMIT]]
    total = sum(counts.values()) if f.status not in DISPLAY_STATUSES else counts[f.status]
    return ItemList(rows, counts, total, len(records) > LIST_LIMIT)


def unit_options(session: Session, scope: Scope) -> list[tuple[str, str]]:
    stmt = scoped(select(R.unit_id, R.unit_name).distinct(), scope).order_by(R.unit_name)
    return [(a, b) for a, b in session.execute(stmt)]


def light_items(session: Session, scope: Scope) -> list[LedgerItem]:
    """Every item in scope without history (enough for statistics and escalation)."""
    return [to_item(r) for r in session.scalars(scoped(select(R), scope).order_by(R.item_no))]


def full_items(session: Session, scope: Scope) -> list[LedgerItem]:
    """Every item in scope with its history and evidence (for the Word/Excel reports)."""
    rows = list(session.scalars(scoped(select(R), scope).order_by(R.item_no)))
    numbers = [r.item_no for r in rows]
    events: dict[str, list] = defaultdict(list)
    evidence: dict[str, list] = defaultdict(list)
    for start in range(0, len(numbers), 500):
        chunk = numbers[start:start + 500]
        for e in session.scalars(select(LedgerEventRecord).where(LedgerEventRecord.item_no.in_(chunk))
                                 .order_by(LedgerEventRecord.item_no, LedgerEventRecord.seq)):
            events[e.item_no].append(e)
        for e in session.scalars(select(LedgerEvidenceRecord).where(LedgerEvidenceRecord.item_no.in_(chunk))
                                 .order_by(LedgerEvidenceRecord.id)):
            evidence[e.item_no].append(e)
    return [to_item(r, events[r.item_no], evidence[r.item_no]) for r in rows]


@dataclass
class Dashboard:
    summary: LedgerSummary
    status_counts: dict[str, int]
    by_category: dict[str, dict[str, int]]
    overdue_by_unit: list[tuple[str, int]]
    ages: dict[str, int]
    escalations: list[Escalation] = field(default_factory=list)


def dashboard(session: Session, scope: Scope, today: dt.date) -> Dashboard:
    items = light_items(session, scope)
    units = by_unit(items, today)
    overdue = [(name, row[OVERDUE]) for name, row in units.items() if row[OVERDUE]]
    return Dashboard(summary(items, today), count_by_status(items, today), by_category(items, today),
                     overdue[:20], age_distribution(items, today), leader_dashboard(items, today))


def display_names(session: Session, usernames) -> dict[str, str]:
    """username → display name, for the people named in a history (others are shown as recorded)."""
    from junheng.store.models.accounts import User

    wanted = set(usernames)
    if not wanted:
        return {}
    return dict(session.execute(select(User.username, User.display_name).where(User.username.in_(wanted))).all())


def evidence_record(session: Session, evidence_id: int) -> tuple[LedgerEvidenceRecord, LedgerItemRecord] | None:
    ev = session.get(LedgerEvidenceRecord, evidence_id)
    if ev is None:
        return None
    row = session.scalars(select(R).where(R.item_no == ev.item_no)).one()
    return ev, row


def evidence_of(session: Session, item_no: str) -> list[LedgerEvidenceRecord]:
    return list(session.scalars(select(LedgerEvidenceRecord).where(LedgerEvidenceRecord.item_no == item_no)
                                .order_by(LedgerEvidenceRecord.id)))
