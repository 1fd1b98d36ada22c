"""Dropout cases (辍学个案, DESIGN §4.4): an immutable record and a pure state machine.

A case names one person on each responsibility line — government (乡镇 township official, 村 village cadre)
and education (学校 school, 班主任 class teacher) — logs every contact (家访, 电话, 信函) with date and note, and
moves through the statuses below. Functions return a new case; a forbidden move raises ``CaseError`` with a
Chinese message. Deadlines are in ``junheng.retention.core.case_steps``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum


class CaseStatus(StrEnum):
    VERIFYING = "核查中"
    CONFIRMED = "确认辍学"
    PERSUADING = "劝返中"
    RETURNED = "已复学"
    TRANSFER_VERIFIED = "已转学核实"
    HOME_TEACHING = "送教上门"
    OTHER = "其他"


S = CaseStatus
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.VERIFYING: frozenset({S.CONFIRMED, S.RETURNED, S.TRANSFER_VERIFIED, S.HOME_TEACHING, S.OTHER}),
    S.CONFIRMED: frozenset({S.PERSUADING, S.RETURNED, S.TRANSFER_VERIFIED, S.HOME_TEACHING, S.OTHER}),
    S.PERSUADING: frozenset({S.RETURNED, S.TRANSFER_VERIFIED, S.HOME_TEACHING, S.OTHER}),
    S.RETURNED: frozenset({S.VERIFYING}),            # left again: the case is reopened
    S.TRANSFER_VERIFIED: frozenset({S.VERIFYING}),
    S.HOME_TEACHING: frozenset({S.RETURNED, S.VERIFYING}),
    S.OTHER: frozenset({S.VERIFYING}),
}
CLOSED = frozenset({S.RETURNED, S.TRANSFER_VERIFIED, S.HOME_TEACHING, S.OTHER})
NOTE_REQUIRED = CLOSED | {S.VERIFYING}
CONTACT_KINDS = ("家访", "电话", "信函")
SOURCES = {"census": "学籍清查", "reconciliation": "人口比对", "manual": "手工登记"}


class CaseError(ValueError):
    """A move the rules do not allow; the message is for the user."""


@dataclass(frozen=True)
class Responsible:
    """A named person: 乡镇干部, 村干部, 学校负责人 or 班主任."""

    name: str
    unit: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Contact:
    """One real contact: when, how, what was said, who, and whether the family agreed to return."""

    on: dt.date
    kind: str
    note: str
    by: str = ""
    agreed: bool = False


@dataclass(frozen=True)
class StatusChange:
    on: dt.date
    from_status: CaseStatus
    to_status: CaseStatus
    by: str
    note: str = ""


@dataclass(frozen=True)
class DropoutCase:
    case_id: str
    student_id: str
    name: str
    opened_on: dt.date
    source: str = "manual"
    id_number: str = ""
    birth_date: str = ""
    gender: str = ""
    school_id: str = ""
    school_name: str = ""
    grade: int | None = None
    class_name: str = ""
    township_code: str = ""
    township_name: str = ""
    village: str = ""
    disability: str = ""
    guardians: tuple[Guardian, ...] = ()
    status: CaseStatus = S.VERIFYING
    status_since: dt.date | None = None
    township_official: Responsible | None = None   # government line
    village_official: Responsible | None = None    # government line
    school_contact: Responsible | None = None      # education line
    class_teacher: Responsible | None = None       # education line
    assigned_on: dt.date | None = None
    reported_on: dt.date | None = None
    notice_issued_on: dt.date | None = None
    contacts: tuple[Contact, ...] = ()
    history: tuple[StatusChange, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.status_since is None:
            object.__setattr__(self, "status_since", self.opened_on)
        if self.source not in SOURCES:
            raise CaseError(f"个案来源「{self.source}」无效，应为：{'、'.join(SOURCES)}")

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def missing_responsibles(self) -> list[str]:
        """Which of the four named people are still missing (两条线责任人)."""
        slots = {"乡镇责任人": self.township_official, "村（社区）责任人": self.village_official,
                 "学校责任人": self.school_contact, "班主任": self.class_teacher}
        return [label for label, person in slots.items() if person is None or not person.name.strip()]

    def entered(self, status: CaseStatus) -> dt.date | None:
        """The last day the case entered ``status`` (None if never)."""
        days = [h.on for h in self.history if h.to_status == status]
        return days[-1] if days else (self.opened_on if status == S.VERIFYING else None)

    def failed_contacts(self) -> list[Contact]:
        """Persuasion contacts since the case last entered 劝返中 in which the family did not agree."""
        since = self.entered(S.PERSUADING)
        if since is None:
            return []
        return sorted((c for c in self.contacts if c.on >= since and not c.agreed), key=lambda c: c.on)


def transition(case: DropoutCase, to: CaseStatus | str, *, on: dt.date, by: str, note: str = "") -> DropoutCase:
    """Move the case to ``to``; raises ``CaseError`` when the move is not allowed."""
    try:
        target = CaseStatus(to)
    except ValueError:
        raise CaseError(f"状态「{to}」无效，应为：{'、'.join(s.value for s in CaseStatus)}") from None
    if target not in TRANSITIONS[case.status]:
        allowed = "、".join(sorted(s.value for s in TRANSITIONS[case.status]))
        raise CaseError(f"个案 {case.case_id} 当前为「{case.status}」，不能改为「{target}」（可改为：{allowed}）")
    if on < case.status_since:
        raise CaseError(f"状态变更日期 {on} 早于上一次变更日期 {case.status_since}")
    if target in NOTE_REQUIRED and not note.strip():
        raise CaseError(f"改为「{target}」必须填写说明（如复学日期、接收学校、评估结论或重新核查的原因）")
    if target == S.PERSUADING and case.missing_responsibles():
        raise CaseError(f"开始劝返前须明确两条线责任人，尚缺：{'、'.join(case.missing_responsibles())}")
    if not by.strip():
        raise CaseError("须填写操作人")
    change = StatusChange(on, case.status, target, by, note.strip())
    return replace(case, status=target, status_since=on, history=(*case.history, change))


def log_contact(case: DropoutCase, contact: Contact) -> DropoutCase:
    """Add a contact (家访, 电话, 信函) with its date and a note saying what happened."""
    if contact.kind not in CONTACT_KINDS:
        raise CaseError(f"联系方式「{contact.kind}」无效，应为：{'、'.join(CONTACT_KINDS)}")
    if contact.on < case.opened_on:
        raise CaseError(f"联系日期 {contact.on} 早于立案日期 {case.opened_on}")
    if not contact.note.strip():
        raise CaseError("联系记录须写明情况（见到了谁、谈了什么、家长和学生的态度）")
    return replace(case, contacts=(*case.contacts, contact))


def assign(case: DropoutCase, *, on: dt.date, township_official: Responsible | None = None,
           village_official: Responsible | None = None, school_contact: Responsible | None = None,
           class_teacher: Responsible | None = None) -> DropoutCase:
    """Name the responsible people; ``assigned_on`` is set the day both lines are complete."""
    updated = replace(case, **{k: v for k, v in {
        "township_official": township_official, "village_official": village_official,
        "school_contact": school_contact, "class_teacher": class_teacher}.items() if v is not None})
    if updated.assigned_on is None and not updated.missing_responsibles():
        updated = replace(updated, assigned_on=on)
    return updated


def record_report(case: DropoutCase, on: dt.date) -> DropoutCase:
    """The day the school reported the case to the bureau and the township."""
    if on < case.opened_on:
        raise CaseError(f"上报日期 {on} 早于立案日期 {case.opened_on}")
    return replace(case, reported_on=case.reported_on or on)


def issue_notice(case: DropoutCase, on: dt.date) -> DropoutCase:
    """Record the township's written return-to-school notice (复学通知书)."""
    if case.status not in (S.CONFIRMED, S.PERSUADING):
        raise CaseError(f"个案为「{case.status}」，只有确认辍学或劝返中的个案才能发出复学通知书")
    if on < case.status_since:
        raise CaseError(f"通知日期 {on} 早于当前状态的开始日期 {case.status_since}")
    return replace(case, notice_issued_on=on)
