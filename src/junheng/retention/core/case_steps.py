"""What is due on a dropout case, by when, and what is overdue (DESIGN §4.4, days from ``RetentionSettings``).

Steps, each with its due date (working days on the term calendar) and the line responsible:

- 上报 — report to the bureau and the township: ``report_days`` after the case opened (education line).
- 明确责任人 — name both lines' people: ``report_days`` after opening (government and education lines).
- 核实 — decide what happened (leave 核查中): ``verify_days`` after opening (education line).
- 开始劝返 — after 确认辍学, start persuasion (enter 劝返中) within ``persuasion_start_days``.
- 劝返联系 — while 劝返中, the next contact is due ``contact_interval_days`` after the last one (or the start).
- 发出复学通知书 — after ``failed_contacts_before_notice`` failed persuasions, the township issues the written
  notice within ``notice_days`` of the last of them (government line).
- 通知期满 — ``notice_return_days`` after the notice, the child must be back; otherwise the case is escalated
  (依法处理) — due until the case is closed.

A closed case keeps its historical steps (done on time or late) and drops the recurring ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from junheng.retention.core.cases import CaseStatus, DropoutCase
from junheng.retention.core.deadlines import STATE_LABELS
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar

S = CaseStatus
GOVERNMENT, EDUCATION, BOTH = "政府线", "教育线", "两条线"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    line: str
    due: dt.date
    done_on: dt.date | None
    state: str            # on_time | late | pending | overdue | moot (case closed before it was done)
    days_overdue: int

    @property
    def state_label(self) -> str:
        return {**STATE_LABELS, "moot": "结案时未办"}[self.state]

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def _step(key: str, label: str, line: str, due: dt.date, done: dt.date | None, today: dt.date,
          calendar: TermCalendar) -> Step:
    if done is not None:
        state = "on_time" if done <= due else "late"
    else:
        state = "overdue" if today > due else "pending"
    until = done if done is not None else today
    days = calendar.working_days_between(due, until) if state in ("late", "overdue") else 0
    return Step(key, label, line, due, done, state, days)


def _left(case: DropoutCase, status: CaseStatus, since: dt.date) -> dt.date | None:
    """First day on or after ``since`` the case moved out of ``status``."""
    days = [h.on for h in case.history if h.from_status == status and h.on >= since]
    return days[0] if days else None


def case_steps(case: DropoutCase, *, calendar: TermCalendar, settings: RetentionSettings,
               today: dt.date) -> list[Step]:
    """Every step of the case with its due date and state on ``today``."""
    add = calendar.add_working_days
    opened = case.opened_on
    steps = [
        _step("report", "上报教育局和乡镇", EDUCATION, add(opened, settings.report_days), case.reported_on, today,
              calendar),
        _step("assign", "明确两条线责任人", BOTH, add(opened, settings.report_days), case.assigned_on, today, calendar),
    ]
    verifying = case.entered(S.VERIFYING) or opened  # a reopened case is verified again
    steps.append(_step("verify", "核实情况", EDUCATION, add(verifying, settings.verify_days),
                       _left(case, S.VERIFYING, verifying), today, calendar))
    confirmed = case.entered(S.CONFIRMED)
    if confirmed is not None:
        steps.append(_step("start_persuasion", "开始劝返", BOTH, add(confirmed, settings.persuasion_start_days),
                           _left(case, S.CONFIRMED, confirmed), today, calendar))
    started = case.entered(S.PERSUADING)
    if case.status == S.PERSUADING and started is not None:
        recent = [c.on for c in case.contacts if c.on >= started]
        last = max(recent, default=started)
        steps.append(_step("contact", "劝返联系（家访、电话或信函）", BOTH,
                           add(last, settings.contact_interval_days), None, today, calendar))
    failed = case.failed_contacts()
    if len(failed) >= settings.failed_contacts_before_notice and (not case.closed or case.notice_issued_on):
        trigger = failed[settings.failed_contacts_before_notice - 1].on
        steps.append(_step("notice", "乡镇发出复学通知书", GOVERNMENT, add(trigger, settings.notice_days),
                           case.notice_issued_on, today, calendar))
    if case.notice_issued_on is not None:
        closed_on = case.status_since if case.closed else None
        steps.append(_step("notice_deadline", "复学通知期满，未复学的依法处理", GOVERNMENT,
                           add(case.notice_issued_on, settings.notice_return_days), closed_on, today, calendar))
    if case.closed:  # a step never done before the case closed is moot, not overdue
        steps = [s if s.done_on is not None else replace(s, state="moot", days_overdue=0) for s in steps]
    return steps


def notice_due(case: DropoutCase, settings: RetentionSettings) -> bool:
    """True when repeated persuasion failed and no written notice has been issued yet."""
    return (case.status == S.PERSUADING and case.notice_issued_on is None
            and len(case.failed_contacts()) >= settings.failed_contacts_before_notice)


def _name(person) -> str:
    return person.name if person is not None else ""


def case_board(cases: Iterable[DropoutCase], *, calendar: TermCalendar, settings: RetentionSettings,
               today: dt.date, township_code: str | None = None, school_id: str | None = None) -> pd.DataFrame:
    """One row per case (optionally only one township's or one school's): status, both lines' people, the next
    due step and every overdue step — what the dashboards of everyone responsible show (overdue in red)."""
    rows = []
    for case in cases:  # cases are a county's open files (hundreds), not roster rows
        if township_code is not None and case.township_code != township_code:
            continue
        if school_id is not None and case.school_id != school_id:
            continue
        steps = case_steps(case, calendar=calendar, settings=settings, today=today)
        open_steps = [s for s in steps if s.state in ("pending", "overdue")]
        overdue = [s for s in open_steps if s.overdue]
        upcoming = min(open_steps, key=lambda s: s.due, default=None)
        rows.append({
            "case_id": case.case_id, "student_id": case.student_id, "name": case.name,
            "school_id": case.school_id, "school_name": case.school_name or case.school_id,
            "township_code": case.township_code, "township_name": case.township_name or case.township_code,
            "village": case.village,
            "status": str(case.status), "opened_on": case.opened_on,
            "township_official": _name(case.township_official), "village_official": _name(case.village_official),
            "school_contact": _name(case.school_contact), "class_teacher": _name(case.class_teacher),
            "next_step": upcoming.label if upcoming else "", "next_due": upcoming.due if upcoming else None,
            "overdue": bool(overdue), "overdue_steps": "；".join(f"{s.label}（逾期{s.days_overdue}个工作日）"
                                                               for s in overdue),
            "notice_due": notice_due(case, settings),
        })
    return pd.DataFrame(rows, columns=["case_id", "student_id", "name", "school_id", "school_name", "township_code",
                                       "township_name", "village",
                                       "status", "opened_on", "township_official", "village_official",
                                       "school_contact", "class_teacher", "next_step", "next_due", "overdue",
                                       "overdue_steps", "notice_due"])
