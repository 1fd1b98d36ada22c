"""Psychological screening (心理健康测评): scale totals against the county's cut-offs, and the follow-up case a
high-risk result opens.

Levels (``HealthSettings.psych_cutoffs``, per scale, totals inclusive): 高风险 from ``high``, 关注 from
``watch``, otherwise 正常.

A 高风险 result opens a follow-up case (心理危机干预跟进). The case reuses the 控辍保学 case machinery of
``junheng.retention.core`` — named ``Responsible`` people, logged ``Contact`` records and working-day deadlines
on the county's ``TermCalendar`` reported as ``Step`` rows with the same states (按时完成, 逾期完成, 未到期,
逾期未完成) — with the steps of this kind of case:

- 首次约谈 within ``psych_first_contact_days`` working days of the screening (心理教师或班主任);
- 专业评估或转介 within ``psych_referral_days`` (to the county's 心理辅导中心 or a hospital);
- 回访 while the case is open: the next contact is due ``psych_contact_interval_days`` after the last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from junheng.health.core.settings import HealthSettings
from junheng.retention.core import Contact, Responsible, Step, TermCalendar
from junheng.retention.core.deadlines import STATE_LABELS

LEVELS = ("正常", "关注", "高风险")
CASE_STATUSES = ("待约谈", "跟进中", "已转介", "已结案")
CONTACT_KINDS = ("约谈", "家访", "电话", "转介")


class PsychCaseError(ValueError):
    pass


def risk_levels(results: pd.DataFrame, settings: HealthSettings | None = None) -> pd.Series:
    """The level of each row (columns ``scale``, ``total``); an unknown scale raises with the row's scale."""
    s = settings or HealthSettings()
    unknown = sorted(set(results["scale"]) - set(s.psych_cutoffs))
    if unknown:
        raise PsychCaseError(f"量表「{'、'.join(unknown)}」没有设置风险界值（可用：{'、'.join(s.psych_cutoffs)}）")
    watch = results["scale"].map({k: v["watch"] for k, v in s.psych_cutoffs.items()}).to_numpy(float)
    high = results["scale"].map({k: v["high"] for k, v in s.psych_cutoffs.items()}).to_numpy(float)
    total = pd.to_numeric(results["total"], errors="coerce").to_numpy(float)
    level = np.select([total >= high, total >= watch], ["高风险", "关注"], "正常")
    return pd.Series(level, index=results.index)


@dataclass(frozen=True)
class PsychCase:
    case_id: str
    student_id: str
    school_id: str
    opened_on: dt.date
    scale: str
    total: float
    status: str = "待约谈"
    responsible: Responsible | None = None
    contacts: tuple[Contact, ...] = ()
    referred_on: dt.date | None = None
    closed_on: dt.date | None = None
    note: str = ""

    @property
    def closed(self) -> bool:
        return self.status == "已结案"

    def first_contact(self) -> dt.date | None:
        return min((c.on for c in self.contacts), default=None)


def log_contact(case: PsychCase, contact: Contact) -> PsychCase:
    if contact.kind not in CONTACT_KINDS:
        raise PsychCaseError(f"跟进方式「{contact.kind}」无效，应为：{'、'.join(CONTACT_KINDS)}")
    if contact.on < case.opened_on:
        raise PsychCaseError(f"跟进日期 {contact.on} 早于建档日期 {case.opened_on}")
    if len(contact.note.strip()) < 4:
        raise PsychCaseError("跟进记录须写明情况（见了谁、谈了什么、学生状态）")
    if case.closed:
        raise PsychCaseError("个案已结案，不能再添加跟进记录")
    status = "跟进中" if case.status == "待约谈" else case.status
    referred = case.referred_on or (contact.on if contact.kind == "转介" else None)
    if contact.kind == "转介":
        status = "已转介"
    return replace(case, contacts=(*case.contacts, contact), status=status, referred_on=referred)


def assign(case: PsychCase, person: Responsible) -> PsychCase:
    if not person.name.strip():
        raise PsychCaseError("须填写责任人姓名")
    return replace(case, responsible=person)


def close(case: PsychCase, on: dt.date, note: str) -> PsychCase:
    if case.closed:
        raise PsychCaseError("个案已结案")
    if not case.contacts:
        raise PsychCaseError("尚无任何跟进记录，不能结案")
    if not note.strip():
        raise PsychCaseError("结案须写明结论（如评估结果、转介机构意见）")
    if on < case.opened_on:
        raise PsychCaseError(f"结案日期 {on} 早于建档日期 {case.opened_on}")
    return replace(case, status="已结案", closed_on=on, note=note.strip())


def _step(key: str, label: str, due: dt.date, done: dt.date | None, today: dt.date,
          calendar: TermCalendar) -> Step:
    if done is not None:
        state = "on_time" if done <= due else "late"
    else:
        state = "overdue" if today > due else "pending"
    days = calendar.working_days_between(due, done or today) if state in ("late", "overdue") else 0
    return Step(key, label, "教育线", due, done, state, days)


def case_steps(case: PsychCase, *, calendar: TermCalendar, settings: HealthSettings, today: dt.date) -> list[Step]:
    add = calendar.add_working_days
    steps = [
        _step("first_contact", "首次约谈", add(case.opened_on, settings.psych_first_contact_days),
              case.first_contact(), today, calendar),
        _step("referral", "专业评估或转介", add(case.opened_on, settings.psych_referral_days), case.referred_on,
              today, calendar),
    ]
    if not case.closed and case.contacts:
        last = max(c.on for c in case.contacts)
        steps.append(_step("revisit", "回访", add(last, settings.psych_contact_interval_days), None, today, calendar))
    if case.closed:
        steps = [s if s.done_on is not None else replace(s, state="moot", days_overdue=0) for s in steps]
    return steps


def step_label(step: Step) -> str:
    return {**STATE_LABELS, "moot": "结案时未办"}[step.state]


def cases_to_open(results: pd.DataFrame, existing_keys: set[tuple[str, str, str]]) -> pd.DataFrame:
    """High-risk rows (``level`` 高风险) that have no case yet, keyed by (student, scale, screening date)."""
    high = results[results["level"] == "高风险"]
    keys = list(zip(high["student_id"], high["scale"], high["screened_on"].astype(str)))
    return high[[k not in existing_keys for k in keys]]


def coverage(schools: pd.DataFrame) -> dict:
    """Share of schools with a counselling room (心理辅导室) and with at least one 心理 teacher."""
    n = len(schools)
    if n == 0:
        return {"schools": 0, "room_rate": None, "teacher_rate": None}
    return {"schools": n, "room_rate": float(schools["has_room"].mean()),
            "teacher_rate": float((schools["psych_teachers"] > 0).mean())}
