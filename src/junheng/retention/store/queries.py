"""Read side of cases for the pages: the dashboard (cases by status and township, overdue steps, returns this
term), the case list and one case's page (steps with due dates, timeline). Everything is scoped by the caller's
``Scope``: a township official sees their township's cases, a clerk their school's, the bureau all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.registry.store.models import Township
from junheng.retention.core.case_steps import Step, case_board, case_steps, notice_due
from junheng.retention.core.cases import TRANSITIONS, CaseStatus, DropoutCase
from junheng.retention.core.display import mask_student_id, masked_rows
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.terms import default_term_start, term_label, term_on
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.store.cases import ENTRY_LABELS, entries_of, load_cases
from junheng.retention.store.census import latest_run
from junheng.retention.store.models import CaseEntry, CaseRecord

STATUSES = [s.value for s in CaseStatus]


@dataclass
class Dashboard:
    term: str
    term_label: str
    term_start: dt.date
    totals: dict[str, int]
    by_status: list[tuple[str, int]]
    areas: list[str]                           # townships (county), villages (township) or grades (school)
    by_area: dict[str, list[int]]              # status -> counts per area (stacked bars)
    area_label: str
    overdue: list[dict]
    upcoming: list[dict]
    returned: list[dict]
    census: dict | None = None
    scope_label: str = "全县"


def board_rows(cases: list[DropoutCase], settings: RetentionSettings, today: dt.date) -> pd.DataFrame:
    board = case_board(cases, calendar=TermCalendar.from_settings(settings), settings=settings, today=today)
    return board.astype({"overdue": bool, "notice_due": bool})   # an empty board has object columns


def current_term_start(session: Session, today: dt.date, settings: RetentionSettings) -> tuple[str, dt.date]:
    """The term of ``today`` and its first day (the census run's when the term was censused)."""
    term = term_on(today)
    run = latest_run(session)
    if run is not None and run.term == term:
        return term, run.term_start
    return term, default_term_start(term, TermCalendar.from_settings(settings))


def returned_on(case: DropoutCase) -> dt.date | None:
    days = [h.on for h in case.history if h.to_status == CaseStatus.RETURNED]
    return days[-1] if days else None


def dashboard(session: Session, scope: Scope, settings: RetentionSettings, today: dt.date,
              scope_label: str = "全县") -> Dashboard:
    pairs = load_cases(session, scope)
    cases = [c for _, c in pairs]
    board = board_rows(cases, settings, today)
    term, start = current_term_start(session, today, settings)
    returned = [c for c in cases if c.status == CaseStatus.RETURNED and (returned_on(c) or today) >= start]
    towns = dict(session.execute(select(Township.township_code, Township.name)).all())
    board["township"] = board["township_code"].map(towns).fillna(board["township_name"]).replace("", "（未定）")
    area, area_label = ("township", "乡镇") if scope.county_wide else (
        ("village", "村（社区）") if scope.role == "township_official" else ("grade", "年级"))
    if area == "grade":
        grades = {c.case_id: c.grade for c in cases}
        board["grade"] = board["case_id"].map(grades).map(lambda g: f"{g}年级" if g else "（未知）")
    board[area] = board[area].replace("", "（未填）")
    counts = pd.crosstab(board[area], board["status"]).reindex(columns=STATUSES, fill_value=0) \
        if len(board) else pd.DataFrame(columns=STATUSES)
    open_rows = board[~board["status"].isin([s.value for s in CaseStatus if s.value in
                                             ("已复学", "已转学核实", "送教上门", "其他")])]
    soon = TermCalendar.from_settings(settings).add_working_days(today, 5)
    upcoming = open_rows[(~open_rows["overdue"]) & open_rows["next_due"].notna()]
    upcoming = upcoming[upcoming["next_due"] <= soon].sort_values("next_due")
    run = latest_run(session)
    totals = {
        "cases": len(cases), "open": len(open_rows), "overdue": int(board["overdue"].sum()) if len(board) else 0,
        "returned_this_term": len(returned), "notices_due": int(board["notice_due"].sum()) if len(board) else 0,
        "opened_this_term": sum(c.opened_on >= start for c in cases),
    }
    return Dashboard(
        term=term, term_label=term_label(term), term_start=start, totals=totals,
        by_status=[(s, int((board["status"] == s).sum())) for s in STATUSES],
        areas=[str(a) for a in counts.index], by_area={s: [int(v) for v in counts[s]] for s in STATUSES},
        area_label=area_label,
        overdue=board[board["overdue"]].sort_values("opened_on").to_dict("records"),
        upcoming=upcoming.to_dict("records"),
        returned=[{"case_id": c.case_id, "name": c.name, "school_name": c.school_name, "on": returned_on(c),
                   "township_name": towns.get(c.township_code, c.township_name)} for c in returned],
        census={"term": run.term, "previous_term": run.previous_term, "counts": run.counts,
                "census_date": run.census_date} if run else None,
        scope_label=scope_label)


def case_list(session: Session, scope: Scope, settings: RetentionSettings, today: dt.date, *, status: str = "",
              township_code: str = "", school_id: str = "", overdue: bool = False, q: str = "") -> list[dict]:
    pairs = load_cases(session, scope, status=status, township_code=township_code, school_id=school_id)
    board = board_rows([c for _, c in pairs], settings, today)
    if overdue:
        board = board[board["overdue"]]
    if q:
        board = board[board["name"].str.contains(q, regex=False) | board["case_id"].str.contains(q, regex=False)]
    records = {r.case_id: r for r, _ in pairs}
    rows = board.to_dict("records")
    for row in rows:
        row["source"] = records[row["case_id"]].source
    return masked_rows(rows, "student_id")


@dataclass
class CaseDetail:
    record: CaseRecord
    case: DropoutCase
    steps: list[Step]
    timeline: list[dict]
    next_statuses: list[str]
    notice_due: bool
    missing_people: list[str] = field(default_factory=list)
    student_label: str = ""


def case_detail(session: Session, record: CaseRecord, settings: RetentionSettings, today: dt.date) -> CaseDetail:
    from junheng.retention.store.cases import to_domain

    entries = entries_of(session, [record.case_id]).get(record.case_id, [])
    case = to_domain(record, entries)
    steps = case_steps(case, calendar=TermCalendar.from_settings(settings), settings=settings, today=today)
    timeline = [{"day": e.day, "kind": e.kind, "label": ENTRY_LABELS.get(e.kind, e.kind), "person": e.person,
                 "note": e.note, "contact_kind": e.contact_kind, "agreed": e.agreed, "from_status": e.from_status,
                 "to_status": e.to_status, "logged_by": e.logged_by, "logged_at": e.logged_at}
                for e in sorted(entries, key=lambda e: (e.day, e.id), reverse=True)]
    return CaseDetail(record, case, steps, timeline, [s.value for s in CaseStatus if s in TRANSITIONS[case.status]],
                      notice_due(case, settings), case.missing_responsibles(), mask_student_id(record.student_id))


def case_record(session: Session, case_id: str) -> CaseRecord | None:
    return session.get(CaseRecord, case_id)


def contacts_count(session: Session, case_id: str) -> int:
    return len(list(session.scalars(select(CaseEntry.id).where(CaseEntry.case_id == case_id,
                                                               CaseEntry.kind == "contact"))))
