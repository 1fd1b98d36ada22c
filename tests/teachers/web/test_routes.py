import json
import re

import pytest
from sqlalchemy import select

from junheng.store.models.accounts import AuditEntry
from junheng.teachers.store.intake import import_file
from junheng.teachers.store.models import ExchangeProposal
from tests.teachers.store.seed import A, B, C, files
from tests.web.conftest import USERS, csrf_of

pytestmark = pytest.mark.db

ALL = set(USERS)
BUREAU = {"admin", "staff", "leader"}
WRITERS = {"admin", "staff"}


@pytest.fixture
def seeded(web_deployment, tmp_path):
    paths = files(tmp_path)
    for kind in ("profile", "posts", "training"):
        with web_deployment.db.transaction() as s:
            import_file(s, kind, paths[kind], "setup", web_deployment.protector)
    with web_deployment.db.transaction() as s:
        from junheng.teachers.core import Transfer
        from junheng.teachers.store.service import create_proposal
        proposal = create_proposal(s, 2025, [Transfer(A, C, "小学", 1, "补充骨干教师")], "staff")
    return {"paths": paths, "proposal": proposal.id, "deployment": web_deployment}


def matrix(proposal: int) -> dict[str, set[str]]:
    y = "?year=2024"
    return {
        f"/teachers{y}": ALL, f"/teachers/export.xlsx{y}": ALL,
        f"/teachers/exchange{y}": ALL, f"/teachers/training{y}": ALL, f"/teachers/training/behind.xlsx{y}": ALL,
        f"/teachers/staffing{y}": ALL - {"clerk"},                # the clerk is sent to their own school (303)
        f"/teachers/staffing/{A}{y}": BUREAU | {"clerk"}, f"/teachers/staffing/{C}{y}": BUREAU | {"township"},
        f"/teachers/staffing/{A}/report.docx{y}": BUREAU | {"clerk"},
        f"/teachers/t/A1{y}": BUREAU | {"clerk"}, f"/teachers/t/C1{y}": BUREAU | {"township"},
        f"/teachers/t/A0{y}": BUREAU | {"clerk", "township"},     # A0 taught at A, now at C
        f"/teachers/exchange/summary.docx{y}": BUREAU,
        f"/teachers/exchange/proposal/{proposal}": BUREAU,
        "/teachers/import": WRITERS,
    }


def test_role_route_matrix(client_for, seeded):
    got, expected = {}, {}
    m = matrix(seeded["proposal"])
    for user in sorted(ALL):
        client = client_for(user)
        for path, allowed in m.items():
            status = client.get(path, follow_redirects=False).status_code
            got[user, path] = status
            expected[user, path] = 200 if user in allowed else (303 if path.startswith("/teachers/staffing?")
                                                                 and user == "clerk" else 403)
    assert got == expected
    anonymous = client_for(None)
    assert {anonymous.get(path, follow_redirects=False).status_code for path in m} == {303}
    assert client_for("admin").get("/teachers/t/NOBODY").status_code == 404


def test_lists_are_scoped_and_ids_masked(client_for, seeded):
    clerk = client_for("clerk").get("/teachers?year=2024").text
    # Teacher links, not bare ids: a bare "B1" can occur in the page's random CSRF token.
    def shows(page, teacher):
        return f"/teachers/t/{teacher}?" in page

    assert shows(clerk, "A1") and not shows(clerk, "B1") and not shows(clerk, "C1")
    township = client_for("township").get("/teachers?year=2024").text
    assert shows(township, "C1") and not shows(township, "A1")
    admin = client_for("admin").get("/teachers/t/A0?year=2024").text
    assert "1101**********002X" in admin and "11010519491231002X" not in admin
    assert "交流轮岗" in admin and "师徒结对" in admin


def test_exports_are_logged(client_for, seeded):
    client = client_for("clerk")
    xlsx = client.get("/teachers/export.xlsx?year=2024")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    with seeded["deployment"].db.sessions() as s:
        audits = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "teachers:export")))
    assert [(a.username, a.detail["rows"]) for a in audits] == [("clerk", 9)]


def _post(client, path, data=None, files=None):
    return client.post(path, data={"csrf_token": csrf_of(client), **(data or {})}, files=files, follow_redirects=False)


