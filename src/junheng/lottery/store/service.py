"""Lottery writes (database edge): set up, freeze, draw (the list's import is in ``junheng.lottery.store.intake``).
The pure core does the work (``junheng.lottery``); this module stores it and refuses what the state does not
allow.

States: 草稿 (set-up and list may change) → 已冻结 (a ``lottery_freeze`` row exists; the database refuses any
change to the list and the set-up) → 已抽签 (a ``lottery_draw`` row exists, at most one per lottery).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.lottery.core.canon import freeze
from junheng.lottery.core.csvio import parse_applicants_csv
from junheng.lottery.core.draw import run_draw
from junheng.lottery.core.model import (
    Applicant,
    LotteryInputError,
    LotteryRules,
    Round,
    School,
    rules_from_dict,
)
from junheng.lottery.core.resultfile import dumps, result_to_dict
from junheng.lottery.core.seed import (
    SeedSource,
    check_commitment,
    commitment,
    derive_seed,
    make_secret,
    parse_hex,
)
from junheng.lottery.store.models import Lottery, LotteryApplicant, LotteryDraw, LotteryFreeze, LotteryReceipt
from junheng.store.models.accounts import AuditEntry

DRAFT, FROZEN, DRAWN = "草稿", "已冻结", "已抽签"


class LotteryError(ValueError):
    """A refused step; the message is Chinese and shown to the user."""


@dataclass(frozen=True)
class SchoolSeats:
    school_id: str
    name: str
    seats: int
    seats_round2: int = 0


@dataclass(frozen=True)
class Setup:
    """What the set-up form gives. Round 1 takes ``round1_tiers`` (None: all); an optional round 2 takes
    ``round2_tiers`` with its new seats plus every seat left from round 1."""

    title: str
    schools: tuple[SchoolSeats, ...]
    round1_tiers: tuple[int, ...] | None = None
    two_rounds: bool = False
    round2_tiers: tuple[int, ...] | None = None
    tier_labels: dict[str, str] = field(default_factory=dict)
    bundle_siblings: bool = True
    tier_columns: tuple[tuple[str, ...], ...] = ()
    required_columns: tuple[str, ...] = ()
    commitment: str = ""
    generate_secret: bool = False
    public_source: str = ""
    public_count: int = 0


def build_rules(setup: Setup) -> LotteryRules:
    """The published rules of a set-up (checked by the core: schools, seats, tiers)."""
    if not setup.title.strip():
        raise LotteryError("请填写派位名称")
    if not setup.schools:
        raise LotteryError("请至少选择一所学校并填写名额")
    schools = tuple(School(s.school_id, s.name) for s in setup.schools)
    rounds = [Round("第一轮" if setup.two_rounds else "派位", {s.school_id: s.seats for s in setup.schools},
                    setup.round1_tiers)]
    if setup.two_rounds:
        rounds.append(Round("第二轮", {s.school_id: s.seats_round2 for s in setup.schools}, setup.round2_tiers))
    try:
        return LotteryRules(schools=schools, rounds=tuple(rounds), title=setup.title.strip(),
                            extra={"tier_labels": setup.tier_labels} if setup.tier_labels else {})
    except LotteryInputError as exc:
        raise LotteryError(str(exc)) from exc


def _randomness(setup: Setup) -> tuple[str, str]:
    """(commitment to store, secret to show once) — the secret is never stored."""
    if setup.generate_secret:
        secret = make_secret()
        return commitment(secret), secret
    entered = setup.commitment.strip().lower()
    if entered:
        try:
            parse_hex(entered, "承诺值", length=32)
        except LotteryInputError as exc:
            raise LotteryError(str(exc)) from exc
    if not entered and setup.public_count < 1:
        raise LotteryError("请选择随机数来源：生成或录入秘密的承诺值，和/或约定抽签时录入的公开数值")
    if setup.public_count and not setup.public_source.strip():
        raise LotteryError("请说明公开数值的来源（如：某日某期公开开奖号码），抽签前须公告")
    return entered, ""


def _audit(session: Session, username: str, verb: str, lottery: Lottery, **detail: Any) -> None:
    session.add(AuditEntry(username=username, action=f"lottery:{verb}", target=f"{lottery.id} {lottery.title}",
                           detail=detail))


def state(session: Session, lottery: Lottery) -> str:
    if session.get(LotteryDraw, lottery.id) is not None:
        return DRAWN
    if session.get(LotteryFreeze, lottery.id) is not None:
        return FROZEN
    return DRAFT


def _apply_setup(lottery: Lottery, setup: Setup, rules: LotteryRules) -> None:
    from junheng.lottery.core.model import rules_to_dict

    lottery.title = setup.title.strip()
    lottery.rules = rules_to_dict(rules)
    lottery.tier_labels = dict(setup.tier_labels)
    lottery.eligibility = {"required_yes": list(setup.required_columns),
                           "tier_columns": [list(c) for c in setup.tier_columns]}
    lottery.bundle_siblings = setup.bundle_siblings
    lottery.public_source = setup.public_source.strip()
    lottery.public_count = setup.public_count


def create_lottery(session: Session, setup: Setup, username: str) -> tuple[Lottery, str]:
    """A new lottery in 草稿; returns it and the generated secret ('' unless one was generated)."""
    rules = build_rules(setup)
    commit, secret = _randomness(setup)
    lottery = Lottery(created_by=username, commitment=commit, rules={})
    _apply_setup(lottery, setup, rules)
    session.add(lottery)
    session.flush()
    _audit(session, username, "create", lottery, commitment=commit, generated=bool(secret))
    return lottery, secret


def _draft(session: Session, lottery_id: int) -> Lottery:
    lottery = session.get(Lottery, lottery_id, with_for_update=True)
    if lottery is None:
        raise LotteryError(f"没有编号为 {lottery_id} 的派位")
    if state(session, lottery) != DRAFT:
        raise LotteryError("名单已冻结，派位设置和申请人名单都不能再修改")
    return lottery


def update_setup(session: Session, lottery_id: int, setup: Setup, username: str) -> tuple[Lottery, str]:
    """Change the set-up of a draft; a new commitment replaces the old only when one is generated or entered."""
    lottery = _draft(session, lottery_id)
    rules = build_rules(setup)
    if setup.generate_secret or setup.commitment.strip():
        commit, secret = _randomness(setup)
        lottery.commitment = commit
    else:
        if not lottery.commitment and setup.public_count < 1:
            raise LotteryError("请选择随机数来源：生成或录入秘密的承诺值，和/或约定抽签时录入的公开数值")
        secret = ""
    _apply_setup(lottery, setup, rules)
    _audit(session, username, "setup", lottery, commitment=lottery.commitment)
    return lottery, secret


def stored_applicants(session: Session, lottery_id: int) -> list[Applicant]:
    rows = session.scalars(select(LotteryApplicant).where(LotteryApplicant.lottery_id == lottery_id,
                                                          LotteryApplicant.excluded_reason.is_(None)))
    return [Applicant(r.applicant_id, r.tier, r.sibling_group, tuple(c for c in r.choices.split("|") if c))
            for r in rows]


def freeze_lottery(session: Session, lottery_id: int, username: str) -> LotteryFreeze:
    """Freeze the list: its canonical text and SHA-256 are fixed and, from now on, nothing can change."""
    lottery = _draft(session, lottery_id)
    applicants = stored_applicants(session, lottery_id)
    if not applicants:
        raise LotteryError("尚未导入申请人名单，不能冻结")
    try:
        frozen = freeze(applicants)
    except LotteryInputError as exc:
        raise LotteryError(str(exc)) from exc
    record = LotteryFreeze(lottery_id=lottery.id, list_sha256=frozen.sha256, canonical_csv=frozen.canonical_csv,
                           applicant_count=len(frozen), frozen_by=username)
    session.add(record)
    session.flush()
    _audit(session, username, "freeze", lottery, list_sha256=frozen.sha256, applicants=len(frozen))
    return record


def draw(session: Session, lottery_id: int, secret: str, public_values: list[str], username: str,
         at: dt.datetime | None = None) -> LotteryDraw:
    """Reveal the secret and/or enter the public values, derive the seed, run the draw and store it once."""
    lottery = session.get(Lottery, lottery_id, with_for_update=True)
    if lottery is None:
        raise LotteryError(f"没有编号为 {lottery_id} 的派位")
    sealed = session.get(LotteryFreeze, lottery_id)
    if sealed is None:
        raise LotteryError("名单尚未冻结，不能抽签：请先冻结名单并公布名单指纹")
    if session.get(LotteryDraw, lottery_id) is not None:
        raise LotteryError("本次派位已经抽过签，结果不能重抽")
    secret = secret.strip().lower()
    values = [v.strip() for v in public_values if v.strip()]
    if lottery.commitment:
        if not secret:
            raise LotteryError("请揭示事先承诺的秘密")
        try:
            matches = check_commitment(secret, lottery.commitment)
        except LotteryInputError as exc:
            raise LotteryError(str(exc)) from exc
        if not matches:
            raise LotteryError("揭示的秘密与事先公布的承诺值不符，拒绝抽签")
    elif secret:
        raise LotteryError("本次派位没有事先公布承诺值，不能使用秘密")
    if len(values) != lottery.public_count:
        raise LotteryError(f"须录入 {lottery.public_count} 个事先约定的公开数值，实际录入 {len(values)} 个")
    if freeze(stored_applicants(session, lottery_id)).sha256 != sealed.list_sha256:
        raise LotteryError("数据库中的申请人名单与冻结时的名单指纹不一致，已停止抽签，请联系管理员核查")
    try:
        applicants = parse_applicants_csv(sealed.canonical_csv, "冻结名单")
        seed = derive_seed(sealed.list_sha256, secret, values)
        result = run_draw(applicants, seed, rules_from_dict(lottery.rules))
    except LotteryInputError as exc:
        raise LotteryError(str(exc)) from exc
    data = result_to_dict(result, SeedSource(secret, lottery.commitment, tuple(values)))
    record = LotteryDraw(lottery_id=lottery_id, secret=secret, public_values=values, seed=result.seed,
                         result_json=dumps(data), admitted_count=len(result.admitted), drawn_by=username,
                         drawn_at=at or dt.datetime.now().replace(microsecond=0))
    session.add(record)
    session.flush()
    session.execute(LotteryReceipt.__table__.insert(), [
        {"lottery_id": lottery_id, "applicant_id": r["applicant_id"], "draw_number": r["draw_number"],
         "tier": r["tier"], "sibling_group": r["sibling_group"], "position": r["position"], "result": r["result"],
         "school_id": r["school_id"], "school_name": r["school_name"], "round_no": r["round"],
         "waitlist_position": r["waitlist_position"], "rule": r["rule"]} for r in data["receipts"]])
    _audit(session, username, "draw", lottery, seed=result.seed, admitted=len(result.admitted),
           waitlist=len(result.waitlist))
    return record
