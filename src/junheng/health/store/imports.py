"""The one write path of every health import: read strictly (nothing half-imported), check the schools exist in
the registry, compute what is derived (scores, risk levels, follow-up cases), then one undoable batch
(``junheng.store.batches.upsert_batch``) inside the caller's transaction.

``preview_*`` returns what an import would write without writing; ``import_*`` writes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.health.core import HealthSettings, rating_counts, risk_levels, score_results
from junheng.health.core.measure import parse_sex
from junheng.health.readers.fitness import parse_grade, read_results
from junheng.health.readers.registers import SPECS
from junheng.health.store.models import ITEM_COLUMNS, PsychCaseRow
from junheng.io.problems import ImportFailed, Problem
from junheng.io.reader import read_sheet
from junheng.registry.store.models import School
from junheng.store.batches import BatchResult, upsert_batch

KIND_LABELS = {"fitness": "体质健康测试", "vision": "视力筛查", "psych": "心理测评", "school_psych": "心理辅导资源",
               "aid": "学生资助", "left_behind": "留守儿童关爱", "visits": "关爱走访", "special_ed": "特殊教育"}
BATCH_KIND = {k: f"health_{k}" for k in KIND_LABELS}


@dataclass
class Prepared:
    kind: str
    file_name: str
    tables: list[tuple[str, tuple[str, ...], list[dict]]]
    summary: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.tables[0][2]) if self.tables else 0


def _known_schools(session: Session) -> set[str]:
    return set(session.scalars(select(School.school_id)))


def _check_schools(session: Session, label: str, sheet: str, rows: list[dict], numbers: list[int],
                   column: str = "学校标识码", key: str = "school_id", allow_blank: bool = False,
                   only_school: str | None = None) -> None:
    known = _known_schools(session)
    problems = [Problem(label, sheet, n, column, f"学校标识码「{r[key]}」不在学校名册中")
                for r, n in zip(rows, numbers) if (r.get(key) or not allow_blank) and r.get(key) not in known]
    if only_school is not None:
        problems += [Problem(label, sheet, n, column, f"学校填报员只能导入本校（{only_school}）的数据，此行为「{r.get(key)}」")
                     for r, n in zip(rows, numbers) if r.get(key) != only_school]
    if problems:
        raise ImportFailed(problems)


def _f(v) -> float | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def prepare_fitness(session: Session, path: Path, year: str, school_id: str | None = None,
                    file_label: str | None = None, only_school: str | None = None) -> Prepared:
    """``only_school``: a school clerk's import — every row must be that school's."""
    label = file_label or Path(path).name
    frame = read_results(path, school_id=school_id or only_school, file_label=label)
    _check_schools(session, label, "体测成绩", frame.to_dict("records"), frame["row"].tolist(),
                   only_school=only_school)
    scored = score_results(frame)
    rows = []
    for rec, s in zip(frame.to_dict("records"), scored.to_dict("records")):
        scores = {k[6:]: float(v) for k, v in s.items() if k.startswith("score_") and not np.isnan(v)}
        scores |= {k: float(v) for k, v in s.items() if k.startswith("bonus_") and v}
        rows.append({"year": year, "student_id": rec["student_id"], "school_id": rec["school_id"],
                     "name": rec["name"], "sex": rec["sex"], "grade": int(rec["grade"]),
                     "class_name": rec.get("class_name") or "", "nation": rec.get("nation") or "",
                     "birth_date": rec.get("birth_date") or "",
                     **{c: _f(rec.get(c)) for c in ITEM_COLUMNS}, "exempt": bool(rec["exempt"]),
                     "bmi": _f(s["bmi"]), "bmi_band": s["bmi_band"] or "", "scores": scores,
                     "standard": _f(s["standard"]), "extra": _f(s["extra"]), "total": _f(s["total"]),
                     "rating": s["rating"] if s["complete"] else None})
    summary = {"students": len(rows), "schools": int(frame["school_id"].nunique()),
               "complete": int(scored["complete"].sum()), "exempt": int(scored["exempt"].sum()),
               **rating_counts(scored)}
    return Prepared("fitness", label, [("health_fitness", ("year", "student_id"), rows)], summary)


def _sheet(session: Session, kind: str, path: Path, label: str) -> tuple[list[dict], list[int]]:
    spec = SPECS[kind]
    problems: list[Problem] = []
    read = read_sheet(path, spec, problems, label)
    if not problems and not read.rows:
        problems.append(Problem(label, spec.name, None, "", "表中没有数据"))
    if problems:
        raise ImportFailed(problems)
    return read.rows, read.row_numbers


def _grade(label: str, sheet: str, rows: list[dict], numbers: list[int]) -> None:
    problems = []
    for r, n in zip(rows, numbers):
        try:
            r["grade"] = parse_grade(str(r["grade"]))
        except ValueError as exc:
            problems.append(Problem(label, sheet, n, "年级", str(exc)))
    if problems:
        raise ImportFailed(problems)


def case_id_for(student_id: str, scale: str, screened_on: str) -> str:
    return "XL-" + hashlib.sha1(f"{student_id}|{scale}|{screened_on}".encode()).hexdigest()[:12].upper()


def prepare_sheet(session: Session, kind: str, path: Path, period: str, file_label: str | None = None,
                  settings: HealthSettings | None = None, today: dt.date | None = None,
                  only_school: str | None = None) -> Prepared:
    """A register or screening sheet of ``kind`` (see ``readers.registers.SPECS``) for ``period``
    (a term ``YYYY-1/2`` for vision; a school year ``YYYY`` otherwise)."""
    label = file_label or Path(path).name
    spec = SPECS[kind]
    rows, numbers = _sheet(session, kind, path, label)
    _check_schools(session, label, spec.name, rows, numbers, allow_blank=kind == "special_ed",
                   only_school=only_school)
    extra_tables: list[tuple[str, tuple[str, ...], list[dict]]] = []
    summary: dict = {"rows": len(rows)}
    if kind == "vision":
        from junheng.health.core.vision import five_point

        _grade(label, spec.name, rows, numbers)
        bad = []
        for r, n in zip(rows, numbers):
            for key, header in (("right", "右眼裸眼视力"), ("left", "左眼裸眼视力")):
                try:
                    r[key] = five_point(r[key])
                except ValueError as exc:
                    bad.append(Problem(label, spec.name, n, header, str(exc)))
        if bad:
            raise ImportFailed(bad)
        for r in rows:
            r["term"] = period
            r["sex"] = parse_sex(r["sex"])
            r["class_name"] = r.get("class_name") or ""
            r["screened_on"] = r.get("screened_on") or ""
    elif kind == "psych":
        _grade(label, spec.name, rows, numbers)
        frame = pd.DataFrame(rows)
        try:
            frame["level"] = risk_levels(frame, settings)
        except ValueError as exc:
            raise ImportFailed([Problem(label, spec.name, None, "量表", str(exc))]) from None
        existing = {c.case_id for c in session.scalars(select(PsychCaseRow))}
        cases = []
        opened = (today or dt.date.today()).isoformat()
        for r, level in zip(rows, frame["level"]):
            r["year"] = period
            r["level"] = level
            r["class_name"] = r.get("class_name") or ""
            cid = case_id_for(r["student_id"], r["scale"], r["screened_on"])
            if level == "高风险" and cid not in existing:
                cases.append({"case_id": cid, "student_id": r["student_id"], "school_id": r["school_id"],
                              "name": r["name"], "scale": r["scale"], "total": r["total"],
                              "screened_on": r["screened_on"], "opened_on": max(opened, r["screened_on"]),
                              "status": "待约谈", "responsible_name": "", "responsible_unit": "",
                              "responsible_phone": "", "contacts": [], "referred_on": None, "closed_on": None,
                              "note": ""})
        summary |= {"high": int((frame["level"] == "高风险").sum()), "watch": int((frame["level"] == "关注").sum()),
                    "cases_opened": len(cases)}
        if cases:
            extra_tables.append(("health_psych_case", ("case_id",), cases))
    elif kind == "school_psych":
        for r in rows:
            r["year"] = period
            r["has_room"] = r["has_room"] == "是"
            r["part_time_teachers"] = r.get("part_time_teachers") or 0
    elif kind == "aid":
        bad = [Problem(label, spec.name, n, "学期", f"学期「{r['term']}」应写成 YYYY-1 或 YYYY-2")
               for r, n in zip(rows, numbers) if not (len(r["term"]) == 6 and r["term"][4] == "-"
                                                      and r["term"][:4].isdigit() and r["term"][5] in "12")]
        if bad:
            raise ImportFailed(bad)
        summary["amount"] = round(sum(r["amount"] for r in rows), 2)
    elif kind in ("left_behind", "special_ed"):
        for r in rows:
            r["year"] = period
            for k in ("guardian_relation", "guardian_phone"):
                if k in r:
                    r[k] = r[k] or ""
        if kind == "special_ed":
            bad = [Problem(label, spec.name, n, "学校标识码", f"安置方式为{r['placement']}时须填写学校标识码")
                   for r, n in zip(rows, numbers) if r["placement"] != "未入学" and not r.get("school_id")]
            if bad:
                raise ImportFailed(bad)
    elif kind == "visits":
        pass
    table_key = {"vision": ("term", "student_id"), "psych": ("student_id", "scale", "screened_on"),
                 "school_psych": ("year", "school_id"), "aid": ("term", "student_id", "aid_type"),
                 "left_behind": ("year", "student_id"), "visits": ("student_id", "visited_on", "visitor"),
                 "special_ed": ("year", "person_id")}[kind]
    return Prepared(kind, label, [(spec.table, table_key, rows), *extra_tables], summary)


def write(session: Session, prepared: Prepared, username: str) -> BatchResult:
    return upsert_batch(session, BATCH_KIND[prepared.kind], prepared.file_name, username, prepared.tables)


def import_fitness(session: Session, path: Path, year: str, username: str, school_id: str | None = None,
                   file_label: str | None = None) -> BatchResult:
    return write(session, prepare_fitness(session, path, year, school_id, file_label), username)


def import_sheet(session: Session, kind: str, path: Path, period: str, username: str,
                 file_label: str | None = None, settings: HealthSettings | None = None,
                 today: dt.date | None = None) -> BatchResult:
    return write(session, prepare_sheet(session, kind, path, period, file_label, settings, today), username)


def cases_with_follow_up(session: Session, batch_id: int) -> list[str]:
    """Follow-up cases a psychological-screening batch opened that have since been worked on (a responsible
    person or contacts): undoing the batch would delete that work, so it is refused while they exist."""
    import json

    from junheng.store.models.accounts import ImportChange

    keys = [json.loads(c.row_key)["case_id"] for c in session.scalars(
        select(ImportChange).where(ImportChange.batch_id == batch_id, ImportChange.table_name == "health_psych_case"))
        if c.before is None]
    if not keys:
        return []
    rows = session.scalars(select(PsychCaseRow).where(PsychCaseRow.case_id.in_(keys)))
    return sorted(r.case_id for r in rows if r.contacts or r.responsible_name)
