"""Allocation rounds (database edge): the plan from the approved applications, the hand-off of the
oversubscribed places to a lottery through ``junheng.lottery.api``, and the results once it is drawn.

States of a round: 待派位 (handed to lottery N; freeze and draw on the lottery's pages) → 已完成 (every
application of the year and section has its result). Without an oversubscribed school the round is 已完成 at
once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.admissions.core import Review, candidates_from, finish, outcomes_from_result, plan
from junheng.admissions.core.allocation import plan_from_dict, plan_to_dict
from junheng.admissions.store.applications import APPEALING, APPROVED, PENDING, ApplicationRefused
from junheng.admissions.store.models import AdmissionsApplication, AdmissionsRound
from junheng.admissions.store.setup import load_places
from junheng.lottery import api as lottery_api
from junheng.store.base import utcnow
from junheng.store.models.accounts import AuditEntry

WAITING, DONE = "待派位", "已完成"


def _open_round(session: Session, year: int, section: str) -> AdmissionsRound | None:
    return session.scalar(select(AdmissionsRound).where(AdmissionsRound.year == year, AdmissionsRound.section == section,
                                                        AdmissionsRound.state == WAITING))


def latest_round(session: Session, year: int, section: str) -> AdmissionsRound | None:
    return session.scalar(select(AdmissionsRound).where(AdmissionsRound.year == year, AdmissionsRound.section == section)
                          .order_by(AdmissionsRound.id.desc()).limit(1))


def build_plan(session: Session, year: int, section: str):
    """The plan of the year's approved applications (refused while any is still pending or under appeal)."""
    rows = list(session.scalars(select(AdmissionsApplication).where(AdmissionsApplication.year == year,
                                                                    AdmissionsApplication.section == section)
                                .order_by(AdmissionsApplication.application_no)))
    open_ = [r for r in rows if r.status in (PENDING, APPEALING)]
    if open_:
        raise ApplicationRefused(f"还有 {len(open_)} 份报名待审核或申诉中（如 {open_[0].application_no}），审核完毕才能分配学位")
    places = load_places(session, year, section)
    if not places:
        raise ApplicationRefused(f"{year} 年{section}尚未导入招生计划")
    reviews = [Review(r.application_no, r.status == APPROVED and r.school_id in places, r.school_id, r.tier,
                      r.tier_label, r.zone_id, tuple(s for s in r.zone_schools.split("|") if s), ())
               for r in rows]
    cands, bad = candidates_from(reviews, places, {r.application_no: r.sibling_group for r in rows})
    reasons = {r.application_no: f"审核不通过：{r.decision_reason}" for r in rows if r.application_no in bad}
    return plan(cands, places, reasons, title=f"{year}年{section}招生电脑派位"), rows


def start_round(session: Session, year: int, section: str, username: str, *, generate_secret: bool = False,
                commitment: str = "", public_source: str = "", public_count: int = 0) -> tuple[AdmissionsRound, str]:
    """Make the plan; hand the oversubscribed places to a new lottery (returns the round and the generated
    secret, '' when none); without a lottery, finish at once."""
    if _open_round(session, year, section) is not None:
        raise ApplicationRefused("本学段已有一轮分配等待派位，请先完成或在派位页面抽签")
    done = latest_round(session, year, section)
    if done is not None and done.state == DONE:
        raise ApplicationRefused(f"{year} 年{section}已完成分配（派位结果不能重抽）；此后的报名由教育局统筹安排")
    p, rows = build_plan(session, year, section)
    rnd = AdmissionsRound(year=year, section=section, state=WAITING, plan=plan_to_dict(p), created_by=username)
    session.add(rnd)
    session.flush()
    secret = ""
    if p.needs_lottery:
        by_no = {r.application_no: r for r in rows}
        listed = [lottery_api.ListedApplicant(a, by_no[a.applicant_id].child_name,
                                              by_no[a.applicant_id].id_number_masked) for a in p.lottery]
        seats = [(s.school_id, s.name, p.rules.rounds[0].seats[s.school_id]) for s in p.rules.schools]
        labels = {str(c.tier): c.tier_label for c in p.candidates.values() if c.tier_label}
        rnd.lottery_id, secret = lottery_api.create_lottery(
            session, p.rules.title, seats, listed, username, tier_labels=labels, generate_secret=generate_secret,
            commitment=commitment, public_source=public_source, public_count=public_count)
    session.add(AuditEntry(username=username, action="admissions:allocate", target=f"{year} {section}",
                           detail={"round": rnd.id, "lottery_id": rnd.lottery_id, "lottery": len(p.lottery),
                                   "direct": len(p.direct)}))
    if not p.needs_lottery:
        _write(session, rnd, finish(p), username)
    return rnd, secret


def finish_round(session: Session, round_id: int, username: str) -> AdmissionsRound:
    rnd = session.get(AdmissionsRound, round_id)
    if rnd is None or rnd.state != WAITING:
        raise ApplicationRefused("没有等待派位的分配")
    result = lottery_api.lottery_result(session, rnd.lottery_id)
    if result is None:
        raise ApplicationRefused(f"派位（编号 {rnd.lottery_id}）尚未抽签：请在派位页面冻结名单并抽签后再完成分配")
    p = plan_from_dict(rnd.plan)
    _write(session, rnd, finish(p, outcomes_from_result(result)), username)
    return rnd


def _write(session: Session, rnd: AdmissionsRound, allocation, username: str) -> None:
    rows = session.scalars(select(AdmissionsApplication).where(AdmissionsApplication.year == rnd.year,
                                                               AdmissionsApplication.section == rnd.section))
    for row in rows:
        o = allocation.outcomes.get(row.application_no)
        if o is None:      # applied after the plan was made: not part of this round
            continue
        row.result_school, row.result_stage, row.result_reason = o.school, o.stage, o.reason
    rnd.state, rnd.finished_at = DONE, utcnow()
    session.add(AuditEntry(username=username, action="admissions:results", target=f"{rnd.year} {rnd.section}",
                           detail={"round": rnd.id, "placed": sum(1 for o in allocation.outcomes.values() if o.school),
                                   "children": len(allocation.outcomes)}))
    session.flush()
