"""Exam pages over the web: the role × route matrix (a clerk asking another school's pages by URL gets 403, a
township official gets nothing), web figures equal to the CLI contract on the same file, rank visibility and
the audit of ranked lists, the import preview with a mapping fix, undo, report generation and exports."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from junheng.scores.store.models import ExamRecord
from junheng.store.models.accounts import AuditEntry
from tests.scores import web_fixtures as wf
from tests.web.conftest import *  # the fixtures web_deployment, app, client_for
from tests.web.conftest import csrf_of

pytestmark = pytest.mark.db

BUREAU = {"admin", "staff", "leader"}
READ = BUREAU | {"clerk"}
WRITE = {"admin", "staff"}
USERS = ("admin", "staff", "leader", "clerk", "township")


@pytest.fixture
def exams(web_deployment, tmp_path):
    """Two exams of the same students; returns (prior id, current id)."""
    return wf.two_exams(web_deployment, tmp_path)


def _matrix(e: int) -> dict[str, set[str]]:
    base = f"/scores/exams/{e}"
    own, other = "/schools/2133010001", "/schools/2133010002"
    return {
        "/scores": READ, base: READ, f"{base}?subject=数学&school=2133010003": READ,
        f"{base}{own}": READ, f"{base}{other}": BUREAU, f"{base}/schools/2133010003": BUREAU,
        f"{base}{own}/classes/一年级1班": READ, f"{base}{other}/classes/七年级1班": BUREAU,
        f"{base}{own}/report.docx": READ, f"{base}{other}/report.docx": BUREAU,
        f"{base}/value-added": READ, f"{base}/growth": READ, f"{base}/tracking?kind=top&n=5": READ,
        f"{base}/critical": READ, f"{base}/items": READ, f"{base}/reports": READ, f"{base}/tables.xlsx": BUREAU,
        "/scores/import": WRITE, "/scores/teachers": WRITE,
    }  # fmt: skip


def test_role_route_matrix(client_for, exams):
    """Every page × every role in one database (of each backend): allowed → 200, refused → 403."""
    clients = {u: client_for(u) for u in USERS}
    wrong = []
    for path, allowed in _matrix(exams[1]).items():
        for user, client in clients.items():
            status = client.get(path).status_code
            if status != (200 if user in allowed else 403):
                wrong.append((path, user, status))
    assert wrong == []


def test_posts_are_refused_to_readers(client_for, exams):
    for user in ("leader", "clerk", "township"):
        client = client_for(user)
        token = csrf_of(client)
        for path in ("/scores/import", "/scores/teachers", f"/scores/exams/{exams[1]}/reports",
                     f"/scores/exams/{exams[1]}/undo", f"/scores/exams/{exams[1]}/template"):
            response = client.post(path, data={"csrf_token": token}, follow_redirects=False)
            assert response.status_code == 403, (user, path)


def test_anonymous_and_unknown(client_for, exams):
    anonymous = client_for(None)
    for path in ("/scores", f"/scores/exams/{exams[1]}", f"/scores/exams/{exams[1]}/value-added"):
        assert anonymous.get(path, follow_redirects=False).status_code == 303
    admin = client_for("admin")
    assert admin.get("/scores/exams/999").status_code == 404
    assert admin.get(f"/scores/exams/{exams[1]}/schools/2133019999").status_code == 404
    assert admin.get(f"/scores/exams/{exams[1]}/schools/2133010002/classes/九年级9班").status_code == 404
    assert admin.get(f"/scores/exams/{exams[1]}?subject=化学").status_code == 404


def _mentions(html: str, text: str) -> bool:
    """In the page text or in a chart's JSON (tojson escapes non-ASCII)."""
    return text in html or json.dumps(text)[1:-1] in html


def _row(html: str, label: str) -> str:
    return next(r for r in html.split("<tr") if f">{label}<" in r)


