"""The role × page matrix of 学生健康, scoping, the psychological-data permission and its audit, imports."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from junheng.store.models.accounts import AuditEntry
from tests.health.web.conftest import USERS
from tests.health.workbook import GOOD, HEADERS, write_rows

pytestmark = pytest.mark.db

ALL = set(USERS)
COUNTY = {"admin", "staff", "leader", "health"}
PSYCH = {"admin", "health"}
IMPORT = {"admin", "staff", "health", "clerk"}
MATRIX = {
    "/health": ALL - {"clerk"},                         # the clerk is sent to their school's page
    "/health/schools/2133010001": COUNTY | {"clerk"},   # the township official's township is 330100002
    "/health/schools/2133010003": COUNTY | {"township"},
    "/health/below-pass": ALL,
    "/health/vision": ALL,
    "/health/registers": ALL,
    "/health/psych": PSYCH,
    "/health/import": IMPORT,
    "/health/schools/2133010001/report.docx": COUNTY | {"clerk"},
    "/health/schools/2133010001/upload.xlsx": COUNTY | {"clerk"},
    "/health/below-pass.xlsx": ALL,
    "/health/templates/registers.xlsx": ALL,
}


@pytest.mark.parametrize("user", sorted(ALL))
@pytest.mark.parametrize("path", sorted(MATRIX))
def test_role_page_matrix(client_as, path, user):
    response = client_as(user).get(path, follow_redirects=False)
    if path == "/health" and user == "clerk":
        assert response.status_code == 303 and response.headers["location"] == "/health/schools/2133010001"
        return
    assert response.status_code == (200 if user in MATRIX[path] else 403), (path, user, response.status_code)


def test_anonymous_is_sent_to_login(client_as):
    assert client_as(None).get("/health", follow_redirects=False).status_code == 303


def test_dashboard_figures(client_as):
    page = client_as("staff").get("/health").text
    assert "66.7%" in page and "测试县实验小学" in page      # 2 of 3 students pass


def test_clerk_sees_only_their_school(client_as):
    page = client_as("clerk").get("/health/below-pass").text
    assert "王三" in page                                    # G003 of the clerk's school is below 及格
    town = client_as("township").get("/health/below-pass").text
    assert "王三" not in town


def _psych_views(app) -> list[str]:
    with app.state.deployment.db.sessions() as session:
        return [v.username for v in session.scalars(select(AuditEntry).where(AuditEntry.action == "health:psych-view"))]


def test_psych_individual_data_only_with_permission_and_every_view_audited(client_as, health_app):
    before = _psych_views(health_app)
    page = client_as("health").get("/health/psych").text
    assert "张一" in page and "高风险" in page
    case_id = re.search(r"/health/psych/cases/(XL-[0-9A-F]+)", page).group(1)
    assert client_as("health").get(f"/health/psych/cases/{case_id}").status_code == 200
    assert client_as("staff").get(f"/health/psych/cases/{case_id}").status_code == 403
    assert client_as("leader").get("/health/psych").status_code == 403
    assert _psych_views(health_app) == [*before, "health", "health"]


def test_psych_case_follow_up(fresh_client_as):
    client = fresh_client_as("health")
    page = client.get("/health/psych").text
    case_id = re.search(r"/health/psych/cases/(XL-[0-9A-F]+)", page).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/health/psych/cases/{case_id}").text).group(1)
    url = f"/health/psych/cases/{case_id}"
    client.post(url, data={"csrf_token": token, "action": "assign", "name": "心理教师王老师", "unit": "实验小学"})
    r = client.post(url, data={"csrf_token": token, "action": "contact", "on": "2024-10-12", "kind": "约谈",
                               "note": "约谈学生，情绪低落，已告知家长"}, follow_redirects=True)
    assert "心理教师王老师" in r.text and "跟进中" in r.text and "情绪低落" in r.text
    bad = client.post(url, data={"csrf_token": token, "action": "contact", "on": "2024-01-01", "kind": "约谈",
                                 "note": "日期早于建档"}, follow_redirects=True)
    assert "早于建档日期" in bad.text
    batches = client.get("/health/import").text
    psych_batch = re.search(r"<td>(\d+)</td><td>心理测评</td>", batches).group(1)
    refused = client.post(f"/health/import/undo/{psych_batch}", data={"csrf_token": token})
    assert refused.status_code == 403 and "已有跟进记录" in refused.text


def test_registers_show_the_enrolment_arithmetic(client_as):
    page = client_as("staff").get("/health/registers").text
    assert "50.0%" in page and "1/2" in page


def test_import_preview_confirm_and_undo(fresh_client_as, tmp_path):
    client = fresh_client_as("staff")
    assert "2023 学年还没有体测成绩" in client.get("/health?year=2023").text  # figures cached from here on
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/health/import").text).group(1)
    bad = list(GOOD[0])
    bad[HEADERS.index("50米跑")] = 2
    path = write_rows(tmp_path / "2133010001.xlsx", [bad])
    r = client.post("/health/import", data={"csrf_token": token, "kind": "fitness", "period": "2023"},
                    files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 422 and "第 2 行" in r.text and "50米跑" in r.text
    path = write_rows(tmp_path / "2133010001.xlsx", GOOD)
    r = client.post("/health/import", data={"csrf_token": token, "kind": "fitness", "period": "2023"},
                    files={"file": (path.name, path.read_bytes())})
    preview = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
    r = client.post("/health/import/confirm", data={"csrf_token": token, "token": preview}, follow_redirects=True)
    assert "2133010001.xlsx" in r.text
    assert "2023" in client.get("/health").text
    assert "学年还没有体测成绩" not in client.get("/health?year=2023").text  # the import made the cache stale
    batch = re.search(r'/health/import/undo/(\d+)', r.text).group(1)
    r = client.post(f"/health/import/undo/{batch}", data={"csrf_token": token}, follow_redirects=True)
    assert "已撤销" in r.text
    assert "2023 学年还没有体测成绩" in client.get("/health?year=2023").text  # and so did the undo


def test_word_report_has_no_psych_data(client_as):
    import io

    from docx import Document

    content = client_as("staff").get("/health/schools/2133010001/report.docx").content
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "及格率 66.7%" in text and "PHQ" not in text and "张一" not in text


def test_county_settings_file_changes_the_cut_offs(fresh_client_as, tmp_path):
    """A county that sets 视力不良 below 4.9 sees G001 (4.8 / 5.0) still poor, and its own PHQ-9 cut-offs."""
    client = fresh_client_as("health")
    (tmp_path / "data" / "health.yaml").write_text("psych_cutoffs: {PHQ-9: {watch: 5, high: 20}}\n", encoding="utf-8")
    page = client.get("/health/psych").text
    assert ">20</td>" in page and "GAD-7" not in page


def test_a_school_clerk_imports_only_their_own_school(fresh_client_as, tmp_path):
    client = fresh_client_as("clerk")
    page = client.get("/health/import").text
    assert "心理测评" not in page.split("数据类型")[1].split("</select>")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    rows = [["2133010002", *GOOD[1]]]
    path = write_rows(tmp_path / "x.xlsx", rows, headers=["学校标识码", *HEADERS])
    r = client.post("/health/import", data={"csrf_token": token, "kind": "fitness", "period": "2023"},
                    files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 422 and "只能导入本校" in r.text
    r = client.post("/health/import", data={"csrf_token": token, "kind": "psych", "period": "2024"},
                    files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 403
    path = write_rows(tmp_path / "own.xlsx", GOOD)          # no school column: the clerk's own school
    r = client.post("/health/import", data={"csrf_token": token, "kind": "fitness", "period": "2023"},
                    files={"file": (path.name, path.read_bytes())})
    preview = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
    r = client.post("/health/import/confirm", data={"csrf_token": token, "token": preview}, follow_redirects=True)
    assert "own.xlsx" in r.text and "setup" not in r.text   # only the clerk's own batches are listed


def test_below_pass_per_school(client_as):
    page = client_as("staff").get("/health/below-pass?school=2133010001").text
    assert "王三" in page
    assert "王三" not in client_as("staff").get("/health/below-pass?school=2133010003").text


def test_below_pass_export_is_scoped_and_logged(client_as, health_app):
    import io

    from openpyxl import load_workbook

    content = client_as("township").get("/health/below-pass.xlsx").content
    names = [r[4] for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True)]
    assert "王三" not in names
    content = client_as("clerk").get("/health/below-pass.xlsx").content
    names = [r[4] for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True)]
    assert names == ["王三"]
    with health_app.state.deployment.db.sessions() as session:
        exports = [a.username for a in session.scalars(select(AuditEntry).where(AuditEntry.action == "health:export"))]
    assert "clerk" in exports and "township" in exports
