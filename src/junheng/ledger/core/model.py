"""The rectification ledger's nouns (整改台账): items, their source, unit, evidence and history.

Items are frozen values: every change goes through ``junheng.ledger.core.workflow`` and returns a new item with one
more ``HistoryEntry``, so the history is complete by construction. 逾期 (overdue) is not a stored status: it
is derived from the deadline and the date of the question (``junheng.ledger.core.deadlines``), so it cannot go stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    SAFETY = "安全隐患"
    CONDITIONS = "办学条件"
    TEACHING = "教学管理"
    ETHICS = "师德师风"
    BALANCE = "均衡短板"
    COMPLAINT = "群众投诉"
    OTHER = "其他"


class Severity(StrEnum):
    GENERAL = "一般"
    SERIOUS = "较重"
    SEVERE = "严重"

    @property
    def rank(self) -> int:
        return (Severity.GENERAL, Severity.SERIOUS, Severity.SEVERE).index(self)


class Status(StrEnum):
    """Stored statuses. 逾期 is derived (see module docstring), so it is not a member."""

    PENDING = "待整改"
    IN_PROGRESS = "整改中"
    AWAITING_CHECK = "待验收"
    CLOSED = "已销号"


OVERDUE = "逾期"
DISPLAY_STATUSES = (Status.PENDING.value, Status.IN_PROGRESS.value, Status.AWAITING_CHECK.value, OVERDUE,
                    Status.CLOSED.value)


class UnitKind(StrEnum):
    SCHOOL = "学校"
    SECTION = "股室"


class Action(StrEnum):
    CREATE = "创建"
    START = "开始整改"
    ADD_EVIDENCE = "上传佐证"
    SUBMIT = "提交验收"
    ACCEPT = "验收通过"
    REJECT = "验收不通过"
    EXTEND = "延期"
    EDIT = "修改"
    CHECK_INDICATOR = "指标复核"


@dataclass(frozen=True)
class Source:
    """Where an item comes from: which inspection (督导检查, 安全隐患排查, 均衡短板清单, 来信来访 …), when, by whom."""

    inspection: str
    date: dt.date
    by: str


@dataclass(frozen=True)
class ResponsibleUnit:
    """The school (by its 学校标识码) or bureau section responsible, and the named person."""

    unit_id: str
    name: str
    kind: UnitKind
    person: str
    phone: str = ""


@dataclass(frozen=True)
class Evidence:
    name: str
    kind: str            # 照片 / 文件 / 其他
    ref: str             # storage key or path; the web layer decides
    uploaded_at: dt.datetime
    by: str
    note: str = ""


@dataclass(frozen=True)
class IndicatorLink:
    """Link from an item generated from the 优质均衡 shortfall list to its school section and indicator.

    ``passing`` is None until new assessment results are checked; then True/False with the figures.
    """

    school_id: str
    school_name: str
    stage: str
    indicator: str
    indicator_name: str
    gap_text: str
    passing: bool | None = None
    checked_at: dt.datetime | None = None
    value: float | None = None
    threshold: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.school_id, self.stage, self.indicator)


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    by: str
    action: Action
    from_status: Status | None
    to_status: Status
    note: str = ""
    changes: tuple[tuple[str, str, str], ...] = ()   # (field, old, new) as text


@dataclass(frozen=True)
class LedgerItem:
    item_id: str
    source: Source
    category: Category
    unit: ResponsibleUnit
    description: str
    severity: Severity
    deadline: dt.date
    evidence_required: str
    status: Status
    created_at: dt.datetime
    history: tuple[HistoryEntry, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    indicator: IndicatorLink | None = None
    submitted_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None

    @property
    def is_closed(self) -> bool:
        return self.status is Status.CLOSED

    @property
    def last_rejection_reason(self) -> str:
        """The reason given at the latest 验收不通过, or ''."""
        for entry in reversed(self.history):
            if entry.action is Action.REJECT:
                return entry.note
        return ""

    @property
    def rejections(self) -> int:
        return sum(1 for e in self.history if e.action is Action.REJECT)


def items_of_unit(items: Iterable[LedgerItem], unit_id: str) -> list[LedgerItem]:
    """Only the items a unit is responsible for (a school clerk's scope)."""
    return [i for i in items if i.unit.unit_id == unit_id]
