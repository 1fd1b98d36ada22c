"""Applications: the public form's submission, the bulk import (strict, preview, one undoable batch), and the
rules' review stored on each application (recomputed whenever the zones, places or facts change)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.admissions.core import Application, parse_address, review
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.store.setup import load_places, load_zones
from junheng.admissions.store.years import settings_for
from junheng.io.problems import ImportFailed, Problem
from junheng.store.batches import BatchResult, upsert_batch
from junheng.store.models.accounts import AuditEntry
from junheng.store.protect import IdProtector

PENDING, APPROVED, REJECTED, APPEALING = "待审核", "审核通过", "审核不通过", "申诉中"
STATUSES = (PENDING, APPROVED, REJECTED, APPEALING)
FACT_FIELDS = ("child_name", "gender", "birth_date", "section", "hukou_kind", "hukou", "property", "owner", "permit",
               "permit_months", "insurance_months", "home", "sibling_group", "chosen", "guardian", "phone")


class ApplicationRefused(ValueError):
    """A refused submission or step; the message is Chinese and shown to the user."""


def as_application(row: AdmissionsApplication) -> Application:
    def addr(text: str):
        return parse_address(text) if text else None

    return Application(row.application_no, row.id_number_hash, row.child_name, dt.date.fromisoformat(row.birth_date),
                       row.section,
                       row.hukou_kind, addr(row.home) or addr(row.property) or addr(row.hukou), addr(row.hukou),
                       addr(row.property), row.owner or "无", addr(row.permit), row.permit_months,
                       row.insurance_months, row.sibling_group, row.chosen)


def apply_review(session: Session, year: int, rows: Iterable[AdmissionsApplication] | None = None) -> int:
    """Recompute the rules' review of ``rows`` (default: every application of the year)."""
    settings = settings_for(session, year)
    zones = load_zones(session, year)
    places = {s: load_places(session, year, s) for s in ("小学", "初中")}
    if rows is None:
        rows = session.scalars(select(AdmissionsApplication).where(AdmissionsApplication.year == year))
    n = 0
    for row in rows:
        r = review(as_application(row), zones, places[row.section], settings)
        row.school_id = r.school
        row.tier, row.tier_label, row.zone_id = r.tier, r.tier_label, r.zone_id
        row.zone_schools = "|".join(r.zone_schools)
        row.rules_eligible = r.eligible
        row.checks = [{"name": c.name, "passed": c.passed, "detail": c.detail, "blocking": c.blocking}
                      for c in r.checks]
        n += 1
    session.flush()
    return n


def new_application_no(session: Session, year: int) -> str:
    """A receipt number: the year and 8 random digits (not guessable from another family's number)."""
    while True:
        no = f"{year}{secrets.randbelow(10**8):08d}"
        if session.scalar(select(AdmissionsApplication.id).where(AdmissionsApplication.application_no == no)) is None:
            return no


@dataclass(frozen=True)
class FormData:
    child_name: str
    id_number: str
    gender: str
    section: str
    hukou_kind: str
    hukou: str = ""
    property: str = ""
    owner: str = "无"
    permit: str = ""
    permit_months: int = 0
    insurance_months: int = 0
    home: str = ""
    sibling_group: str = ""
    chosen: str = ""
    guardian: str = ""
    phone: str = ""


def _checked(form: FormData, protector: IdProtector) -> tuple[dict, Application]:
    """The form as a record the rules read, or ``ApplicationRefused`` naming every field that is wrong."""
    from junheng.admissions.readers.workbooks import application_from

    problems: list[str] = []
    record = {**form.__dict__, "application_no": "pending", "name": form.child_name.strip(),
              "birth_date": None, "id_number": form.id_number.strip().upper()}
    app = application_from(record, lambda col, why: problems.append(f"{col}：{why}"), None, protector.hash)
    for label, value in (("儿童姓名", form.child_name), ("监护人", form.guardian)):
        if len(value) > 32:
            problems.append(f"{label}：不能超过 32 个字")
    if not form.child_name.strip():
        problems.append("儿童姓名：必填")
    if problems or app is None:
        raise ApplicationRefused("；".join(problems) or "请填写完整")
    return record, app


def _facts(form: FormData) -> dict:
    return {k: getattr(form, k) if not isinstance(getattr(form, k), str) else getattr(form, k).strip()
            for k in FACT_FIELDS if k != "birth_date"}


def submit(session: Session, year: int, form: FormData, protector: IdProtector, by: str = "网上报名") -> AdmissionsApplication:
    """One application from the public form: validated, the ID number protected, reviewed by the rules."""
    record, app = _checked(form, protector)
    duplicate = session.scalar(select(AdmissionsApplication.application_no).where(
        AdmissionsApplication.year == year, AdmissionsApplication.section == form.section,
        AdmissionsApplication.id_number_hash == app.child_key))
    if duplicate is not None:
        raise ApplicationRefused("该儿童本年度已经报名，不能重复报名；审核前可在「报名查询」中凭报名回执号修改报名信息")
    row = AdmissionsApplication(year=year, application_no=new_application_no(session, year), source="网上报名",
                                birth_date=app.birth_date.isoformat(), **protector.protect(record["id_number"]),
                                **_facts(form))
    session.add(row)
    session.flush()
    apply_review(session, year, [row])
    session.add(AuditEntry(username=by, action="admissions:apply", target=row.application_no,
                           detail={"school": row.school_id, "rules_eligible": row.rules_eligible}))
    return row


AMENDABLE = "只有待审核、尚未派位的报名可以修改；已审核的报名如需更正请联系教育局"


