"""Collecting school data on the web: the template and the data as Excel, an upload with a preview before it is
committed (bureau: the whole county; a school clerk: own school's rows only), and the form on which a school
enters or edits its own figures for a year."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Form, Request, UploadFile
from sqlalchemy import func, select

from junheng.accounts import WRITE_ROLES
from junheng.balance.core.columns import COLUMNS
from junheng.balance.core.fmt import num
from junheng.balance.core.teachers import derive_teacher_columns
from junheng.balance.reports.excel import SECTIONS_BY_KIND, write_school_data_template
from junheng.balance.reports.school_data_template import write_school_data
from junheng.balance.store import school_data as store_io
from junheng.balance.store.models import BalanceSchoolYear
from junheng.balance.store.queries import county_school_ids, default_county, school_year_frame, teachers_frame
from junheng.balance.store.service import template_schools
from junheng.balance.web.common import tabs_for
from junheng.balance.web.tools import XLSX, download
from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(prefix="/data")
UPLOADERS = WRITE_ROLES + ("school_clerk",)


@dataclass
class DataPage:
    title: str
    year: int
    years: list[int]
    tabs: list[tuple[str, str]]
    rows: list[dict]
    can_upload: bool
    problems: list[Problem] = field(default_factory=list)
    preview: dict | None = None
    token: str = ""
    file_name: str = ""
    message: str = ""


def _scope_ids(session, scope, county_code: str) -> list[str]:
    ids = county_school_ids(session, county_code)
    towns = dict(session.execute(select(School.school_id, School.township_code).where(School.school_id.in_(ids))).all())
    return [i for i in ids if scope.allows_school(i, towns.get(i))]


def _data_page(session, user, scope, year: int | None, **kw) -> DataPage:
    code, _name = default_county(session)
    ids = _scope_ids(session, scope, code)
    stored = sorted(set(session.scalars(select(BalanceSchoolYear.year).distinct())), reverse=True)
    year = year or (stored[0] if stored else dt.date.today().year)
    counts = dict(session.execute(select(BalanceSchoolYear.school_id, func.count()).where(
        BalanceSchoolYear.year == year, BalanceSchoolYear.school_id.in_(ids)).group_by(BalanceSchoolYear.school_id)).all())
    students = dict(session.execute(select(BalanceSchoolYear.school_id, func.sum(BalanceSchoolYear.students)).where(
        BalanceSchoolYear.year == year, BalanceSchoolYear.school_id.in_(ids), BalanceSchoolYear.section != "全校")
        .group_by(BalanceSchoolYear.school_id)).all())
    schools = session.scalars(select(School).where(School.school_id.in_(ids)).order_by(School.township_code,
                                                                                        School.school_id))
    rows = [{"school_id": s.school_id, "name": s.name, "kind": s.kind, "rows": counts.get(s.school_id, 0),
             "students": students.get(s.school_id)} for s in schools]
    years = sorted(set(stored) | {year, dt.date.today().year}, reverse=True)
    return DataPage("办学条件数据采集", year, years, tabs_for(user), rows, user.role in UPLOADERS, **kw)


@router.get("")
def data_page(request: Request, session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    return render(request, "balance/data.html", _data_page(session, user, scope, year))


@router.get("/template.xlsx")
def template(session: DbSession, user: CurrentUser, scope: CurrentScope, year: int | None = None):
    """The blank template prefilled with the schools (and their sections) the user may fill."""
    year = year or _latest_year(session)
    code, _name = default_county(session)
    schools = template_schools(session, _scope_ids(session, scope, code))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_school_data_template(Path(tmp) / "t.xlsx", year, schools)
        return download(path.read_bytes(), f"办学条件采集表_{year}.xlsx", XLSX)


@router.get("/export.xlsx")
def export(session: DbSession, user: CurrentUser, scope: CurrentScope, year: int):
    """The stored data of a year, in the template's layout (edit and import it again)."""
    code, _name = default_county(session)
    ids = _scope_ids(session, scope, code)
    frame = school_year_frame(session, year, ids)
    names = dict(session.execute(select(School.school_id, School.name).where(School.school_id.in_(ids))).all())
    with tempfile.TemporaryDirectory() as tmp:
        path = write_school_data(frame, Path(tmp) / "d.xlsx", year=year, names=names)
        return download(path.read_bytes(), f"办学条件_{year}.xlsx", XLSX)


def _uploads(deployment) -> Path:
    folder = deployment.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _require_uploader(user) -> None:
    if user.role == "leader":
        raise Forbidden("局领导账号为只读，不能导入数据")
    if user.role not in UPLOADERS:
        raise Forbidden("只有教育局工作人员和学校填报员可以导入办学条件数据")


@router.post("/upload")
@off_the_loop
async def upload(request: Request, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
                 file: UploadFile, year: int | None = Form(None)):
    """Validate and dry-run in a transaction that is rolled back: the preview shows exact counts."""
    _require_uploader(user)
    token = secrets.token_hex(8)
    stored = _uploads(deployment) / f"balance-{token}.xlsx"
    stored.write_bytes(await file.read())
    name = Path(file.filename or "办学条件.xlsx").name
    trial = deployment.db.sessions()
    try:
        result = store_io.import_school_data(trial, stored, user.username, scope=scope, year=year, file_label=name)
        preview = result.summary().get(store_io.TABLE, {})
    except ImportFailed as failed:
        stored.unlink(missing_ok=True)
        with deployment.db.sessions() as s:
            return render(request, "balance/data.html", _data_page(s, user, scope, year, problems=failed.problems,
                                                                   file_name=name), status_code=400)
    finally:
        trial.rollback()
        trial.close()
    with deployment.db.sessions() as s:
        return render(request, "balance/data.html", _data_page(s, user, scope, year, preview=preview, token=token,
                                                               file_name=name))