def test_proposal_from_posted_transfers_then_confirm(client_for, seeded):
    transfers = json.dumps([{"from": A, "to": C, "stage": "小学", "count": 2, "reason": "补充骨干教师"}])
    for user in ("leader", "clerk", "township"):
        assert _post(client_for(user), "/teachers/exchange/proposal", {"transfers": transfers}).status_code == 403
    staff = client_for("staff")
    bad = _post(staff, "/teachers/exchange/proposal", {"transfers": "[{\"from\": 1}]", "year": "2025"})
    assert bad.status_code == 422 and "缺少" in bad.text
    unknown = _post(staff, "/teachers/exchange/proposal", {"transfers": json.dumps(
        [{"from": "0000000000", "to": C, "stage": "小学", "count": 1}]), "year": "2025"})
    assert unknown.status_code == 422 and "0000000000" in unknown.text
    r = _post(staff, "/teachers/exchange/proposal", {"transfers": transfers, "year": "2025"})
    assert r.status_code == 303
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    page = staff.get(f"/teachers/exchange/proposal/{pid}").text
    named = re.findall(r'name="keep" value="([^"]+)"', page)
    assert len(named) == 2 and all(n.startswith("A") for n in named)
    assert _post(client_for("leader"), f"/teachers/exchange/proposal/{pid}/decide",
                 {"action": "confirm"}).status_code == 403
    ok = staff.post(f"/teachers/exchange/proposal/{pid}/decide", data={
        "csrf_token": csrf_of(staff), "action": "confirm", "keep": [named[0]]}, follow_redirects=False)
    assert ok.status_code == 303
    with seeded["deployment"].db.sessions() as s:
        row = s.get(ExchangeProposal, pid)
        assert row.status == "已确认" and [i["teacher_id"] for i in row.items] == [named[0]]
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "teachers:proposal:confirm")).one()
    again = staff.post(f"/teachers/exchange/proposal/{pid}/decide", data={
        "csrf_token": csrf_of(staff), "action": "withdraw"}, follow_redirects=True)
    assert "已已确认" not in again.text and "不能再次处理" in again.text


def test_web_import_preview_confirm_undo(client_for, seeded, tmp_path):
    from junheng.teachers.core.schema import POSTS
    from tests.teachers.files import post, write

    staff = client_for("staff")
    bad = write(tmp_path / "bad.xlsx", [(POSTS, [post("ZZ", B, "2020-09-01", section="初中")])])
    r = _post(staff, "/teachers/import", {"kind": "posts"}, {"file": ("bad.xlsx", bad.read_bytes())})
    assert r.status_code == 422 and "不在教师名单中" in r.text
    good = write(tmp_path / "good.xlsx", [(POSTS, [post("B1", C, "2025-09-01", kind="支教", section="初中")])])
    before = staff.get("/teachers/exchange?year=2025").text
    r = _post(staff, "/teachers/import", {"kind": "posts"}, {"file": ("good.xlsx", good.read_bytes())})
    assert r.status_code == 200 and "确认导入" in r.text
    assert staff.get("/teachers/exchange?year=2025").text == before      # the preview wrote nothing
    token = re.search(r'name="token" value="([^"]+)"', r.text).group(1)
    done = _post(staff, "/teachers/import/confirm", {"token": token, "kind": "posts", "file_name": "good.xlsx"})
    assert done.status_code == 303
    assert "本学年交流轮岗教师（1 人）" in staff.get("/teachers/exchange?year=2025").text  # the cached view renewed
    page = staff.get("/teachers/import").text
    assert "已导入「good.xlsx」" in page
    batch = int(re.findall(r'/teachers/import/(\d+)/undo', page)[0])
    assert _post(staff, f"/teachers/import/{batch}/undo").status_code == 303
    assert "已撤销批次" in staff.get("/teachers/import").text
    assert "本学年交流轮岗教师（0 人）" in staff.get("/teachers/exchange?year=2025").text  # and after the undo


