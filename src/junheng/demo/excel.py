"""Writing the demo county as the files a county really has (FORMATS.md): marking-system exam exports, 学籍 system
roster exports, the household registry's school-age list, and a manifest.json (file names, full marks, dates).

The registry and school-data workbooks go through the owning modules' template writers (``write_module_files``)
and are then normalised (fixed zip timestamps and document dates); the other files come from the deterministic
``junheng.demo.xlsx`` writer. The same seed gives byte-identical files.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.demo.admissions import write_admissions_demo
from junheng.demo.base import COUNTY_CODE, COUNTY_NAME, YEARS, grade_label
from junheng.demo.county import DemoCounty
from junheng.demo.evaluation import write_survey_file
from junheng.demo.exam_layouts import LAYOUTS
from junheng.demo.teachers import write_teacher_files
from junheng.demo.xlsx import Sheet, write_workbook

FIXED_TIME = (2024, 9, 1, 0, 0, 0)
_CORE_DATE = re.compile(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>")
_PROVINCES = {"13": "河北省", "14": "山西省", "15": "内蒙古自治区", "34": "安徽省", "37": "山东省", "41": "河南省"}
ROSTER_HEADERS = ("学校标识码", "学校名称", "全国学籍号", "姓名", "性别", "出生日期", "身份证件类型", "身份证件号",
                  "年级", "班级", "学籍状态", "入学年月", "就读方式", "户口性质", "户口所在地", "是否留守儿童",
                  "是否进城务工人员随迁子女", "残疾类型", "是否需要申请资助")
POPULATION_HEADERS = ("序号", "姓名", "性别", "公民身份号码", "出生日期", "户籍地乡镇（街道）", "村（居）委会")


def normalise_xlsx(path: Path) -> None:
    """Rewrite an .xlsx with fixed entry timestamps and document dates (byte-identical reruns)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(rb"<dcterms:\1\2>2024-09-01T00:00:00Z</dcterms:\1>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, data)
    Path(path).write_bytes(buffer.getvalue())


def _plain_workbook(path: Path, sheet: str, headers: tuple[str, ...], rows: list[list],
                    widths: list[float]) -> Path:
    """A single-sheet export: header on row 1, then data."""
    return write_workbook(path, [Sheet(sheet, [list(headers), *rows], bold_rows=(1,), freeze=1, widths=widths)])


def roster_rows(county: DemoCounty, term: str) -> list[list]:
    """The 学籍 system's export of one term, row by row (text identifiers, dates as YYYYMMDD)."""
    r = county.rosters[term].merge(county.roster_details[term], on="student_id")
    info = county.schools.set_index("school_id")
    towns = county.townships.set_index("township_code")["name"]
    local = r["township_code"] != ""
    province = r["id_number"].str[:2]
    origin = province.map(_PROVINCES).fillna("外省") + np.where(province == COUNTY_CODE[:2], "（县外）", "")
    home = np.where(local, COUNTY_NAME + r["township_code"].map(towns).fillna("") + r["village"], origin)
    street = r["township_code"].map(county.townships.set_index("township_code")["kind"]).eq("街道")
    boarder = r["school"].map(info["boarding"]).eq("是") & (r["grade"] >= 4) \
        & (r["id_number"].str[14:17].astype(int) % 10 < 6)
    labels = {g: grade_label(g) for g in range(1, 13)}
    table = pd.DataFrame({
        "a": r["school"], "b": r["school"].map(info["name"]), "c": r["student_id"], "d": r["name"], "e": r["gender"],
        "f": r["birth_date"].str.replace("-", "", regex=False), "g": "居民身份证", "h": r["id_number"],
        "i": r["grade"].map(labels), "j": r["class_name"], "k": r["status"], "l": r["entry_month"],
        "m": np.where(boarder, "住校", "走读"), "n": np.where(local & street, "非农业户口", "农业户口"), "o": home,
        "p": r["left_behind"], "q": r["migrant"], "r": r["disability"], "s": r["low_income"],
    })
    return table.to_numpy().tolist()


def write_roster_files(county: DemoCounty, out_dir: Path) -> list[Path]:
    """学籍花名册_<term>（…学期）.xlsx: sheet 学生信息, header on row 1."""
    paths = []
    for term in county.rosters:
        season = "春季" if term.endswith("-1") else "秋季"
        path = out_dir / f"学籍花名册_{term}（{term[:4]}年{season}学期）.xlsx"
        widths = [14, 24, 22, 10, 6, 11, 12, 22, 8, 12, 8, 9, 8, 10, 30, 12, 12, 8, 12]
        paths.append(_plain_workbook(path, "学生信息", ROSTER_HEADERS, roster_rows(county, term), widths))
    return paths


def write_population_file(county: DemoCounty, out_dir: Path) -> Path:
    """户籍适龄人口名单.xlsx: sheet 适龄人口 with the household registry's Chinese headers."""
    p = county.population
    gender = np.where(p["id_number"].str[16].astype(int) % 2 == 1, "男", "女")
    table = pd.DataFrame({"n": np.arange(1, len(p) + 1), "name": p["name"], "gender": gender, "id": p["id_number"],
                          "birth": p["birth_date"], "township": p["township"], "village": p["village"]})
    return _plain_workbook(out_dir / "户籍适龄人口名单.xlsx", "适龄人口", POPULATION_HEADERS, table.to_numpy().tolist(),
                           [7, 10, 6, 22, 12, 18, 16])


def write_exam_files(county: DemoCounty, out_dir: Path) -> list[Path]:
    """One workbook per exam, each in one of the marking-system layouts of FORMATS.md."""
    paths = []
    school_seq = {name: i + 1 for i, name in enumerate(county.schools["name"])}
    for i, exam in enumerate(county.exams.itertuples(index=False)):
        layout = LAYOUTS[i % len(LAYOUTS)]
        sheet = layout(county.scores[exam.exam_id], exam, school_seq, i + 1)
        paths.append(write_workbook(out_dir / f"考试成绩_{exam.name}.xlsx", [sheet]))
    return paths


def write_module_files(county: DemoCounty, out_dir: Path) -> dict[str, object]:
    """学校名册.xlsx and 办学条件_YYYY.xlsx through the registry's and balance's own template writers.

    Returns {"registry": path, "school_data": {year: path}}.
    """
    from junheng.balance.reports.school_data_template import write_school_data
    from junheng.registry.reports.excel import write_registry

    registry = Path(write_registry(county.registry_frames(), out_dir / "学校名册.xlsx"))
    school_data = {}
    for year in YEARS:
        frame = county.school_year_data[county.school_year_data["year"] == year].reset_index(drop=True)
        school_data[year] = Path(write_school_data(frame, out_dir / f"办学条件_{year}.xlsx"))
    return {"registry": registry, "school_data": school_data}


def manifest(county: DemoCounty, files: dict[str, object]) -> dict:
    """What was written and what an importer needs that the files do not say (full marks, dates, terms)."""
    exams = [{"exam_id": e.exam_id, "name": e.name, "date": e.date, "grade": int(e.grade),
              "subjects": {k: int(v) for k, v in e.subjects.items()}, "file": files["exams"][i]}
             for i, e in enumerate(county.exams.itertuples(index=False))]
    return {"county": COUNTY_NAME, "county_code": COUNTY_CODE, "seed": county.seed, "registry": files["registry"],
            "school_data": files["school_data"], "exams": exams, "rosters": files["rosters"],
            "population": files["population"], "teachers": files.get("teachers"),
            "counts": {"schools": len(county.schools), "students": len(county.students),
                       "teachers": len(county.teachers), "classes": len(county.classes)}}


def write_county(county: DemoCounty, out_dir: Path) -> list[Path]:
    """Write every file of the county into ``out_dir`` (created if missing) and a manifest.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exams = write_exam_files(county, out_dir)
    rosters = write_roster_files(county, out_dir)
    population = write_population_file(county, out_dir)
    module = write_module_files(county, out_dir)
    teachers = write_teacher_files(county.teacher_histories, out_dir) if county.teacher_histories else None
    survey = write_survey_file(county.schools, county.seed, out_dir)
    admissions = write_admissions_demo(county, out_dir)
    registry = module.get("registry")
    school_data = module.get("school_data", {})
    module_paths = ([registry] if registry else []) + list(school_data.values())
    for path in [*module_paths, *admissions]:       # written by openpyxl: fix its timestamps
        normalise_xlsx(path)
    files = {"exams": [p.name for p in exams], "rosters": {t: p.name for t, p in zip(county.rosters, rosters)},
             "population": population.name, "registry": registry.name if registry else None,
             "school_data": {str(y): p.name for y, p in school_data.items()}, "teachers": teachers,
             "evaluation_survey": survey.name, "admissions": [p.name for p in admissions]}
    target = out_dir / "manifest.json"
    target.write_text(json.dumps(manifest(county, files), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                      encoding="utf-8")
    extra = [out_dir / name for name in (teachers or {}).values()]
    return [*exams, *rosters, population, *module_paths, *extra, survey, *admissions, target]