@router.post("/confirm")
def confirm(request: Request, session: DbSession, deployment: DeploymentDep, user: CurrentUser, scope: CurrentScope,
            token: str = Form(...), file_name: str = Form(...), year: int | None = Form(None)):
    _require_uploader(user)
    stored = _uploads(deployment) / f"balance-{Path(token).name}.xlsx"
    if not stored.exists():
        return render(request, "balance/data.html", _data_page(session, user, scope, year,
                                                               message="预览已失效，请重新上传"), status_code=400)
    try:
        result = store_io.import_school_data(session, stored, user.username, scope=scope, year=year,
                                             file_label=file_name)
    except ImportFailed as failed:
        return render(request, "balance/data.html", _data_page(session, user, scope, year, problems=failed.problems,
                                                               file_name=file_name), status_code=400)
    stored.unlink(missing_ok=True)
    session.flush()
    c = result.summary().get(store_io.TABLE, {})
    return render(request, "balance/data.html", _data_page(
        session, user, scope, year, message=f"导入完成（批次 {result.batch_id}）：新增 {c.get('inserted', 0)} 行，"
                                            f"更新 {c.get('updated', 0)} 行，未变化 {c.get('unchanged', 0)} 行"))


@dataclass
class FormPage:
    title: str
    school: School
    year: int
    tabs: list[tuple[str, str]]
    sections: list[str]
    values: dict[str, dict[str, object]]
    derived: dict[str, dict[str, float]]
    columns: tuple = COLUMNS
    can_save: bool = False
    problems: list[Problem] = field(default_factory=list)
    message: str = ""


def _school_in_scope(session, scope, school_id: str) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise NotFound(f"没有学校标识码为 {school_id} 的学校")
    if not scope.allows_school(school_id, school.township_code):
        raise Forbidden("您只能填报或查看本单位的数据")
    return school


def _form_page(session, user, school: School, year: int, values=None, **kw) -> FormPage:
    stored = school_year_frame(session, year, [school.school_id])
    sections = list(dict.fromkeys([*SECTIONS_BY_KIND.get(school.kind, ["小学"]), *stored["section"]]))
    if values is None:
        values = {r["section"]: {c.key: num(r[c.key], 6) if r[c.key] == r[c.key] else None for c in COLUMNS}
                  for r in stored.to_dict("records")}
    teachers = teachers_frame(session, [school.school_id])
    derived = {}
    if len(teachers):
        d = derive_teacher_columns(teachers, year=year)
        derived = {r["section"]: r for r in d.to_dict("records")}
    can = user.role in WRITE_ROLES or (user.role == "school_clerk" and user.school_id == school.school_id)
    return FormPage(f"{school.name} {year} 年办学条件填报", school, year, tabs_for(user), sections, values, derived,
                    can_save=can, **kw)


def _latest_year(session) -> int:
    found = session.scalar(select(func.max(BalanceSchoolYear.year)))
    return int(found) if found else dt.date.today().year


@router.get("/form/{school_id}")
def form(request: Request, school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
         year: int | None = None):
    school = _school_in_scope(session, scope, school_id)
    year = year or _latest_year(session)
    return render(request, "balance/form.html", _form_page(session, user, school, year))


@router.post("/form/{school_id}")
@off_the_loop
async def save(request: Request, school_id: str, session: DbSession, user: CurrentUser, scope: CurrentScope,
               year: int | None = None):
    school = _school_in_scope(session, scope, school_id)
    year = year or _latest_year(session)
    if user.role not in UPLOADERS:
        raise Forbidden("局领导账号为只读，不能修改数据" if user.role == "leader" else "您没有填报权限")
    data = await request.form()
    sections = [s for s in data.getlist("section") if s]
    rows, values = [], {}
    for sec in sections:
        row = {"school_id": school_id, "year": year, "section": sec}
        for c in COLUMNS:
            text = str(data.get(f"{sec}__{c.key}", "")).strip().replace(",", "")
            row[c.key] = text or None
        if sec == "全校" and all(row[c.key] is None for c in COLUMNS):
            continue
        rows.append(row)
        values[sec] = row
    try:
        result = store_io.save_form(session, rows, user.username, f"网页填报：{school.name} {year}年", scope=scope)
    except ImportFailed as failed:
        return render(request, "balance/form.html", _form_page(session, user, school, year, values,
                                                               problems=failed.problems), status_code=400)
    c = result.summary().get(store_io.TABLE, {})
    msg = ("已保存：" + f"新增 {c.get('inserted', 0)} 行，更新 {c.get('updated', 0)} 行") \
        if c.get("inserted") or c.get("updated") else "数据没有变化"
    return render(request, "balance/form.html", _form_page(session, user, school, year, message=msg))
