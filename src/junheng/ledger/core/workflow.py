"""The life of an item: a small state machine whose every step is recorded in the item's history.

    待整改 ──开始整改──▶ 整改中 ──提交验收──▶ 待验收 ──验收通过──▶ 已销号
                          ▲                     │
                          └────验收不通过（须写明原因）┘

Other recorded changes: 上传佐证 (待整改, 整改中), 延期 (any open status, reason required, only later dates),
修改 (any open status; description, unit, category, severity, evidence required), 指标复核 (any status).
提交验收 needs at least one piece of evidence when the item requires evidence. Closed items cannot change,
except by 指标复核 which only records new figures. Times must not go backwards within an item's history.
Every function is pure: it returns a new item and never touches the one it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from junheng.ledger.core.model import (
    Action,
    Category,
    Evidence,
    HistoryEntry,
    IndicatorLink,
    LedgerItem,
    ResponsibleUnit,
    Severity,
    Source,
    Status,
)

TRANSITIONS: dict[Action, tuple[frozenset[Status], Status]] = {
    Action.START: (frozenset({Status.PENDING}), Status.IN_PROGRESS),
    Action.SUBMIT: (frozenset({Status.IN_PROGRESS}), Status.AWAITING_CHECK),
    Action.ACCEPT: (frozenset({Status.AWAITING_CHECK}), Status.CLOSED),
    Action.REJECT: (frozenset({Status.AWAITING_CHECK}), Status.IN_PROGRESS),
}
OPEN = frozenset({Status.PENDING, Status.IN_PROGRESS, Status.AWAITING_CHECK})
EDITABLE_FIELDS = ("description", "unit", "category", "severity", "evidence_required")


class TransitionError(ValueError):
    """A change the item's status does not allow, or a missing reason; the message is Chinese."""


def _text(value: Any) -> str:
    if isinstance(value, ResponsibleUnit):
        return f"{value.name}（{value.person}）"
    return str(value)


def _record(item: LedgerItem, at: dt.datetime, by: str, action: Action, to_status: Status, note: str = "",
            changes: tuple[tuple[str, str, str], ...] = (), **fields: Any) -> LedgerItem:
    if item.history and at < item.history[-1].at:
        raise TransitionError(f"事项 {item.item_id}：时间 {at:%Y-%m-%d %H:%M} 早于上一条记录，不能倒填")
    if not by.strip():
        raise TransitionError(f"事项 {item.item_id}：「{action.value}」须记录操作人")
    entry = HistoryEntry(at, by, action, item.status, to_status, note, changes)
    return replace(item, status=to_status, history=item.history + (entry,), **fields)


def _transition(item: LedgerItem, action: Action, at: dt.datetime, by: str, note: str = "",
                **fields: Any) -> LedgerItem:
    allowed, target = TRANSITIONS[action]
    if item.status not in allowed:
        raise TransitionError(f"事项 {item.item_id} 当前状态为「{item.status.value}」，不能「{action.value}」")
    return _record(item, at, by, action, target, note, **fields)


def create_item(item_id: str, *, source: Source, category: Category, unit: ResponsibleUnit, description: str,
                severity: Severity, deadline: dt.date, evidence_required: str, at: dt.datetime, by: str,
                indicator: IndicatorLink | None = None) -> LedgerItem:
    """A new item in 待整改 with its 创建 entry; the deadline may not precede the inspection."""
    if not description.strip():
        raise TransitionError("问题描述不能为空")
    if not unit.person.strip():
        raise TransitionError(f"须写明责任单位「{unit.name}」的责任人")
    if deadline < source.date:
        raise TransitionError(f"整改期限 {deadline} 早于检查日期 {source.date}")
    item = LedgerItem(item_id, source, category, unit, description.strip(), severity, deadline,
                      evidence_required.strip(), Status.PENDING, at, indicator=indicator)
    entry = HistoryEntry(at, by, Action.CREATE, None, Status.PENDING, f"来源：{source.inspection}")
    return replace(item, history=(entry,))