def test_web_figures_equal_the_cli_contract(client_for, exams, web_deployment, tmp_path):
    from junheng.scores.cli.files import app as scores_cli
    from junheng.scores.core.contract import analysis_json
    from junheng.scores.store.queries import get_exam, load_exam

    _, current = wf.exams()
    source = wf.write_csv(current, tmp_path / "contract.csv")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(scores_cli, ["analyze", str(source), "--full-marks", "语文=120,数学=100",
                                             "--json", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    contract = json.loads(out.read_text(encoding="utf-8"))
    with web_deployment.db.sessions() as session:
        stored = analysis_json(load_exam(session, get_exam(session, exams[1])).analysis)
    assert stored["subjects"] == contract["subjects"] and stored["total"] == contract["total"]
    assert stored["students"] == contract["students"]
    admin = client_for("admin")
    for subject, block in contract["subjects"].items():
        html = admin.get(f"/scores/exams/{exams[1]}?subject={subject}").text
        table = html[html.index('id="school-table"'):]
        for school, stats in block["schools"].items():
            row = _row(table, school)
            cells = re.findall(r'<td class="num">([^<]*)</td>', row)
            assert cells[1:4] == [f"{stats['n']:,}", f"{stats['absent']:,}", f"{stats['mean']:.2f}"], (subject, school)
            assert f"{stats['sd']:.2f}" in cells
            assert f"{100 * stats['pass_rate']:.1f}%" in cells and f"{100 * stats['low_rate']:.1f}%" in cells
        county = _row(html[html.index('id="county-summary"'):], subject)
        assert f"{block['county']['mean']:.2f}" in county and f"{block['county']['absent']:,}" in county


def _audit(deployment, action: str) -> list[AuditEntry]:
    with deployment.db.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_rank_visibility_and_audit(client_for, exams, web_deployment):
    base = f"/scores/exams/{exams[1]}"
    admin_page = client_for("admin").get(f"{base}/schools/2133010002/classes/七年级1班").text
    assert "县内名次</th>" in admin_page and "已记入操作日志" in admin_page
    logged = _audit(web_deployment, "scores:ranked-list")
    assert [e.username for e in logged] == ["admin"] and logged[0].detail["class_name"] == "七年级1班"
    leader_page = client_for("leader").get(f"{base}/schools/2133010002/classes/七年级1班").text
    assert "县内名次</th>" not in leader_page and "不显示学生名次" in leader_page
    assert len(_audit(web_deployment, "scores:ranked-list")) == 1  # no ranks shown, nothing to log
    clerk = client_for("clerk")
    assert "班内名次</th>" in clerk.get(f"{base}/schools/2133010001/classes/一年级1班").text
    tracking = clerk.get(f"{base}/tracking?kind=top&n=3").text
    assert not _mentions(tracking, "测试县第一中学") and "县内名次</th>" in tracking
    assert [e.username for e in _audit(web_deployment, "scores:ranked-list")] == ["admin", "clerk", "clerk"]
    assert client_for("leader").get(f"{base}/tables.xlsx").status_code == 200
    assert client_for("staff").get(f"{base}/tables.xlsx").status_code == 200
    assert [e.username for e in _audit(web_deployment, "scores:export")] == ["leader"]
    assert _audit(web_deployment, "scores:ranked-list")[-1].username == "staff"


def test_clerk_sees_county_aggregates_and_own_school_only(client_for, exams):
    clerk = client_for("clerk")
    base = f"/scores/exams/{exams[1]}"
    for path in (base, f"{base}?subject=数学", f"{base}/value-added", f"{base}/growth", f"{base}/critical",
                 f"{base}/reports"):
        html = clerk.get(path).text
        assert not _mentions(html, "测试县第一中学") and not _mentions(html, "山前乡九年一贯制学校"), path
    page = clerk.get(base).text
    assert "全县" in page and "测试县实验小学" in page and "学校用户可以看到全县汇总和本校数据" in page
    assert _mentions(clerk.get(f"{base}/value-added").text, "（其他学校）")
    assert _mentions(clerk.get(base).text, "测试县实验小学")  # its own school in the charts


def test_value_added_page_lists_insufficient_units_separately(client_for, exams):
    html = client_for("staff").get(f"/scores/exams/{exams[1]}/value-added").text
    assert "增值效应是什么意思" in html and "样本不足" in html
    ranked = html[html.index('id="va-table"'):html.index('id="va-insufficient"')]
    insufficient = html[html.index('id="va-insufficient"'):]
    assert "测试县第一中学" in ranked and "测试县实验小学" not in ranked
    assert "测试县实验小学" in insufficient.split("</table>")[0]
    effects = {school: float(re.findall(r'<td class="num">([+-][\d.]+)</td>', _row(ranked, school))[0])
               for school in ("测试县第一中学", "山前乡九年一贯制学校")}  # fmt: skip
    assert effects["测试县第一中学"] > 0 > effects["山前乡九年一贯制学校"]  # simulated: +6 and −4 points


def test_import_preview_mapping_fix_commit_and_undo(client_for, web_deployment, tmp_path):
    _, current = wf.exams()
    source = wf.write_csv(current, tmp_path / "期末.csv", headers={"数学": "数学卷面"})
    admin = client_for("admin")
    token = csrf_of(admin)
    form = {"csrf_token": token, "name": "七年级期末考试", "date": "2025-01-15", "grade": "7", "excellent": "85",
            "passing": "60", "low": "40", "band_width": "10", "check_classes": "on"}  # fmt: skip
    response = admin.post("/scores/import", data=form, files={"file": ("期末.csv", source.read_bytes(), "text/csv")},
                          follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, re.findall(r'id="upload-error">([^<]*)', response.text)
    preview_url = response.headers["location"]
    page = admin.get(preview_url).text
    assert "数学卷面" in page and 'name="marks_语文"' in page and 'name="marks_数学"' not in page
    column = re.search(r'<td>(\w)</td><td>数学卷面</td>', page).group(1)
    index = ord(column) - ord("A")
    roles = {f"role_{i}": r for i, r in enumerate(["student_id", "name", "school", "class", "score", "score"])}
    check = admin.post(f"{preview_url}/check", data={"csrf_token": token, **roles, "subject_4": "语文",
                                                     f"subject_{index}": "数学", "marks_语文": "120"})  # fmt: skip
    assert check.status_code == 200, check.text[:2000]
    assert "检查通过" in check.text and 'name="marks_数学"' in check.text
    with web_deployment.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamRecord)) == 0  # the check writes nothing
    done = admin.post(f"{preview_url}/commit", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    exam_id = int(re.search(r"/scores/exams/(\d+)", done.headers["location"]).group(1))
    with web_deployment.db.sessions() as session:
        exam = session.get(ExamRecord, exam_id)
        assert exam.subjects == [["语文", 120.0], ["数学", 100.0]]  # full marks of 数学 guessed from its scores
    assert admin.get(preview_url).status_code == 404  # the upload is gone once committed
    assert admin.post(f"/scores/exams/{exam_id}/undo", data={"csrf_token": token},
                      follow_redirects=False).status_code == 303  # fmt: skip
    with web_deployment.db.sessions() as session:
        assert session.get(ExamRecord, exam_id) is None


def test_import_errors_are_listed_and_nothing_is_written(client_for, web_deployment, tmp_path):
    _, current = wf.exams()
    current.loc[4, "语文"] = 150
    current.loc[8, "school"] = "外县中学"
    source = wf.write_csv(current, tmp_path / "坏.csv")
    staff = client_for("staff")
    token = csrf_of(staff)
    response = staff.post("/scores/import", data={"csrf_token": token, "name": "期末", "date": "2025-01-15"},
                          files={"file": ("坏.csv", source.read_bytes(), "text/csv")})  # fmt: skip
    preview_url = str(response.url)
    checked = staff.post(f"{preview_url}/check", data={"csrf_token": token, "marks_语文": "120", "marks_数学": "100"})
    assert checked.status_code == 400
    problems = checked.text[checked.text.index('id="problems"'):]
    assert re.search(r'<td class="num">6</td><td>E（语文）</td><td>分数 150 超过满分 120', problems)
    assert "未知学校“外县中学”" in problems
    assert staff.post(f"{preview_url}/commit", data={"csrf_token": token}).status_code == 400
    with web_deployment.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamRecord)) == 0
    bad = staff.post("/scores/import", data={"csrf_token": token, "name": "期末", "date": "2025-01-15"},
                     files={"file": ("成绩.pdf", b"%PDF", "application/pdf")})  # fmt: skip
    assert bad.status_code == 400 and "不支持的文件类型" in bad.text


