"""The files: byte-identical reruns, the shapes of FORMATS.md, and round trips back to the canonical frames."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from junheng.demo import excel
from junheng.demo.xlsx import Sheet, write_workbook


def _fake_module_files(county, out_dir):
    """Stand-in for the registry's and balance's writers (tested separately below)."""
    return {}


@pytest.fixture(scope="module")
def written(county, tmp_path_factory):
    dirs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(excel, "write_module_files", _fake_module_files)
        for k in range(2):
            out = tmp_path_factory.mktemp(f"demo{k}")
            excel.write_county(county, out)
            dirs.append(out)
    return dirs


def _rows(path: Path) -> list[list]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_byte_identical_reruns(written):
    first, second = written
    assert _digest(first) == _digest(second)
    assert len(_digest(first)) == 15         # 4 exams, 2 rosters, population, 3 teacher files, survey,
    #                                          3 admissions workbooks, manifest


def test_normalise_fixes_openpyxl_dates(tmp_path):
    from openpyxl import Workbook

    paths = []
    for k, year in enumerate((2001, 2030)):
        wb = Workbook()
        wb.active.append(["学校", 1])
        wb.properties.created = pd.Timestamp(f"{year}-01-01").to_pydatetime()
        paths.append(tmp_path / f"w{k}.xlsx")
        wb.save(paths[-1])
        excel.normalise_xlsx(paths[-1])
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_manifest(written, county):
    m = json.loads((written[0] / "manifest.json").read_text(encoding="utf-8"))
    assert [e["exam_id"] for e in m["exams"]] == list(county.exams["exam_id"])
    assert m["exams"][0]["subjects"]["语文"] == 120
    for name in [*(e["file"] for e in m["exams"]), *m["rosters"].values(), m["population"]]:
        assert (written[0] / name).exists()


def _header_row(rows: list[list]) -> int:
    """FORMATS.md: scan the first 12 rows for 姓名 with 考号 / 准考证号 / 学号."""
    for i, row in enumerate(rows[:12]):
        if "姓名" in row and ({"考号", "准考证号", "学号"} & set(row)):
            return i
    raise AssertionError("no header")


@pytest.mark.parametrize("index,header_at,absent", [(0, 1, "缺考"), (1, 2, 0.0), (2, 1, "-"), (3, 2, "")],
                         ids=["simple", "ranked-two-titles", "zhixue-two-row-header", "per-subject-ranks"])
def test_exam_layouts(written, county, index, header_at, absent):
    exam = county.exams.iloc[index]
    rows = _rows(written[0] / f"考试成绩_{exam['name']}.xlsx")
    assert _header_row(rows) == header_at
    header = rows[header_at]
    id_col = header.index("学籍号")
    data = [r for r in rows[header_at + 1:] if str(r[id_col]).startswith("G")]
    scores = county.scores[exam["exam_id"]]
    assert len(data) == len(scores)
    assert all(isinstance(r[id_col], str) for r in data)
    flat = [c for r in data for c in r]
    assert absent in flat


def test_simple_layout_round_trip(written, county):
    exam = county.exams.iloc[0]
    rows = _rows(written[0] / f"考试成绩_{exam['name']}.xlsx")
    frame = pd.DataFrame(rows[2:], columns=rows[1])
    for subject in exam["subjects"]:
        frame[subject] = pd.to_numeric(frame[subject].replace("缺考", np.nan))
    got = frame.rename(columns={"学籍号": "student_id"}).set_index("student_id")
    want = county.scores[exam["exam_id"]].set_index("student_id")
    for subject in exam["subjects"]:
        pd.testing.assert_series_equal(got.loc[want.index, subject].astype(float), want[subject].astype(float),
                                       check_names=False)


def test_zhixue_header_is_two_merged_rows(written, county):
    import re
    import zipfile

    exam = county.exams.iloc[2]
    path = written[0] / f"考试成绩_{exam['name']}.xlsx"
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    merged = set(re.findall(r'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"/>', sheet))
    assert {"A2:A3", "F2:F3", "G2:J2", "K2:M2"} <= merged
    rows = _rows(path)
    assert rows[2][6:10] == ["得分", "联考排名", "校次", "班次"] and rows[1][10] == "语文"
    assert rows[-1][0] == "合计"


def test_roster_file_round_trip(written, county):
    rows = _rows(next(written[0].glob("学籍花名册_2024-1*.xlsx")))
    assert rows[0][:8] == ["学校标识码", "学校名称", "全国学籍号", "姓名", "性别", "出生日期", "身份证件类型", "身份证件号"]
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    roster = county.rosters["2024-1"]
    assert len(frame) == len(roster)
    assert (frame["全国学籍号"].to_numpy() == roster["student_id"].to_numpy()).all()
    assert (frame["身份证件号"].to_numpy() == roster["id_number"].to_numpy()).all()
    assert (frame["出生日期"] == roster["birth_date"].str.replace("-", "")).all()
    assert (frame["学籍状态"].to_numpy() == roster["status"].to_numpy()).all()
    assert set(frame["年级"]) >= {"一年级", "九年级", "高一"}


def test_population_file(written, county):
    rows = _rows(written[0] / "户籍适龄人口名单.xlsx")
    assert rows[0] == ["序号", "姓名", "性别", "公民身份号码", "出生日期", "户籍地乡镇（街道）", "村（居）委会"]
    assert [r[3] for r in rows[1:]] == county.population["id_number"].tolist()


def test_module_files_use_owners_writers(county, tmp_path):
    pytest.importorskip("junheng.balance.reports.excel")
    files = excel.write_module_files(county, tmp_path)     # the real writers on the real county, once
    assert files["registry"].name == "学校名册.xlsx" and files["registry"].exists()
    assert sorted(files["school_data"]) == [2022, 2023, 2024]
    assert all(p.exists() for p in files["school_data"].values())


def test_pure_package_loads_no_excel_or_web():
    code = ("import sys, junheng.demo; bad = [m for m in ('openpyxl', 'fastapi', 'starlette', 'sqlalchemy', 'docx', "
            "'docxtpl', 'python_calamine', 'matplotlib', 'jinja2') if m in sys.modules]; print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(alphabet="学籍号0123456789<&>G缺考-", min_size=1, max_size=20),
                                   st.integers(-10**6, 10**6), st.none()), min_size=1, max_size=6),
                min_size=1, max_size=20))
def test_xlsx_writer_round_trip(tmp_path_factory, rows):
    """Text stays text (long digit strings too), numbers stay numbers, empty stays empty."""
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_workbook(path, [Sheet("表", rows, bold_rows=(1,), title_rows=(), merges=["A1:B1"], freeze=1)])
    back = _rows(path)
    width = max(len(r) for r in rows)
    for i, row in enumerate(rows):
        got = back[i] if i < len(back) else []
        for j in range(width):
            want = row[j] if j < len(row) else None
            cell = got[j] if j < len(got) else ""
            if want is None:
                assert cell == ""
            elif isinstance(want, str):
                assert cell == want
            else:
                assert cell == float(want)
