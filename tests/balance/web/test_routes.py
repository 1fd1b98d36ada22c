"""The balance pages over HTTP: role × route matrix (out of scope by URL → 403), scope of rows, uploads with
preview and the clerk's limits, the form, judgements and county figures, the ledger button, and the web
assessment equal to the CLI contract on the same sections."""

from __future__ import annotations

import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from junheng.accounts import create_user
from junheng.balance.reports.school_data_template import write_school_data
from junheng.balance.store.school_data import import_school_data
from tests.balance.shared_db import clear_balance, shared_deployment
from tests.balance.web_county import school_data
from tests.web.conftest import PASSWORD, USERS, login

pytestmark = pytest.mark.db
ROLES = list(USERS)  # admin, staff, clerk (2133010001), township (330100002), leader
BUREAU = {"admin", "staff", "leader"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    """The small county with users of every role and school data for 2023 and 2024."""
    from junheng.web.app import create_app

    folder = tmp_path_factory.mktemp("routes")
    with shared_deployment(request.param, folder) as dep:
        with dep.db.transaction() as s:
            for name, (role, school, town) in USERS.items():
                create_user(s, name, PASSWORD, role, f"{name}用户", school, town)
        load_years(dep, folder)
        app = create_app(dep)
        clients: dict[str, TestClient] = {}
        for name in ROLES:
            clients[name] = TestClient(app)
            assert login(clients[name], name).status_code == 303
        clients["anonymous"] = TestClient(app)
        yield dep, clients, folder
        for c in clients.values():
            c.close()


def load_years(dep, folder) -> None:
    clear_balance(dep)
    for year in (2023, 2024):
        with dep.db.transaction() as s:
            import_school_data(s, write_school_data(school_data(year), folder / f"d{year}.xlsx"), "setup")


def csrf(client: TestClient) -> str:
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/balance/data").text).group(1)


ALL = set(ROLES)
MATRIX = [  # path, roles that get 200 (the others 403)
    ("/balance", ALL),
    ("/balance?standard=basic_2012&year=2023", ALL),
    ("/balance/heatmap", BUREAU | {"township"}),
    ("/balance/cv", BUREAU | {"township"}),
    ("/balance/shortfalls", ALL),
    ("/balance/shortfalls.xlsx", ALL),
    ("/balance/plan", BUREAU),
    ("/balance/scenario", BUREAU),
    ("/balance/scenario/run?year=2024&section=2133010003|初中&kind=backbone&amount=1", BUREAU),
    ("/balance/projection", BUREAU),
    ("/balance/projection/run?year=2024", BUREAU),
    ("/balance/checklist", BUREAU),
    ("/balance/reports", BUREAU),
    ("/balance/report.xlsx", BUREAU),
    ("/balance/assessment.json", BUREAU),
    ("/balance/sections.csv", BUREAU),
    ("/balance/data", ALL),
    ("/balance/data/template.xlsx", ALL),
    ("/balance/data/export.xlsx?year=2024", ALL),
    ("/balance/schools/2133010001", BUREAU | {"clerk"}),
    ("/balance/schools/2133010003", BUREAU | {"township"}),
    ("/balance/data/form/2133010001", BUREAU | {"clerk"}),
    ("/balance/data/form/2133010003", BUREAU | {"township"}),
]


SQLITE_ONLY = pytest.mark.parametrize("site", ["sqlite"], indirect=True)  # scope logic is the same on both


@SQLITE_ONLY
@pytest.mark.parametrize("path, allowed", [pytest.param(p, a, id=p) for p, a in MATRIX])
def test_role_route_matrix(site, path, allowed):
    _dep, clients, _folder = site
    for role in ROLES:
        r = clients[role].get(path)
        assert r.status_code == (200 if role in allowed else 403), (role, path, r.text[-500:])
    anonymous = clients["anonymous"].get(path, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"


@SQLITE_ONLY
@pytest.mark.parametrize("path", ["/balance/schools/2133019999", "/balance/data/form/2133019999",
                                  "/balance?year=2001", "/balance?standard=nope"])
def test_unknown_objects_are_404(site, path):
    assert site[1]["admin"].get(path).status_code == 404


@SQLITE_ONLY
def test_rows_are_scoped(site):
    _dep, clients, _folder = site
    heat = clients["township"].get("/balance/heatmap").text
    assert "山前乡九年一贯制学校" in heat and "山前乡中心小学" in heat and "测试县实验小学" not in heat
    short = clients["clerk"].get("/balance/shortfalls").text
    assert "山前乡九年一贯制学校" not in short and "差异系数超限的成因" not in short
    county = clients["clerk"].get("/balance").text
    assert "本校情况" in county and "山前乡" not in county
    assert "山前乡" in clients["admin"].get("/balance/shortfalls").text
    data = clients["clerk"].get("/balance/data").text
    assert "测试县实验小学" in data and "测试县第一中学" not in data


@SQLITE_ONLY
@pytest.mark.parametrize("role, path, data", [
    pytest.param("leader", "/balance/shortfalls/ledger", {}, id="leader-ledger"),
    pytest.param("leader", "/balance/checklist/judge", {"item_key": "G1", "judgement": "yes"}, id="leader-judge"),
    pytest.param("leader", "/balance/checklist/inputs", {"survey_satisfaction": "90"}, id="leader-inputs"),
    pytest.param("leader", "/balance/data/form/2133010001", {"section": "小学"}, id="leader-form"),
    pytest.param("clerk", "/balance/checklist/judge", {"item_key": "G1", "judgement": "yes"}, id="clerk-judge"),
    pytest.param("clerk", "/balance/shortfalls/ledger", {}, id="clerk-ledger"),
    pytest.param("clerk", "/balance/data/form/2133010002", {"section": "初中"}, id="clerk-other-school"),
    pytest.param("township", "/balance/checklist/inputs", {"survey_satisfaction": "90"}, id="township-inputs"),
])
def test_writes_refused(site, role, path, data):
    client = site[1][role]
    r = client.post(path, data={**data, "csrf_token": csrf(client)})
    assert r.status_code == 403


@SQLITE_ONLY
def test_upload_refused_for_leader_and_township(site):
    for role in ("leader", "township"):
        client = site[1][role]
        r = client.post("/balance/data/upload", data={"csrf_token": csrf(client)},
                        files={"file": ("a.xlsx", b"x", "application/octet-stream")})
        assert r.status_code == 403


def _xlsx(frame, folder, name) -> bytes:
    return write_school_data(frame, folder / name).read_bytes()


def test_upload_preview_then_confirm(site):
    _dep, clients, folder = site
    admin = clients["admin"]
    frame = school_data(2024)
    frame.loc[0, "multimedia_rooms"] = 99
    r = admin.post("/balance/data/upload", data={"csrf_token": csrf(admin)},
                   files={"file": ("办学条件_2024.xlsx", _xlsx(frame, folder, "u.xlsx"), "application/octet-stream")})
    assert r.status_code == 200 and "导入预览" in r.text
    assert re.search(r"<b>1</b><span>更新行</span>", r.text)
    assert "99" not in admin.get("/balance/schools/2133010001").text.split("网络多媒体教室数：")[1][:40]
    token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
    r = admin.post("/balance/data/confirm", data={"csrf_token": csrf(admin), "token": token,
                                                  "file_name": "办学条件_2024.xlsx"})
    assert r.status_code == 200 and "更新 1 行" in r.text
    assert "网络多媒体教室数：99" in admin.get("/balance/schools/2133010001").text


def test_clerk_upload_of_another_school_refused(site):
    _dep, clients, folder = site
    clerk = clients["clerk"]
    frame = school_data(2024)
    mixed = frame[frame["school_id"].isin(["2133010001", "2133010002"])].assign(classes=30)
    r = clerk.post("/balance/data/upload", data={"csrf_token": csrf(clerk)},
                   files={"file": ("本校.xlsx", _xlsx(mixed, folder, "m.xlsx"), "application/octet-stream")})
    assert r.status_code == 400 and "不能填报或导入其他学校的数据" in r.text and "未写入任何数据" in r.text
    own = frame[frame["school_id"] == "2133010001"].assign(classes=30)
    r = clerk.post("/balance/data/upload", data={"csrf_token": csrf(clerk)},
                   files={"file": ("本校.xlsx", _xlsx(own, folder, "o.xlsx"), "application/octet-stream")})
    assert r.status_code == 200 and "导入预览" in r.text  # a preview writes nothing


def test_bad_upload_names_row_and_column(site):
    admin = site[1]["admin"]
    frame = school_data(2024).astype({"students": object})
    frame.loc[1, "students"] = "八百"
    r = admin.post("/balance/data/upload", data={"csrf_token": csrf(admin)},
                   files={"file": ("坏.xlsx", _xlsx(frame, site[2], "b.xlsx"), "application/octet-stream")})
    assert r.status_code == 400
    assert re.search(r'<td class="num">4</td><td>在校学生数（人）</td><td class="wrap">“八百” 不是数字', r.text)


def test_clerk_form_saves_own_school(site):
    _dep, clients, _folder = site
    clerk = clients["clerk"]
    page = clerk.get("/balance/data/form/2133010001?year=2024").text
    fields = dict(re.findall(r'name="(小学__\w+)" value="([^"]*)"', page))
    assert fields["小学__students"] == "900"
    fields["小学__classes"] = "23"
    r = clerk.post("/balance/data/form/2133010001?year=2024",
                   data={**fields, "section": "小学", "csrf_token": csrf(clerk)})
    assert r.status_code == 200 and "已保存" in r.text
    bad = {**fields, "小学__students": "-5"}
    r = clerk.post("/balance/data/form/2133010001?year=2024", data={**bad, "section": "小学",
                                                                   "csrf_token": csrf(clerk)})
    assert r.status_code == 400 and "小学：在校学生数（人）" in r.text


def test_checklist_judgement_inputs_and_evidence(site):
    _dep, clients, _folder = site
    staff = clients["staff"]
    r = staff.post("/balance/checklist/inputs?year=2024", data={"csrf_token": csrf(staff),
                                                                "survey_satisfaction": "91.5"})
    assert r.status_code == 200 and 'value="91.5"' in r.text
    assert re.search(r'id="dim-social">\s*<h3>社会认可度 <span class="badge ok">', staff.get("/balance").text)
    r = staff.post("/balance/checklist/judge?year=2024", data={"csrf_token": csrf(staff), "item_key": "G1",
                                                               "judgement": "no", "note": "布局规划未批复"})
    assert r.status_code == 200 and "布局规划未批复" in r.text
    r = staff.post("/balance/checklist/evidence?year=2024", data={"csrf_token": csrf(staff), "item_key": "G1"},
                   files={"file": ("规划.pdf", b"%PDF-1.4 test", "application/pdf")})
    assert r.status_code == 200
    ev = re.search(r'href="/balance/checklist/evidence/(\d+)">📎 规划.pdf', r.text).group(1)
    assert staff.get(f"/balance/checklist/evidence/{ev}").content == b"%PDF-1.4 test"
    assert clients["clerk"].get(f"/balance/checklist/evidence/{ev}").status_code == 403
    r = staff.post("/balance/checklist/evidence?year=2024", data={"csrf_token": csrf(staff), "item_key": "G1"},
                   files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert r.status_code == 400 and "不支持的文件类型" in r.text


def test_shortfalls_to_ledger(site):
    _dep, clients, _folder = site
    staff = clients["staff"]
    r = staff.post("/balance/shortfalls/ledger?year=2024", data={"csrf_token": csrf(staff)})
    assert r.status_code == 200
    n = int(re.search(r"已向整改台账新增 (\d+) 条整改事项", r.text).group(1))
    assert n == len(re.findall(r'<td class="wrap">需增加', staff.get("/balance/shortfalls?year=2024").text)) > 0
    ledger = staff.get("/ledger").text
    assert "山前乡九年一贯制学校" in ledger
    again = staff.post("/balance/shortfalls/ledger?year=2024", data={"csrf_token": csrf(staff)})
    assert "未重复新增" in again.text


@pytest.mark.parametrize("standard", ["quality_2017", "basic_2012"])
def test_web_assessment_equals_cli_contract(site, tmp_path, standard):
    """The sections the web assessed, fed to ``junheng balance assess``, give the same contract JSON."""
    from junheng.balance.cli.files import app

    admin = site[1]["admin"]
    csv = admin.get(f"/balance/sections.csv?year=2024&standard={standard}")
    (tmp_path / "s.csv").write_bytes(csv.content)
    web = admin.get(f"/balance/assessment.json?year=2024&standard={standard}").json()
    out = CliRunner().invoke(app, ["assess", "--input", str(tmp_path / "s.csv"), "--standard", standard,
                                   "--json", str(tmp_path / "o.json")])
    assert out.exit_code == 0, out.output
    cli = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert _same(cli, web)
    assert set(web["stages"]) == {"小学", "初中"} and len(web["stages"]["初中"]["sections"]) == 5


def _same(a, b, path="") -> bool:
    if isinstance(a, dict):
        assert set(a) == set(b), path
        return all(_same(a[k], b[k], f"{path}.{k}") for k in a)
    if isinstance(a, list):
        assert len(a) == len(b), path
        return all(_same(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b, strict=True)))
    if isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-15), path
        return True
    assert a == b, path
    return True


def test_excel_exports_are_workbooks(site):
    from openpyxl import load_workbook

    clerk = site[1]["clerk"]
    wb = load_workbook(io.BytesIO(clerk.get("/balance/shortfalls.xlsx").content))
    names = {r[1] for r in wb["短板清单"].iter_rows(min_row=2, values_only=True)}
    assert names <= {"测试县实验小学"} and "差异系数成因" not in wb.sheetnames
    wb = load_workbook(io.BytesIO(site[1]["admin"].get("/balance/report.xlsx").content))
    assert {"县域结论", "学部指标", "差异系数", "短板清单"} <= set(wb.sheetnames)


def test_word_report_and_bureau_template(site, tmp_path):
    from docx import Document

    admin = site[1]["admin"]
    r = admin.get("/balance/report.docx?year=2024")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "测试县2024年县域义务教育优质均衡发展自评报告" in text
    tpl = Document()
    tpl.add_paragraph("{{ county }}：{{ overall }}")
    tpl.save(tmp_path / "t.docx")
    r = admin.post("/balance/report.docx?year=2024", data={"csrf_token": csrf(admin)},
                   files={"template": ("模板.docx", (tmp_path / "t.docx").read_bytes(), "application/octet-stream")})
    assert r.status_code == 200
    assert Document(io.BytesIO(r.content)).paragraphs[0].text == "测试县：未达标"
    r = admin.post("/balance/report.docx?year=2024", data={"csrf_token": csrf(admin)},
                   files={"template": ("坏.docx", b"not a docx", "application/octet-stream")})
    assert r.status_code == 400 and "模板无法套用" in r.text
    leader = site[1]["leader"]
    r = leader.post("/balance/report.docx?year=2024", data={"csrf_token": csrf(leader)},
                    files={"template": ("模板.docx", (tmp_path / "t.docx").read_bytes(), "application/octet-stream")})
    assert r.status_code == 403


def test_projection_takes_next_years_applications_from_the_admissions_module(site, monkeypatch):
    from junheng.figures import Figure

    _dep, clients, _folder = site
    page = clients["staff"].get("/balance/projection?year=2024")
    assert page.status_code == 200 and 'title="取自招生入学模块的报名人数"' not in page.text
    school = re.search(r'name="f_(\d{10})_小学_1"', page.text).group(1)

    def collect(session, period, keys=None):
        if period == "2025" and keys and "admissions.applicants" in keys:
            return [Figure("admissions.applicants", f"{school}|小学", "2025", 137.0, "人", "报名审核", "报名 137 人")]
        return []

    monkeypatch.setattr("junheng.modules.collect_figures", collect)
    page = clients["staff"].get("/balance/projection?year=2024")
    field = re.search(rf'<input name="f_{school}_小学_1"[^>]*>', page.text).group(0)
    assert 'value="137"' in field and "2025 年报名" in field
    assert f'name="f_{school}_小学_2"' in page.text and 'value="137"' not in re.search(
        rf'<input name="f_{school}_小学_2"[^>]*>', page.text).group(0)  # only the next year's intake