def test_reports_job_template_and_excel(client_for, exams, web_deployment, tmp_path):
    from docx import Document

    if web_deployment.db.url.startswith("postgresql"):
        pytest.skip("报告生成不依赖数据库种类（只读已载入的统计），只在 SQLite 上运行以节省时间")

    staff = client_for("staff")
    token = csrf_of(staff)
    base = f"/scores/exams/{exams[1]}"
    template = tmp_path / "模板.docx"
    document = Document()
    document.add_paragraph("{{ school.name }}：总分均分 {{ school.total_mean }}（全县 {{ school.county_total_mean }}）")
    document.save(template)
    saved = staff.post(f"{base}/template", data={"csrf_token": token},
                       files={"file": ("模板.docx", template.read_bytes(), "application/octet-stream")})  # fmt: skip
    assert saved.status_code == 200 and "已保存教育局报告模板" in saved.text
    document.add_paragraph("{{ principal_phone }}")
    document.save(template)
    refused = staff.post(f"{base}/template", data={"csrf_token": token},
                         files={"file": ("模板.docx", template.read_bytes(), "application/octet-stream")})  # fmt: skip
    assert refused.status_code == 400 and "principal_phone" in refused.text
    started = staff.post(f"{base}/reports", data={"csrf_token": token, "template": "on"}, headers={"HX-Request": "true"})
    assert started.status_code == 200 and "hx-trigger=\"every 1s\"" in started.text
    job_url = re.search(r'hx-get="([^"]+)"', started.text).group(1)
    deadline = time.time() + 60
    while "download-reports" not in (status := staff.get(job_url).text):
        assert "报告生成失败" not in status, status
        assert time.time() < deadline, status
        time.sleep(0.3)
    archive = zipfile.ZipFile(io.BytesIO(staff.get(f"{job_url}/download").content))
    assert sorted(archive.namelist()) == sorted(f"{s}.docx" for s in wf.SCHOOL_IDS)
    text = "\n".join(p.text for p in Document(io.BytesIO(archive.read("测试县第一中学.docx"))).paragraphs)
    assert text.startswith("测试县第一中学：总分均分 ")
    word = staff.get(f"{base}/schools/2133010003/report.docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(staff.get(f"{base}/tables.xlsx").content), read_only=True)
    assert {"全县", "学校", "班级", "分数段", "学生成绩"} <= set(book.sheetnames)


def test_item_analysis_page_flags_items(client_for, web_deployment, tmp_path):
    import numpy as np

    _, current = wf.exams()
    frame = current.copy()
    sat = frame["数学"].notna().to_numpy()
    strong = (frame["数学"].fillna(0) >= frame["数学"].median()).to_numpy()
    frame["数学1"] = np.where(strong, 4, 0)        # discriminates well
    frame["数学2"] = 4                             # everyone right: too easy, no discrimination
    frame["数学3"] = np.where(np.arange(len(frame)) % 2 == 0, 4, 0)
    for item in ("数学1", "数学2", "数学3"):
        frame[item] = frame[item].astype(object).where(sat, "")
    exam_id = wf.import_exam(web_deployment, wf.write_csv(frame, tmp_path / "小题.csv"), "小题考试", "2025-01-16")
    html = client_for("staff").get(f"/scores/exams/{exam_id}/items").text
    table = html[html.index('id="item-table"'):]
    assert "过易" in _row(table, "2") and "正常" in _row(table, "1")
    assert "Cronbach α" in html


def test_import_preview_zero_choice_is_checked_committed_and_undone(client_for, web_deployment, tmp_path):
    """Issue 15: a file with blanks for absents and one all-zero row; the preview explains the rule with counts,
    the choice is re-checked, stored with the exam and its batch, and undone with it."""
    from junheng.scores.store.models import ExamScore, ExamStudent

    _, current = wf.exams()
    current.loc[10, ["语文", "数学"]] = 0.0  # every subject 0, in a file that marks absents with blanks
    source = wf.write_csv(current, tmp_path / "期末.csv")
    staff = client_for("staff")
    token = csrf_of(staff)
    response = staff.post("/scores/import", data={"csrf_token": token, "name": "期末", "date": "2025-01-15"},
                          files={"file": ("期末.csv", source.read_bytes(), "text/csv")})  # fmt: skip
    preview_url = str(response.url)
    assert "点“检查”后，这里列出本文件中受影响的行数" in response.text
    assert re.search(r'name="zeros" value="auto"\s+checked', response.text)
    marks = {"marks_语文": "120", "marks_数学": "100"}
    auto = staff.post(f"{preview_url}/check", data={"csrf_token": token, **marks})
    assert auto.status_code == 200 and "检查通过" in auto.text
    facts = re.search(r'id="zero-facts">(.*?)</p>', auto.text).group(1)
    assert "文件中有缺考标记（空白 3 处）" in facts and "各科全 0 的 <b>1</b> 行" in facts
    assert "1 行各科均为 0，按 0 分计入" in auto.text
    assert re.search(r'value="absent"\s*> [^<]*<span class="muted">（按缺考 1 行）', auto.text)
    assert re.search(r'value="auto"\s+checked> [^<]*<span class="muted">（按缺考 0 行）', auto.text)
    chosen = staff.post(f"{preview_url}/check", data={"csrf_token": token, **marks, "zeros": "absent"})
    assert chosen.status_code == 200 and "1 行各科均为 0，按缺考处理（已选择按缺考处理）" in chosen.text
    assert re.search(r'<td>语文</td><td class="num">120</td><td class="num">\d+</td><td class="num">3</td>', chosen.text)
    bad = staff.post(f"{preview_url}/check", data={"csrf_token": token, **marks, "zeros": "sometimes"})
    assert bad.status_code == 400 and "0 分处理方式“sometimes”未知" in bad.text
    staff.post(f"{preview_url}/check", data={"csrf_token": token, **marks, "zeros": "absent"})
    done = staff.post(f"{preview_url}/commit", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    exam_id = int(re.search(r"/scores/exams/(\d+)", done.headers["location"]).group(1))
    with web_deployment.db.sessions() as session:
        exam = session.get(ExamRecord, exam_id)
        assert exam.settings["zeros"] == "absent" and exam.settings["zero_rule"]["all_zero_absent"] is True
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "import:scores")).all()[-1]
        assert audit.detail["zeros"]["mode"] == "absent"
        row = current.loc[10, "student_id"]
        stored = session.scalars(select(ExamScore.score).join(ExamStudent, (ExamStudent.exam_id == ExamScore.exam_id)
                                 & (ExamStudent.seq == ExamScore.seq))
                                 .where(ExamScore.exam_id == exam_id, ExamStudent.student_key == row)).all()
        assert all(v is None for v in stored)  # absent, not 0
        assert session.scalar(select(func.count()).select_from(ExamStudent).where(ExamStudent.student_key == row)) == 1
    admin = client_for("admin")
    assert admin.post(f"/scores/exams/{exam_id}/undo", data={"csrf_token": csrf_of(admin)},
                      follow_redirects=False).status_code == 303  # fmt: skip
    with web_deployment.db.sessions() as session:
        assert session.get(ExamRecord, exam_id) is None