def start(item: LedgerItem, at: dt.datetime, by: str, note: str = "") -> LedgerItem:
    """待整改 → 整改中."""
    return _transition(item, Action.START, at, by, note)


def add_evidence(item: LedgerItem, evidence: Evidence, note: str = "") -> LedgerItem:
    """Attach evidence (photo, document) while the item is 待整改 or 整改中."""
    if item.status not in (Status.PENDING, Status.IN_PROGRESS):
        raise TransitionError(f"事项 {item.item_id} 当前状态为「{item.status.value}」，不能上传佐证材料")
    return _record(item, evidence.uploaded_at, evidence.by, Action.ADD_EVIDENCE, item.status,
                   note or evidence.name, evidence=item.evidence + (evidence,))


def submit(item: LedgerItem, at: dt.datetime, by: str, note: str = "") -> LedgerItem:
    """整改中 → 待验收; requires evidence when the item asks for it."""
    if item.evidence_required and not item.evidence:
        raise TransitionError(f"事项 {item.item_id} 须上传佐证材料（{item.evidence_required}）后才能提交验收")
    return _transition(item, Action.SUBMIT, at, by, note, submitted_at=at)


def accept(item: LedgerItem, at: dt.datetime, by: str, note: str = "") -> LedgerItem:
    """待验收 → 已销号 (验收通过)."""
    return _transition(item, Action.ACCEPT, at, by, note, closed_at=at)


def reject(item: LedgerItem, at: dt.datetime, by: str, reason: str) -> LedgerItem:
    """待验收 → 整改中 (验收不通过), with the reason the unit must act on."""
    if not reason.strip():
        raise TransitionError(f"事项 {item.item_id}：验收不通过须写明原因")
    return _transition(item, Action.REJECT, at, by, reason.strip())


def extend_deadline(item: LedgerItem, new_deadline: dt.date, at: dt.datetime, by: str, reason: str) -> LedgerItem:
    """Move the deadline later (延期), with a reason; not for closed items."""
    if item.status not in OPEN:
        raise TransitionError(f"事项 {item.item_id} 已销号，不能延期")
    if not reason.strip():
        raise TransitionError(f"事项 {item.item_id}：延期须写明原因")
    if new_deadline <= item.deadline:
        raise TransitionError(f"新的整改期限 {new_deadline} 应晚于原期限 {item.deadline}")
    return _record(item, at, by, Action.EXTEND, item.status, reason.strip(),
                   (("deadline", str(item.deadline), str(new_deadline)),), deadline=new_deadline)


def edit(item: LedgerItem, at: dt.datetime, by: str, note: str = "", **changes: Any) -> LedgerItem:
    """Change descriptive fields (``EDITABLE_FIELDS``) of an open item; each change is recorded old → new."""
    if item.status not in OPEN:
        raise TransitionError(f"事项 {item.item_id} 已销号，不能修改")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TransitionError(f"不能修改字段：{', '.join(sorted(unknown))}（期限请用延期，状态按流程变更）")
    diffs = tuple((k, _text(getattr(item, k)), _text(v)) for k, v in changes.items() if getattr(item, k) != v)
    if not diffs:
        return item
    return _record(item, at, by, Action.EDIT, item.status, note, diffs, **changes)


def record_indicator_check(item: LedgerItem, link: IndicatorLink, at: dt.datetime, by: str) -> LedgerItem:
    """Record new assessment figures for the item's indicator (指标复核); the status does not change."""
    if item.indicator is None or item.indicator.key != link.key:
        raise TransitionError(f"事项 {item.item_id} 未关联指标 {link.indicator}")
    if link.passing:
        note = f"新数据显示「{link.indicator_name}」已达标"
    else:
        note = f"新数据显示「{link.indicator_name}」仍未达标"
    if link.value is not None and link.threshold is not None:
        note += f"（实际 {link.value:g}，标准 {link.threshold:g}）"
    if link.passing and item.status in OPEN:
        note += "，可作为整改完成的依据"
    return _record(item, at, by, Action.CHECK_INDICATOR, item.status, note, indicator=link)
