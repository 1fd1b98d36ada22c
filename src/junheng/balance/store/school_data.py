"""Writing school data to the database: the school-data workbook (办学条件采集表) and the web form, both through
``upsert_batch`` (one transaction, a batch that can be undone). Everything is validated first; any problem raises
``ImportFailed`` naming file, sheet, row and column, and nothing is written.

A user whose scope is one school (school clerk) may write only that school's rows: a row of another school is
a problem of the file, not silently skipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.accounts import Scope
from junheng.balance.core.columns import BY_KEY, NUMERIC_KEYS
from junheng.balance.core.validate import DataIssue, validate_school_year_data
from junheng.balance.reports.excel import KEY_HEADERS, SHEET, _header_key, read_school_data
from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School
from junheng.store.batches import BatchResult, upsert_batch

TABLE = "balance_school_year"
KEY = ("school_id", "year", "section")
KIND = "balance"
HEADERS = dict(KEY_HEADERS)
INTEGER_KEYS = tuple(c.key for c in BY_KEY.values() if c.integer or c.teacher)
WRONG_SECTIONS = {"小学": ("初中", "高中"), "初中": ("小学", "高中"), "教学点": ("初中", "高中")}


def header(key: str | None) -> str:
    """The Chinese column header a user sees for a key."""
    return HEADERS.get(key or "", key or "")


def _problem(label: str, issue: DataIssue) -> Problem:
    return Problem(label, issue.sheet or SHEET, issue.row, header(issue.column), issue.reason)


def excel_rows(path: Path) -> list[int]:
    """The Excel row number of every data row ``read_school_data`` returns (same header and blank-row rules)."""
    from junheng.io.workbook import open_workbook

    wb = open_workbook(path)
    sheet = SHEET if SHEET in wb.sheet_names else wb.sheet_names[0]
    rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    head = next((i for i, r in enumerate(rows[:12]) if any(_header_key(v) == "school_id" for v in r)), None)
    if head is None:
        return []
    cols = [j for j, v in enumerate(rows[head]) if _header_key(v) is not None]
    return [head + 2 + i for i, r in enumerate(rows[head + 1:])
            if any(j < len(r) and r[j] not in (None, "") for j in cols)]


def check_rows(session: Session, frame: pd.DataFrame, row_numbers: list[int | None], label: str, sheet: str, *,
               scope: Scope | None, year: int | None) -> list[Problem]:
    """Checks against the registry and the user's scope: school known, in scope, section fits its kind, year,
    whole numbers where the statistics forms count people and rooms."""
    problems: list[Problem] = []
    ids = sorted(set(frame["school_id"]))
    known = {s.school_id: s for s in session.scalars(select(School).where(School.school_id.in_(ids)))}
    years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame else pd.Series(np.nan, frame.index)
    for i, (sid, section, y) in enumerate(zip(frame["school_id"], frame["section"], years, strict=True)):
        row = row_numbers[i] if i < len(row_numbers) else None
        school = known.get(sid)
        if school is None:
            problems.append(Problem(label, sheet, row, header("school_id"), f"学校标识码「{sid}」不在学校名册中"))
        elif scope is not None and not scope.allows_school(sid, school.township_code):
            problems.append(Problem(label, sheet, row, header("school_id"),
                                    f"「{school.name}」不是您所在的单位，不能填报或导入其他学校的数据"))
        elif section in WRONG_SECTIONS.get(school.kind, ()):
            problems.append(Problem(label, sheet, row, header("section"),
                                    f"「{school.name}」是{school.kind}，不应有{section}行"))
        if pd.isna(y):
            problems.append(Problem(label, sheet, row, header("year"), "必填项为空（填写学年开始的年份，如 2024）"))
        elif not 2000 <= y <= 2100 or y != int(y):
            problems.append(Problem(label, sheet, row, header("year"), f"年度「{y:g}」无效"))
        elif year is not None and int(y) != int(year):
            problems.append(Problem(label, sheet, row, header("year"), f"年度应为 {year}，而不是 {int(y)}"))
    for key in INTEGER_KEYS:
        if key not in frame:
            continue
        v = frame[key].to_numpy(dtype=float)
        bad = ~np.isnan(v) & (v != np.floor(v))
        problems += [Problem(label, sheet, row_numbers[i] if i < len(row_numbers) else None, header(key),
                             f"{v[i]:g} 应为整数") for i in np.flatnonzero(bad)]
    return problems


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows for ``balance_school_year``: ints for counted columns, floats for areas and money, None for blanks."""
    out = pd.DataFrame({"school_id": frame["school_id"].astype(str), "year": frame["year"].astype(int),
                        "section": frame["section"].astype(str)})
    for key in NUMERIC_KEYS:
        col = frame[key] if key in frame else pd.Series(np.nan, index=frame.index)
        v = pd.to_numeric(col, errors="coerce").astype(float)
        out[key] = v.round().astype("Int64") if key in INTEGER_KEYS else v
    recs = out.astype(object).where(out.notna(), None).to_dict("records")
    for r in recs:
        for key in NUMERIC_KEYS:
            if r[key] is not None:
                r[key] = int(r[key]) if key in INTEGER_KEYS else float(r[key])
        r["year"] = int(r["year"])
    return recs


def import_school_data(session: Session, path: str | Path, username: str, *, scope: Scope | None = None,
                       year: int | None = None, file_label: str | None = None) -> BatchResult:
    """Validate the whole workbook, then upsert every row by (school, year, section) as one batch."""
    path = Path(path)
    label = file_label or path.name
    frame, issues = read_school_data(path)
    problems = [_problem(label, i) for i in issues]
    if not problems and frame.empty:
        problems.append(Problem(label, SHEET, None, "", "没有数据行"))
    if problems:
        raise ImportFailed(problems)
    problems = check_rows(session, frame, excel_rows(path), label, SHEET, scope=scope, year=year)
    if problems:
        raise ImportFailed(problems)
    return upsert_batch(session, KIND, label, username, [(TABLE, KEY, records(frame))])


def save_form(session: Session, rows: list[dict], username: str, label: str, *,
              scope: Scope | None = None) -> BatchResult:
    """Rows typed on the web form (canonical keys, values as typed): the same rules as the workbook. Problems
    name the section and the field (the form has no row numbers)."""
    frame = pd.DataFrame(rows)
    sections = [str(r.get("section", "")) for r in rows]
    clean, issues = validate_school_year_data(frame, file=label, sheet="网页填报", header_row=0)
    problems = [Problem(label, "网页填报", i.row, header(i.column), i.reason) for i in issues]
    if not problems:
        numbers: list[int | None] = list(range(1, len(clean) + 1))
        problems = check_rows(session, clean, numbers, label, "网页填报", scope=scope, year=None)
    if problems:
        raise ImportFailed([Problem(p.file, p.sheet, None, f"{sections[p.row - 1]}：{p.column}"
                                    if p.row and p.row <= len(sections) else p.column, p.reason)
                            for p in problems])
    return upsert_batch(session, KIND, label, username, [(TABLE, KEY, records(clean))])
