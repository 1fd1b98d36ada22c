"""Seed files for the fuzzer: the demo county's own files (``junheng.demo`` writers, as ``junheng demo generate``
writes them) and the templates, cut down to a few rows so one import takes milliseconds.

Every importer's seed is a real file of its format; the registry seed holds exactly the schools the other seeds
name, so a clean seed imports correctly into a database that holds it.

    seeds = build_seeds(tmp / "seeds")     # {"roster": Path(...), "exam": Path(...), ...}
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import fields, replace
from pathlib import Path
from types import SimpleNamespace

ROWS = 30          # data rows kept per sheet


def trim_workbook(source: Path, target: Path, rows: int = ROWS) -> Path:
    """Rewrite ``source`` with the first ``rows`` + header rows of every sheet (values only, hidden sheets kept)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(source))
    out = Workbook()
    out.remove(out.active)
    for meta in book.sheets_metadata:
        data = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False, nrows=rows + 4)
        ws = out.create_sheet(meta.name)
        for row in data:
            ws.append([None if v == "" else v for v in row])
        if str(meta.visible).lower().endswith("hidden"):
            ws.sheet_state = "hidden"
    out.save(target)
    return target


def _write_csv(rows: list[list], path: Path, encoding: str = "utf-8-sig") -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def build_seeds(out: Path, seed: int = 2024) -> dict[str, Path]:
    """Write the seed corpus into ``out`` (about 10 s: the county is generated once) and return it by role."""
    from junheng.balance.reports.school_data_template import write_school_data
    from junheng.demo import excel as demo_excel
    from junheng.demo import generate_county
    from junheng.demo.admissions import write_admissions_demo
    from junheng.demo.evaluation import write_survey_file
    from junheng.demo.teachers import write_teacher_files
    from junheng.health.demo import write_data as write_health
    from junheng.ledger.demo import write_inspection
    from junheng.lottery.demo import applicant_rows, write_list
    from junheng.registry.reports.excel import write_registry

    out = Path(out)
    full = out / "full"
    full.mkdir(parents=True, exist_ok=True)
    county = generate_county(seed)
    seeds: dict[str, Path] = {}

    # rosters: the 学籍 export layout, the first ROWS pupils of one school per term
    terms = list(county.rosters)
    rows = {t: demo_excel.roster_rows(county, t) for t in terms}
    first_school = rows[terms[0]][0][0]
    for key, term in zip(("roster_previous", "roster"), terms):
        picked = [r for r in rows[term] if r[0] == first_school][:ROWS]
        seeds[key] = demo_excel._plain_workbook(out / f"学籍花名册_{term}.xlsx", "学生信息",
                                                demo_excel.ROSTER_HEADERS, picked, [12] * 19)
    seeds["roster_csv"] = _write_csv([list(demo_excel.ROSTER_HEADERS),
                                      *[r for r in rows[terms[-1]] if r[0] == first_school][:ROWS]],
                                     out / "学籍花名册.csv", "gb18030")
    demo_excel.write_population_file(county, full)
    seeds["population"] = trim_workbook(full / "户籍适龄人口名单.xlsx", out / "户籍适龄人口名单.xlsx")

    # exams: the marking-system layouts; the seed keeps one exam's first rows
    exams = demo_excel.write_exam_files(county, full)
    exam = county.exams.iloc[0]
    seeds["exam"] = trim_workbook(exams[0], out / "考试成绩.xlsx")
    seeds["exam_meta"] = out / "exam.json"
    seeds["exam_meta"].write_text(json.dumps({"name": exam["name"], "date": exam["date"], "grade": int(exam["grade"]),
                                              "subjects": {k: int(v) for k, v in exam["subjects"].items()}},
                                             ensure_ascii=False), encoding="utf-8")

    school_data = county.school_year_data[county.school_year_data["year"] == county.school_year_data["year"].max()]
    seeds["school_data"] = write_school_data(school_data.reset_index(drop=True), out / "办学条件.xlsx")

    h = county.teacher_histories  # the first teachers, with their posts, titles, training … (the sheets agree)
    ids = set(h.persons["teacher_id"].head(ROWS))
    small = replace(h, **{f.name: getattr(h, f.name)[getattr(h, f.name)["teacher_id"].isin(ids)] for f in fields(h)
                          if "teacher_id" in getattr(h, f.name).columns})
    for key, name in write_teacher_files(small, out).items():
        seeds[f"teachers_{key}"] = out / name
    seeds["survey"] = trim_workbook(write_survey_file(county.schools, seed, full), out / "满意度调查.xlsx")
    for path in write_admissions_demo(county, full):
        role = {"学区": "zones", "招生": "seats", "报名": "applications"}
        key = next(v for k, v in role.items() if k in path.name)
        seeds[key] = trim_workbook(path, out / path.name) if key == "applications" else path

    # the registry: every school and class (the school data and the survey name them all); the teachers the teacher
    # seeds name and the first pupils of each school the other seeds name
    from python_calamine import CalamineWorkbook

    frames = county.registry_frames()
    teacher_ids = {str(v) for key in ("teachers_profile", "teachers_posts", "teachers_training")
                   for name in CalamineWorkbook.from_path(str(seeds[key])).sheet_names
                   for row in CalamineWorkbook.from_path(str(seeds[key])).get_sheet_by_name(name).to_python()
                   for v in row if isinstance(v, str) and v.startswith("T")}
    scores = county.scores[exam.exam_id].head(ROWS)
    pupils = set(scores["student_id"]) | {r[2] for r in rows[terms[-1]] if r[0] == first_school}
    students = frames["student"]
    sub = {**frames,
           "teacher": frames["teacher"][frames["teacher"]["teacher_id"].isin(teacher_ids)],
           "student": students[students["student_id"].isin(pupils)
                               | students.index.isin(students.groupby("school_id").head(3).index)]}
    seeds["registry"] = write_registry(sub, out / "学校名册.xlsx")
    seeds["registry_template"] = write_registry(None, out / "学校名册模板.xlsx")

    schools = [SimpleNamespace(school_id=s, name=n) for s, n in zip(sub["school"]["school_id"], sub["school"]["name"])][:5]
    seeds["ledger"] = write_inspection(out / "检查问题清单.xlsx", "2024年春季开学检查", dt.date(2024, 3, 1), "督学甲",
                                       ["安全隐患", "教学管理"], 12, schools, random.Random(seed))
    lottery_rows = applicant_rows(2025, county.counties["county_code"].iloc[0], random.Random(seed))[:ROWS]
    seeds["lottery"] = write_list(out / "报名名单.xlsx", "2025年七年级新生电脑派位报名名单", lottery_rows)
    seeds["lottery_csv"] = _write_csv([["applicant_id", "tier", "sibling_group"],
                                       *[[r[0], 1 if r[3] == "是" else 2, r[6]] for r in lottery_rows]],
                                      out / "申请人名单.csv")
    pupils = sub["student"][sub["student"]["school_id"] == first_school].head(ROWS).reset_index(drop=True)
    health = write_health(pupils, sub["school"][["school_id", "name", "kind"]], out / "health")
    seeds["health_fitness"] = health["fitness"]
    seeds["health_vision"] = next(p for k, p in health.items() if k.startswith("vision:"))
    return seeds
