"""Services the pages and CLI share: the county view of one year (computed once per change of the data it reads),
proposals (stored, confirmed, audited) and export audit lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.store.base import utcnow
from junheng.store.memo import Memo
from junheng.store.models.accounts import AuditEntry
from junheng.teachers.core import (
    History,
    Proposal,
    TeacherSettings,
    Transfer,
    propose,
    quota,
    staffing,
    training,
)
from junheng.teachers.core.exchange import Quota
from junheng.teachers.core.history import posts_on
from junheng.teachers.core.training import Training
from junheng.teachers.store.models import ExchangeProposal
from junheng.teachers.store.queries import enrolment, load_history, schools_frame, settings


@dataclass(frozen=True, eq=False)
class YearView:
    year: int
    settings: TeacherSettings
    history: History
    quota: Quota
    training: Training
    staffing: pd.DataFrame
    subjects: pd.DataFrame
    on_post: pd.DataFrame
    schools: pd.DataFrame


def school_year_of(d: dt.date) -> int:
    """The school year holding a day: from August on it is that calendar year."""
    return d.year if d.month >= 8 else d.year - 1


def default_year(session: Session | None = None, today: dt.date | None = None) -> int:
    """The current school year, or the latest school year the histories reach if they stop earlier."""
    from junheng.teachers.store.queries import latest_record

    now = school_year_of(today or dt.date.today())
    latest = latest_record(session) if session is not None else None
    return min(now, school_year_of(dt.date.fromisoformat(latest))) if latest else now


_YEAR_VIEWS = Memo(reads=("teachers", "registry"), size=16)


def year_view(session: Session, year: int) -> YearView:
    """The county's teacher figures of one school year, computed once per change of the teacher records, their
    settings or the registry (histories, schools, enrolment)."""
    return _YEAR_VIEWS.get(session, year, lambda: _compute_year_view(session, year))


def _compute_year_view(session: Session, year: int) -> YearView:
    st = settings(session)
    h = load_history(session)
    day = st.reference_date(year)
    on = posts_on(h, day, st)
    q = quota(h, year, st)
    ids = on.loc[on["teacher_id"].map(dict(zip(h.teachers["teacher_id"], h.teachers["full_time"]))).eq("是"),
                 "teacher_id"]
    tr = training(h, year, st, as_of=st.year_window(year)[1], teacher_ids=ids)
    total, subjects = staffing(h, enrolment(session), day, st)
    return YearView(year, st, h, q, tr, total, subjects, on, schools_frame(session))


def log_export(session: Session, username: str, what: str, target: str, rows: int) -> None:
    """Every export of teachers' personal data is logged (who, what, how many rows)."""
    session.add(AuditEntry(username=username, action="teachers:export", target=f"{what}：{target}"[:255],
                           detail={"rows": rows}))


def create_proposal(session: Session, year: int, transfers: list[Transfer], username: str) -> ExchangeProposal:
    """Name teachers for the transfers and store the list as 待确认 (audited)."""
    h = load_history(session)
    p: Proposal = propose(h, year, transfers, settings(session))
    row = ExchangeProposal(year=year, status="待确认", transfers=[vars(t) for t in transfers],
                           items=[i.as_dict() for i in p.items], notes=list(p.notes), comment="", created_by=username,
                           created_at=utcnow(), withdrawn=False)
    session.add(row)
    session.flush()
    session.add(AuditEntry(username=username, action="teachers:proposal", target=f"交流提名方案 {row.id}",
                           detail={"year": year, "teachers": len(p.items), "transfers": len(transfers)}))
    return row


class ProposalRefused(Exception):
    pass


def decide_proposal(session: Session, proposal_id: int, username: str, confirm: bool, comment: str = "",
                    keep: set[str] | None = None) -> ExchangeProposal:
    """Confirm (keeping only the teachers ticked, ``keep``) or withdraw a proposal; audited."""
    row = session.get(ExchangeProposal, proposal_id)
    if row is None:
        raise ProposalRefused(f"没有编号为 {proposal_id} 的交流提名方案")
    if row.status != "待确认":
        raise ProposalRefused(f"方案 {proposal_id} {row.status}，不能再次处理")
    if confirm:
        if keep is not None:
            row.items = [i for i in row.items if i["teacher_id"] in keep]
        if not row.items:
            raise ProposalRefused("没有勾选任何教师，无法确认")
        row.status = "已确认"
    else:
        row.status = "已撤回"
        row.withdrawn = True
    row.confirmed_by, row.confirmed_at, row.comment = username, utcnow(), comment
    session.add(AuditEntry(username=username, action=f"teachers:proposal:{'confirm' if confirm else 'withdraw'}",
                           target=f"交流提名方案 {row.id}", detail={"teachers": [i["teacher_id"] for i in row.items],
                                                             "comment": comment}))
    return row


def proposals(session: Session, year: int | None = None) -> list[ExchangeProposal]:
    stmt = select(ExchangeProposal).order_by(ExchangeProposal.id.desc())
    if year is not None:
        stmt = stmt.where(ExchangeProposal.year == year)
    return list(session.scalars(stmt))


def save_settings(session: Session, values: dict, username: str) -> TeacherSettings:
    """Validate and save the settings (only values that differ from the defaults are kept); audited."""
    from junheng.teachers.store.models import TeacherSettingsRecord

    new = TeacherSettings(**values)
    default = TeacherSettings()
    changed = {k: v for k, v in new.model_dump(mode="json").items() if v != default.model_dump(mode="json")[k]}
    before = settings(session).model_dump(mode="json")
    session.add(TeacherSettingsRecord(values=changed, updated_by=username, updated_at=utcnow()))
    diff = {k: [before[k], v] for k, v in new.model_dump(mode="json").items() if before[k] != v}
    session.add(AuditEntry(username=username, action="teachers:settings", target="教师队伍设置", detail=diff))
    return new
