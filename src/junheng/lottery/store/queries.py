"""Lottery reads (database edge): the list of lotteries, one lottery's state, its applicants and receipts,
the projector data and the one receipt a parent may look up."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.lottery.core.model import LotteryRules, rules_from_dict
from junheng.lottery.store.models import Lottery, LotteryApplicant, LotteryDraw, LotteryFreeze, LotteryReceipt
from junheng.lottery.store.service import DRAFT, DRAWN, FROZEN

A = LotteryApplicant


@dataclass
class LotteryRow:
    id: int
    title: str
    state: str
    schools: str
    seats: int
    applicants: int
    created_at: dt.datetime


def list_lotteries(session: Session) -> list[LotteryRow]:
    counts = dict(session.execute(select(A.lottery_id, func.count()).where(A.excluded_reason.is_(None))
                                  .group_by(A.lottery_id)).all())
    frozen = set(session.scalars(select(LotteryFreeze.lottery_id)))
    drawn = set(session.scalars(select(LotteryDraw.lottery_id)))
    rows = []
    for lot in session.scalars(select(Lottery).order_by(Lottery.id.desc())):
        rules = rules_from_dict(lot.rules)
        state = DRAWN if lot.id in drawn else FROZEN if lot.id in frozen else DRAFT
        rows.append(LotteryRow(lot.id, lot.title, state, "、".join(s.label for s in rules.schools),
                               rules.total_seats, counts.get(lot.id, 0), lot.created_at))
    return rows


@dataclass
class LotteryView:
    lottery: Lottery
    state: str
    rules: LotteryRules
    freeze: LotteryFreeze | None
    draw: LotteryDraw | None
    applicants: int
    excluded: int
    tiers: dict[int, int]
    groups: int
    tier_labels: dict[str, str] = field(default_factory=dict)

    @property
    def seats(self) -> int:
        return self.rules.total_seats


def view(session: Session, lottery_id: int) -> LotteryView | None:
    lot = session.get(Lottery, lottery_id)
    if lot is None:
        return None
    sealed, drawn = session.get(LotteryFreeze, lottery_id), session.get(LotteryDraw, lottery_id)
    state = DRAWN if drawn else FROZEN if sealed else DRAFT
    tiers = dict(session.execute(select(A.tier, func.count()).where(A.lottery_id == lottery_id,
                                                                    A.excluded_reason.is_(None))
                                 .group_by(A.tier).order_by(A.tier)).all())
    excluded = session.scalar(select(func.count()).where(A.lottery_id == lottery_id,
                                                         A.excluded_reason.is_not(None))) or 0
    groups = session.scalar(select(func.count(func.distinct(A.sibling_group))).where(
        A.lottery_id == lottery_id, A.sibling_group != "", A.excluded_reason.is_(None))) or 0
    return LotteryView(lot, state, rules_from_dict(lot.rules), sealed, drawn, sum(tiers.values()), excluded, tiers,
                       groups, dict(lot.tier_labels or {}))


def applicants(session: Session, lottery_id: int, q: str = "", limit: int = 500) -> list[LotteryApplicant]:
    stmt = select(A).where(A.lottery_id == lottery_id).order_by(A.excluded_reason.is_not(None), A.applicant_id)
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(A.applicant_id.like(like) | A.name.like(like))
    return list(session.scalars(stmt.limit(limit)))


def receipts(session: Session, lottery_id: int, result: str = "", limit: int = 2000) -> list[tuple]:
    """(receipt, applicant name) rows in order of consideration."""
    stmt = (select(LotteryReceipt, A.name)
            .join(A, (A.lottery_id == LotteryReceipt.lottery_id) & (A.applicant_id == LotteryReceipt.applicant_id))
            .where(LotteryReceipt.lottery_id == lottery_id).order_by(LotteryReceipt.position,
                                                                     LotteryReceipt.applicant_id))
    if result:
        stmt = stmt.where(LotteryReceipt.result == result)
    return list(session.execute(stmt.limit(limit)).tuples())


def receipt_for(session: Session, lottery_id: int, applicant_id: str) -> LotteryReceipt | None:
    return session.scalars(select(LotteryReceipt).where(LotteryReceipt.lottery_id == lottery_id,
                                                        LotteryReceipt.applicant_id == applicant_id)).first()


def listed(session: Session, lottery_id: int, applicant_id: str) -> LotteryApplicant | None:
    """An applicant on the (frozen) list, before the draw."""
    return session.scalars(select(A).where(A.lottery_id == lottery_id, A.applicant_id == applicant_id,
                                           A.excluded_reason.is_(None))).first()


def display_names(session: Session, usernames) -> dict[str, str]:
    """username → display name (for 冻结人/抽签人)."""
    from junheng.store.models.accounts import User

    wanted = set(usernames)
    if not wanted:
        return {}
    return dict(session.execute(select(User.username, User.display_name).where(User.username.in_(wanted))).all())


def live_data(session: Session, v: LotteryView) -> dict:
    """What the projector page reveals: every admission in order, with draw number, tier and school."""
    data = json.loads(v.draw.result_json)
    receipt = {r["applicant_id"]: r for r in data["receipts"]}
    labels = {s.school_id: s.label for s in v.rules.schools}
    admitted = [{"id": a["applicant_id"], "number": receipt[a["applicant_id"]]["draw_number"],
                 "tier": receipt[a["applicant_id"]]["tier"], "school": labels.get(a["school_id"], ""),
                 "round": a["round"], "group": receipt[a["applicant_id"]]["sibling_group"]}
                for a in data["admissions"]]
    return {"admitted": admitted, "waitlist": len(data["waitlist"]), "applicants": data["applicant_count"]}