def can_amend(row: AdmissionsApplication) -> bool:
    return row.status == PENDING and not row.result_stage


def amend(session: Session, row: AdmissionsApplication, form: FormData, protector: IdProtector,
          by: str = "家长") -> list[str]:
    """A parent's correction of a pending application (found by receipt number and the child's ID number): the
    same checks as the form, the child and the section unchanged, the rules' review run again, the changed
    fields (not their values) audited. Returns the labels of the fields that changed."""
    if not can_amend(row):
        raise ApplicationRefused(AMENDABLE)
    form = FormData(**{**form.__dict__, "section": row.section})
    _, app = _checked(form, protector)
    if app.child_key != row.id_number_hash:
        raise ApplicationRefused("身份证件号不能修改；如填错了儿童的证件号，请联系教育局")
    new = {**_facts(form), "birth_date": app.birth_date.isoformat()}
    changed = [k for k, v in new.items() if getattr(row, k) != v]
    for k in changed:
        setattr(row, k, new[k])
    session.flush()
    apply_review(session, row.year, [row])
    labels = [FIELD_LABELS.get(k, k) for k in changed]
    session.add(AuditEntry(username=by, action="admissions:amend", target=row.application_no,
                           detail={"fields": labels, "school": row.school_id, "rules_eligible": row.rules_eligible}))
    return labels


FIELD_LABELS = {"child_name": "儿童姓名", "gender": "性别", "birth_date": "出生日期", "hukou_kind": "户籍类型",
                "hukou": "户籍地址", "property": "房产地址", "owner": "房产产权人", "permit": "居住证地址",
                "permit_months": "居住证持有月数", "insurance_months": "社保缴纳月数", "home": "现住址",
                "sibling_group": "同胞组", "chosen": "所报学校", "guardian": "监护人", "phone": "联系电话"}


def lookup(session: Session, application_no: str, id_number: str, protector: IdProtector) -> AdmissionsApplication | None:
    """The application with this receipt number whose child has this ID number (both must match)."""
    row = session.scalar(select(AdmissionsApplication).where(AdmissionsApplication.application_no == application_no))
    if row is None or not secrets.compare_digest(row.id_number_hash, protector.hash(id_number.strip().upper())):
        return None
    return row


@dataclass(frozen=True)
class ImportPreview:
    rows: int
    new: int
    updated: int
    warnings: tuple[str, ...]


def _import_rows(session: Session, year: int, path: Path, protector: IdProtector, label: str):
    from junheng.admissions.readers.specs import APPLICATIONS
    from junheng.admissions.readers.workbooks import read_applications

    known = {s for sec in ("小学", "初中") for s in load_places(session, year, sec)}
    data = read_applications(path, label, known, protector.hash)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    existing = {h: no for h, no in session.execute(select(AdmissionsApplication.id_number_hash,
                                                          AdmissionsApplication.application_no)
                                                   .where(AdmissionsApplication.year == year))}
    numbers = set(session.scalars(select(AdmissionsApplication.application_no)))
    rows = []
    for app, rec, r in zip(data.applications, data.records, data.rows):
        if app.child_key in seen:
            problems.append(Problem(label, APPLICATIONS.name, r, "身份证件号", f"与第 {seen[app.child_key]} 行是同一儿童"))
            continue
        seen[app.child_key] = r
        other = existing.get(app.child_key)
        if other is not None and other != app.application_no:
            problems.append(Problem(label, APPLICATIONS.name, r, "身份证件号", f"该儿童已有报名 {other}"))
            continue
        rows.append({"year": year, "application_no": app.application_no, "source": "批量导入",
                     "section": app.section, "child_name": app.name, "gender": rec.get("gender") or "",
                     "birth_date": app.birth_date.isoformat(), **protector.protect(rec["id_number"].strip().upper()),
                     "hukou_kind": app.hukou_kind, "hukou": rec.get("hukou") or "", "property": rec.get("property") or "",
                     "owner": app.property_owner, "permit": rec.get("permit") or "",
                     "permit_months": app.permit_months, "insurance_months": app.insurance_months,
                     "home": rec.get("home") or "", "sibling_group": app.sibling_group, "chosen": app.chosen,
                     "guardian": rec.get("guardian") or "", "phone": rec.get("phone") or ""})
    if problems:
        raise ImportFailed(problems)
    return rows, numbers


def preview_applications(session: Session, year: int, path: Path, protector: IdProtector,
                         file_label: str | None = None) -> ImportPreview:
    rows, numbers = _import_rows(session, year, path, protector, file_label or Path(path).name)
    new = sum(1 for r in rows if r["application_no"] not in numbers)
    return ImportPreview(len(rows), new, len(rows) - new, ())


def import_applications(session: Session, year: int, path: Path, username: str, protector: IdProtector,
                        file_label: str | None = None) -> BatchResult:
    """Write the file's applications as one batch (undo: ``junheng.store.batches.undo_batch``), then review."""
    label = file_label or Path(path).name
    rows, _ = _import_rows(session, year, path, protector, label)
    result = upsert_batch(session, f"admissions-applications-{year}", label, username,
                          [("admissions_application", ("application_no",), rows)],
                          not_compared={"admissions_application": {"id_number_enc"}})
    nos = [r["application_no"] for r in rows]
    fresh = list(session.scalars(select(AdmissionsApplication).where(AdmissionsApplication.application_no.in_(nos))))
    apply_review(session, year, fresh)
    return result


def today() -> dt.date:
    return dt.date.today()