def test_payroll_check(client_for, seeded, tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "工资名册"
    wb.active.append(["工号", "姓名", "单位"])
    for row in (["A1", "教师A1", "实验小学"], ["X9", "无名", "实验小学"]):
        wb.active.append(row)
    wb.save(tmp_path / "pay.xlsx")
    staff = client_for("staff")
    r = _post(staff, "/teachers/staffing/payroll", {"year": "2024"}, {"file": ("pay.xlsx",
                                                                              (tmp_path / "pay.xlsx").read_bytes())})
    assert r.status_code == 200 and "1 人需要核实" in r.text and "X9" in r.text
    tt = Workbook()
    tt.active.append(["教师工号"])
    tt.active.append(["X9"])
    tt.save(tmp_path / "tt.xlsx")
    r = _post(staff, "/teachers/staffing/payroll", {"year": "2024"}, {
        "file": ("pay.xlsx", (tmp_path / "pay.xlsx").read_bytes()), "timetable": ("tt.xlsx", (tmp_path / "tt.xlsx").read_bytes())})
    assert r.status_code == 200 and "0 人需要核实" in r.text


def test_settings_change_the_figures(client_for, seeded):
    for user, status in (("clerk", 403), ("township", 403), ("leader", 200), ("staff", 200), ("admin", 200)):
        assert client_for(user).get("/teachers/settings").status_code == status
    assert _post(client_for("staff"), "/teachers/settings", {"required_hours": "240"}).status_code == 403
    admin = client_for("admin")
    page = admin.get("/teachers/settings").text
    form = dict(re.findall(r'<input type="text" name="(\w+)" value="([^"]*)"', page))
    form.update({k: v.replace("&#34;", '"').replace("&quot;", '"') for k, v in
                 re.findall(r'<textarea class="json" name="(\w+)"[^>]*>([^<]*)</textarea>', page)})
    bad = _post(admin, "/teachers/settings", {**form, "required_hours": "-5", "prorate_new_teachers": "on"})
    assert bad.status_code == 422 and "每个培训周期应完成的学时" in bad.text
    before = admin.get("/teachers/training?year=2024").text
    assert "已完成 360 学时" in before
    ok = _post(admin, "/teachers/settings", {**form, "required_hours": "120", "prorate_new_teachers": "on"})
    assert ok.status_code == 303
    after = admin.get("/teachers/training?year=2024").text
    assert "已完成 120 学时" in after
    with seeded["deployment"].db.sessions() as s:
        from junheng.teachers.api import figures
        v = {(f.key, f.school): f.value for f in figures(s, "2024", {"teachers.training_completed_teachers"})}
        assert v[("teachers.training_completed_teachers", f"{A}|小学")] == 9   # every A teacher has ≥ 120 h
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "teachers:settings")).one()
        assert entry.detail["required_hours"] == [360, 120.0]


def test_word_reports(client_for, seeded):
    import io

    from docx import Document

    admin = client_for("admin")
    doc = Document(io.BytesIO(admin.get("/teachers/exchange/summary.docx?year=2024").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "交流轮岗情况汇总表" in text and "本学年交流轮岗 1 人" in text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[-1][:3] == ["全县合计", "21", "1"]   # A0–A9, B0–B5, C1–C5 (C0 retires in 3 years)
    doc = Document(io.BytesIO(admin.get(f"/teachers/staffing/{C}/report.docx?year=2024").content))
    assert "编制核算报告" in doc.paragraphs[0].text
    assert any("结论" in p.text for p in doc.paragraphs)


def test_ethics_veto_is_flagged(client_for, seeded):
    page = client_for("admin").get("/teachers?year=2024&veto=1").text
    assert "共 1 人" in page and "B5" in page and "师德否决 2023" in page
    profile = client_for("admin").get("/teachers/t/B5?year=2024").text
    assert "一票否决" in profile and "有偿补课" in profile


def test_pages_of_a_year_without_records(client_for, seeded):
    admin = client_for("admin")
    for path in ("/teachers", "/teachers/exchange", "/teachers/training", "/teachers/staffing",
                 f"/teachers/staffing/{C}", "/teachers/t/A1", "/teachers/exchange/summary.docx",
                 "/teachers/export.xlsx", "/teachers/training/behind.xlsx", f"/teachers/staffing/{C}/report.docx"):
        assert admin.get(f"{path}?year=2000").status_code == 200, path
    assert "没有符合条件的教师" in admin.get("/teachers?year=2000").text
