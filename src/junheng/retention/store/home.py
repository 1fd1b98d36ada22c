"""控辍保学's home-page tiles (``junheng.home``): the cases in the viewer's scope with their next steps (the
case board the dashboard shows), a school's census entries still to confirm and its monthly zero-report."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.home import Line, Tile, Viewer, count_status
from junheng.retention.core.cases import CLOSED
from junheng.retention.core.terms import term_label
from junheng.retention.core.zero_report import report_due
from junheng.retention.store.cases import load_cases
from junheng.retention.store.census import latest_run
from junheng.retention.store.models import CensusEntry, ZeroReport
from junheng.retention.store.queries import board_rows, current_term_start
from junheng.retention.store.service import load_settings
from junheng.store.memo import Memo

MAX_LINES = 8
_TILES = Memo(reads=("retention", "registry"), size=64)
CLOSED_LABELS = {s.value for s in CLOSED}


def _case_line(row: dict, today: dt.date) -> Line:
    due = row["next_due"]
    if row["overdue"]:
        note, status = row["overdue_steps"].split("；")[0], "bad"
    elif due is not None:
        days = (due - today).days
        note, status = (f"{row['next_step']}：{'今天' if days == 0 else f'{due:%m-%d}'}到期", "warn")
    else:
        note, status = row["status"], "info"
    place = row["village"] or row["school_name"]
    return Line(f"{row['case_id']} · {row['name']}（{place}）", f"/retention/cases/{row['case_id']}", note, status)


def _zero_report(session: Session, viewer: Viewer, settings) -> Tile | None:
    """The school's report for last month (no report is due for August, the summer month)."""
    first = viewer.today.replace(day=1)
    month = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    if month.endswith("-08"):
        return None
    due = report_due(month, settings)
    sent = session.scalar(select(ZeroReport.submitted_on).where(ZeroReport.school_id == viewer.school_id,
                                                                 ZeroReport.month == month))
    if sent is not None:
        return Tile("retention", "retention.zero_report", f"{month} 月度零报告", "已报送", status="ok",
                    link="/retention/zero-report", detail=f"{sent:%Y-%m-%d} 报送")
    late = viewer.today > due
    return Tile("retention", "retention.zero_report", f"{month} 月度零报告", "已逾期" if late else "待报送",
                status="bad" if late else "warn", link="/retention/zero-report",
                detail=f"报送期限 {due:%Y-%m-%d}")


def tiles(session: Session, viewer: Viewer) -> list[Tile]:
    if viewer.page == "other":
        return []
    settings = load_settings(viewer.data_dir)
    key = (viewer.scope, viewer.page, viewer.today, repr(settings))
    return _TILES.get(session, key, lambda: _tiles(session, viewer, settings))


def _tiles(session: Session, viewer: Viewer, settings) -> list[Tile]:
    today = viewer.today
    cases = [c for _, c in load_cases(session, viewer.scope)]
    board = board_rows(cases, settings, today)
    open_rows = board[~board["status"].isin(CLOSED_LABELS)]
    overdue = open_rows[open_rows["overdue"]].sort_values("opened_on")
    waiting = open_rows[~open_rows["overdue"] & open_rows["next_due"].notna()]
    this_week = waiting[waiting["next_due"] <= viewer.week_end()].sort_values("next_due")
    n_open, n_overdue, n_week = len(open_rows), len(overdue), len(this_week)
    lines = tuple(_case_line(r, today) for r in overdue.to_dict("records")[:MAX_LINES])
    out = []
    if viewer.page == "township":
        out.append(Tile("retention", "retention.due_this_week", "本周到期的个案", n_week, "件",
                        count_status(n_week, bad=False), "/retention/cases",
                        f"下一步在 {viewer.week_end():%m-%d}（周日）前到期；本乡镇未结个案 {n_open} 件",
                        lines=tuple(_case_line(r, today) for r in this_week.to_dict("records")[:MAX_LINES])))
        out.append(Tile("retention", "retention.overdue_cases", "逾期未办的个案", n_overdue, "件",
                        count_status(n_overdue), "/retention/cases?overdue=1", "有步骤已过期限", lines=lines))
        return out
    if viewer.page == "cockpit":
        term, start = current_term_start(session, today, settings)
        opened = sum(c.opened_on >= start for c in cases)
        out.append(Tile("retention", "retention.open_cases", "未结辍学个案", n_open, "件",
                        "warn" if n_open else "ok", "/retention/cases",
                        f"{term_label(term)}新增 {opened} 件", headline=True))
    out.append(Tile("retention", "retention.overdue_cases", "逾期未办的个案", n_overdue, "件", count_status(n_overdue),
                    "/retention/cases?overdue=1", "上报、核查、劝返或复学通知有步骤已过期限",
                    headline=viewer.page == "cockpit", lines=lines if viewer.page != "cockpit" else ()))
    if viewer.page == "queue":
        notices = int(open_rows["notice_due"].sum()) if n_open else 0
        out.append(Tile("retention", "retention.due_this_week", "本周到期的个案", n_week, "件",
                        count_status(n_week, bad=False), "/retention/cases",
                        f"下一步在 {viewer.week_end():%m-%d}（周日）前到期", lines=tuple(
                            _case_line(r, today) for r in this_week.to_dict("records")[:MAX_LINES])))
        out.append(Tile("retention", "retention.notices_due", "应发复学通知书", notices, "件",
                        count_status(notices, bad=False), "/retention/cases", "劝返多次未果，应由乡镇发出书面通知"))
    if viewer.page == "school":
        run = latest_run(session)
        if run is not None:
            n = session.scalar(select(func.count()).select_from(CensusEntry).where(
                CensusEntry.run_id == run.id, CensusEntry.school_id == viewer.school_id,
                CensusEntry.outcome == "transferred_out", CensusEntry.proof.is_(False)))
            out.append(Tile("retention", "retention.census_to_confirm", f"{term_label(run.term)}学籍清查待确认", n, "人",
                            count_status(n, bad=False), f"/retention/census?term={run.term}#left-county",
                            "转出县外、尚未登记接收学校证明的学生"))
        if (zero := _zero_report(session, viewer, settings)) is not None:
            out.append(zero)
    return out
