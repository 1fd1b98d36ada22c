"""A reviewer's decision with its reason, the appeal, the re-review (复核); every step audited.

States: 待审核 → 审核通过 | 审核不通过; 审核不通过 → 申诉中 (the family's appeal, with its grounds) →
审核通过 | 审核不通过 (复核). Approving is possible only where the rules found a school and a tier; approving
against the rules (e.g. an age exception the bureau grants) needs a reason, as every refusal does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.admissions.store.applications import (
    APPEALING,
    APPROVED,
    PENDING,
    REJECTED,
    ApplicationRefused,
)
from junheng.admissions.store.models import AdmissionsApplication, AdmissionsDecision
from junheng.store.base import utcnow
from junheng.store.models.accounts import AuditEntry

MAX_REASON = 500


def _record(session: Session, row: AdmissionsApplication, kind: str, outcome: str, reason: str, username: str) -> None:
    session.add(AdmissionsDecision(application_id=row.id, kind=kind, outcome=outcome, reason=reason, username=username))
    session.add(AuditEntry(username=username, action=f"admissions:{kind}", target=row.application_no,
                           detail={"outcome": outcome, "reason": reason, "school": row.school_id}))


def decide(session: Session, row: AdmissionsApplication, approve: bool, reason: str, username: str) -> None:
    reason = reason.strip()[:MAX_REASON]
    if row.status not in (PENDING, APPEALING):
        raise ApplicationRefused(f"该报名当前为「{row.status}」，不能再审核；审核不通过的须经申诉才能复核")
    if approve and (row.school_id is None or row.tier is None):
        raise ApplicationRefused("按规则未能确定该儿童的学校和入学类别（地址不在学区或不符合任一类别），不能审核通过；"
                                 "请核对地址或学区表，或审核不通过并由教育局统筹安排")
    if not reason and (not approve or not row.rules_eligible):
        raise ApplicationRefused("审核不通过或不按规则结论通过时须填写理由")
    kind = "复核" if row.status == APPEALING else "审核"
    row.status = APPROVED if approve else REJECTED
    row.decision_reason = reason or "符合规则"
    row.decided_by, row.decided_at = username, utcnow().strftime("%Y-%m-%d %H:%M:%S")
    _record(session, row, kind, row.status, row.decision_reason, username)


def appeal(session: Session, row: AdmissionsApplication, grounds: str, username: str) -> None:
    grounds = grounds.strip()[:MAX_REASON]
    if row.status != REJECTED:
        raise ApplicationRefused("只有审核不通过的报名可以申诉")
    if not grounds:
        raise ApplicationRefused("请写明申诉理由（如补充的房产、户籍或居住证材料）")
    row.status, row.appeal_text = APPEALING, grounds
    _record(session, row, "申诉", APPEALING, grounds, username)


def approve_by_rules(session: Session, year: int, username: str, school_ids: set[str] | None = None) -> int:
    """Approve every pending application the rules found eligible (one audited step per application)."""
    q = select(AdmissionsApplication).where(AdmissionsApplication.year == year, AdmissionsApplication.status == PENDING,
                                            AdmissionsApplication.rules_eligible.is_(True))
    n = 0
    stamp = utcnow().strftime("%Y-%m-%d %H:%M:%S")
    decisions, audits = [], []
    for row in session.scalars(q):
        if school_ids is not None and row.school_id not in school_ids:
            continue
        row.status, row.decision_reason, row.decided_by, row.decided_at = APPROVED, "符合规则（批量审核）", username, stamp
        decisions.append({"application_id": row.id, "kind": "审核", "outcome": APPROVED, "reason": row.decision_reason,
                          "username": username, "at": utcnow()})
        audits.append({"username": username, "action": "admissions:审核", "target": row.application_no,
                       "detail": {"outcome": APPROVED, "reason": row.decision_reason, "school": row.school_id},
                       "at": utcnow()})
        n += 1
    session.flush()
    if decisions:
        session.execute(AdmissionsDecision.__table__.insert(), decisions)
        session.execute(AuditEntry.__table__.insert(), audits)
    return n


def history(session: Session, row: AdmissionsApplication) -> list[AdmissionsDecision]:
    return list(session.scalars(select(AdmissionsDecision).where(AdmissionsDecision.application_id == row.id)
                                .order_by(AdmissionsDecision.id)))
