"""Demo 学生健康: files written from the demo county's pupils (``junheng.demo.health``, seeded) into
``files_dir / "学生健康"`` and imported through the module's own import path, one batch per file.

The registry must already be loaded (the registry module loads first)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from junheng.demo.base import rng_for
from junheng.demo.health import FITNESS_YEAR, VISION_TERMS, build_health
from junheng.health.readers.export import upload_rows
from junheng.health.readers.layout import UPLOAD
from junheng.health.readers.registers import SPECS
from junheng.health.store import imports
from junheng.io.spec import Column, SheetSpec
from junheng.io.template import write_template
from junheng.registry.store.models import School, Student

COUNTY_UPLOAD = SheetSpec(UPLOAD.name, UPLOAD.table, (Column("school_id", "学校标识码", "text"), *UPLOAD.columns),
                          UPLOAD.key, UPLOAD.description)
SEED = 2024


def _registry(session) -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["student_id", "name", "gender", "birth_date", "school_id", "grade", "class_name", "status", "left_behind",
            "disability", "low_income", "township_code"]
    students = pd.DataFrame(session.execute(select(*[getattr(Student, c) for c in cols])).all(), columns=cols)
    schools = pd.DataFrame(session.execute(select(School.school_id, School.name, School.kind)).all(),
                           columns=["school_id", "name", "kind"])
    return students.sort_values("student_id").reset_index(drop=True), schools.sort_values("school_id")


def _rows(frame: pd.DataFrame, spec: SheetSpec) -> list[dict]:
    keys = [c.key for c in spec.columns]
    return frame.reindex(columns=keys).astype(object).where(frame.reindex(columns=keys).notna(), None).to_dict("records")


def write_files(session, out_dir: Path) -> dict[str, Path]:
    students, schools = _registry(session)
    return write_data(students, schools, out_dir)


def write_data(students: pd.DataFrame, schools: pd.DataFrame, out_dir: Path, seed: int = SEED) -> dict[str, Path]:
    """The demo files for these pupils (registry columns) and schools."""
    data = build_health(students, schools, rng_for(seed, "health"))
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    fit = data.fitness
    rows = [{**r, "school_id": s} for r, s in zip(upload_rows(fit), fit["school_id"])]
    for r, ex in zip(rows, fit["exempt"]):
        if ex:
            r["run50"] = "免测"
    files["fitness"] = write_template(out_dir / f"体测成绩_{FITNESS_YEAR}_全县.xlsx", [COUNTY_UPLOAD],
                                      "国家学生体质健康标准数据上报（全县）", {UPLOAD.name: rows})
    for term in VISION_TERMS:
        files[f"vision:{term}"] = write_template(out_dir / f"视力筛查_{term}.xlsx", [SPECS["vision"]], "视力筛查",
                                                 {"视力筛查": _rows(data.vision[term], SPECS["vision"])})
    for kind, frame in (("psych", data.psych), ("school_psych", data.school_psych), ("aid", data.aid),
                        ("left_behind", data.left_behind), ("visits", data.visits), ("special_ed", data.special_ed)):
        spec = SPECS[kind]
        files[kind] = write_template(out_dir / f"{spec.name}_{FITNESS_YEAR}.xlsx", [spec], spec.name,
                                     {spec.name: _rows(frame, spec)})
    return files


def load(deployment, files_dir: Path, by: str) -> str:
    folder = Path(files_dir) / "学生健康"
    with deployment.db.sessions() as session:
        files = write_files(session, folder)
    return import_files(deployment, files, by)


def import_files(deployment, files: dict[str, Path], by: str) -> str:
    results = []
    with deployment.db.transaction() as session:
        results.append(imports.import_fitness(session, files["fitness"], FITNESS_YEAR, by))
    for term in VISION_TERMS:
        with deployment.db.transaction() as session:
            imports.import_sheet(session, "vision", files[f"vision:{term}"], term, by)
    for kind in ("psych", "school_psych", "aid", "left_behind", "visits", "special_ed"):
        with deployment.db.transaction() as session:
            imports.import_sheet(session, kind, files[kind], FITNESS_YEAR, by, today=dt.date(2024, 10, 16))
    with deployment.db.transaction() as session:
        _follow_up(session)
    n = results[0].counts["health_fitness"].inserted
    return f"学生健康：导入 {FITNESS_YEAR} 学年体测成绩 {n} 人、视力筛查 {len(VISION_TERMS)} 个学期、心理测评、资助、留守儿童关爱和特殊教育登记"


def _follow_up(session) -> None:
    """Move the demo's cases along: most have a responsible person and a first talk, some were referred, one is
    closed, a few are left untouched (so the board shows overdue steps)."""
    from junheng.health.core.psych import assign, close, log_contact
    from junheng.health.store.cases import save_case
    from junheng.health.store.models import PsychCaseRow
    from junheng.health.store.views import case_of
    from junheng.retention.core import Contact, Responsible

    rows = list(session.scalars(select(PsychCaseRow).order_by(PsychCaseRow.case_id)))
    for i, row in enumerate(rows):
        if i % 4 == 3:
            continue
        case = assign(case_of(row), Responsible("心理健康教师", "本校心理辅导室"))
        opened = dt.date.fromisoformat(row.opened_on)
        case = log_contact(case, Contact(opened + dt.timedelta(days=1 + i % 3), "约谈",
                                         "约谈学生，了解近期情绪和睡眠情况，已告知家长", "心理健康教师"))
        if i % 4 in (1, 2):
            case = log_contact(case, Contact(opened + dt.timedelta(days=7), "转介",
                                             "经家长同意转介县心理健康辅导中心评估", "心理健康教师"))
        if i % 8 == 1:
            case = close(case, opened + dt.timedelta(days=40), "辅导中心评估为一般心理问题，已恢复正常学习生活")
        save_case(row, case)
