"""The retention pages over HTTP: the role × route matrix, scope by URL and by POST (a township official cannot see
or change another township's case), a case's life through the forms, uploads with preview, audited exports."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from junheng.retention.store.models import CaseRecord, RosterRecord
from junheng.store.models.accounts import AuditEntry
from tests.factories import small_registry
from tests.retention.conftest import TODAY
from tests.retention.webcounty import IDN, SID
from tests.web.conftest import USERS, csrf_of

pytestmark = pytest.mark.db
ALL, BUREAU = set(USERS), {"admin", "staff", "leader"}
CLERK, TOWN = {"clerk"}, {"township"}
# path -> who may open it (others: 403)
MATRIX = {
    "/retention": ALL,
    "/retention/cases": ALL,
    "/retention/cases/export.xlsx": ALL,
    "/retention/cases/new": ALL - {"leader"},
    "/retention/cases/{qiang}": BUREAU | CLERK,                   # 城关镇, 实验小学: the clerk's school
    "/retention/cases/{fang}": BUREAU | TOWN,                     # 山前乡: the township official's
    "/retention/cases/{fang}/notice.docx": BUREAU | TOWN,
    "/retention/census": BUREAU | CLERK,
    "/retention/census?school=2133010003": BUREAU,
    "/retention/census/2024-2/export.xlsx": BUREAU | CLERK,
    "/retention/rosters": BUREAU | CLERK,
    "/retention/rosters/2024-2/export.xlsx": BUREAU | CLERK,
    "/retention/reconcile": BUREAU,
    "/retention/reconcile/export.xlsx": BUREAU,
    "/retention/rates": ALL,
    "/retention/cohorts/template.xlsx": BUREAU,
    "/retention/zero-report": ALL,
    "/retention/warnings": BUREAU | CLERK,
    "/retention/warnings/export.xlsx": BUREAU | CLERK,
    "/retention/weekly.docx": BUREAU,
}


def _ids(dep) -> dict[str, str]:
    with dep.db.sessions() as s:
        return {k: s.scalar(select(CaseRecord.case_id).where(CaseRecord.student_id == SID[k])) for k in ("fang", "qiang")}


def test_role_route_matrix(censused, client_for):
    """Every role against every page (one deployment for all five roles: the matrix is read-only)."""
    ids = _ids(censused)
    wrong = {}
    for user in sorted(ALL):
        client = client_for(user)
        for template, allowed in MATRIX.items():
            path = template.format(**ids)
            got = client.get(path).status_code
            if got != (200 if user in allowed else 403):
                wrong[(user, path)] = got
        if user == "admin":   # no page shows a full ID number (a formal 学籍号 is G + the ID number)
            shown = {p: [k for k, v in IDN.items() if v in client.get(p.format(**ids)).text]
                     for p in MATRIX if not p.endswith((".xlsx", ".docx"))}
            assert {p: k for p, k in shown.items() if k} == {}
    assert wrong == {}
    anonymous = client_for(None)
    assert {anonymous.get(p.format(**ids), follow_redirects=False).status_code for p in MATRIX} == {303}


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_scope_by_url_and_by_post(censused, client_for):
    ids = _ids(censused)
    town, clerk, leader = client_for("township"), client_for("clerk"), client_for("leader")
    other = f"/retention/cases/{ids['qiang']}"          # 城关镇: not the township official's
    page = town.get(other)
    assert page.status_code == 403 and "不在您的工作范围内" in page.text and "李小强" not in page.text
    for action, data in [("contact", {"kind": "家访", "note": "去了家里，家长同意返校"}), ("status", {"to": "确认辍学"}),
                         ("report", {}), ("notice", {}), ("assign", {"township_official_name": "某人"})]:
        assert _post(town, f"{other}/{action}", **data).status_code == 403, action
        assert _post(leader, f"{other}/{action}", **data).status_code == 403, action
        assert _post(clerk, f"/retention/cases/{ids['fang']}/{action}", **data).status_code == 403, action
    assert "李小强" not in town.get("/retention/cases").text
    assert "王小芳" in town.get("/retention/cases").text
    assert _post(town, f"/retention/cases/{ids['fang']}/report").status_code == 303
    assert _post(town, "/retention/census/run", term="2024-2").status_code == 403
    assert _post(clerk, "/retention/zero-report", school_id="2133010003", month="2024-09").status_code == 403
    with censused.db.sessions() as s:
        qiang = s.get(CaseRecord, ids["qiang"])
        assert qiang.reported_on is None and qiang.status == "核查中"


def test_a_case_life_through_the_forms(censused, client_for):
    case = f"/retention/cases/{_ids(censused)['fang']}"
    town = client_for("township")
    assert _post(town, f"{case}/status", to="劝返中").status_code == 400       # not from 核查中
    refused = _post(town, f"{case}/status", to="已复学", note="")
    assert refused.status_code == 400 and "必须填写说明" in refused.text
    people = {f"{k}_name": n for k, n in [("township_official", "赵乡长"), ("village_official", "钱主任"),
                                            ("school_contact", "孙主任"), ("class_teacher", "李老师")]}
    for action, data in [("assign", people), ("report", {"on": "2024-09-11"}),
                         ("status", {"to": "确认辍学", "on": "2024-09-12"}),
                         ("status", {"to": "劝返中", "on": "2024-09-12"}),
                         ("contact", {"on": "2024-09-13", "kind": "家访", "note": "到家里见到学生和母亲，孩子不愿上学"}),
                         ("contact", {"on": "2024-09-18", "kind": "电话", "note": "父亲同意周一送孩子返校",
                                      "agreed": "1"}),
                         ("status", {"to": "已复学", "on": "2024-09-23", "note": "9月23日返校，编入七年级2班"})]:
        response = _post(town, f"{case}/{action}", **data)
        assert response.status_code == 303, (action, response.text[-500:])
    page = town.get(case).text
    assert "已复学" in page and "父亲同意周一送孩子返校" in page and "9月23日返校" in page
    notice = town.get(f"{case}/notice.docx")
    assert notice.status_code == 200 and notice.content[:2] == b"PK"
    assert "attachment" in notice.headers["content-disposition"]
    board = client_for("admin").get("/retention").text
    assert re.search(r'id="stat-returned">1<', board) and "王小芳" in board


def test_roster_upload_preview_confirm_and_errors(censused, client_for, tmp_path):
    staff = client_for("staff")
    bad = tmp_path / "坏的花名册.csv"
    bad.write_text("student_id,name,school,grade\nG1,甲,2133010001,七年级\nG2,乙,9999999999,大二\n", encoding="utf-8")
    with bad.open("rb") as f:
        response = staff.post("/retention/rosters/upload", data={"csrf_token": csrf_of(staff), "term": "2025-1"},
                              files={"file": (bad.name, f, "text/csv")})
    assert response.status_code == 400
    assert "坏的花名册.csv" in response.text and "年级「大二」无法识别" in response.text
    good = tmp_path / "花名册.csv"
    good.write_text("student_id,name,school,grade,id_number\nG1,甲,2133010001,一年级,\n", encoding="utf-8")
    with good.open("rb") as f:
        preview = staff.post("/retention/rosters/upload", data={"csrf_token": csrf_of(staff), "term": "2025-1"},
                             files={"file": (good.name, f, "text/csv")})
    assert preview.status_code == 200 and "确认导入" in preview.text
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.text).group(1)
    with censused.db.sessions() as s:     # the preview wrote nothing
        assert s.scalar(select(func.count()).select_from(RosterRecord).where(RosterRecord.term == "2025-1")) == 0
    done = _post(staff, "/retention/rosters/confirm", token=token, term="2025-1", file_name=good.name)
    assert done.status_code == 200 and "已导入2025年春季学期花名册：1 名学生" in done.text


def test_exports_of_student_lists_are_audited(censused, client_for):
    admin = client_for("admin")
    for path in ("/retention/census/2024-2/export.xlsx", "/retention/rosters/2024-2/export.xlsx",
                 "/retention/cases/export.xlsx"):
        response = admin.get(path)
        assert response.status_code == 200 and response.content[:2] == b"PK", path
    with censused.db.sessions() as s:
        logged = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "retention:export")).all()
    assert [d["what"] for d in logged] == ["学籍清查名单", "学期花名册", "辍学个案名单"]
    assert logged[1]["rows"] == 7


def test_census_run_from_the_page(censused, client_for):
    staff = client_for("staff")
    response = _post(staff, "/retention/census/run", term="2024-2", term_start="2024-09-02", census_date="2024-09-13")
    assert response.status_code == 303 and response.headers["location"] == "/retention/census?term=2024-2"
    page = staff.get("/retention/census?term=2024-2&school=2133010003").text
    assert "王小芳" in page and "2024-09-18" in page          # report by: Fri 13 Sep + 3 working days
    assert "第一中学" in page                                   # 张小明's move names both schools
    rates = staff.get("/retention/rates").text      # 2 suspected of 9 on roll last term
    assert re.search(r"全县</td><td class=\"num\">9</td><td class=\"num\">2</td>\s*<td class=\"num red\">22.22%", rates)
    missing = _post(staff, "/retention/census/run", term="2023-2")
    assert missing.status_code == 400 and "尚未上传" in missing.text
    assert TODAY.year == 2024


def test_forms_carry_row_ids_not_identifiers(censused, client_for, tmp_path):
    from junheng.retention.core.settings import RetentionSettings
    from junheng.retention.store.models import CensusEntry, TransferProof, WarningFlag
    from junheng.retention.store.monitor import flag_students
    from tests.retention.webcounty import population

    staff, clerk = client_for("staff"), client_for("clerk")
    page = staff.get("/retention/census?school=2133010001").text
    entry = re.search(r'name="entry" value="(\d+)"', page).group(1)           # 赵小红 left the county
    assert _post(client_for("leader"), "/retention/census/proof", entry=entry, receiving_school="外县一小").status_code == 403
    assert _post(clerk, "/retention/census/proof", entry=entry, receiving_school="邻县第一小学",
                 note="转学证明 2024-017").status_code == 303
    with censused.db.sessions() as s:
        assert s.scalars(select(TransferProof.receiving_school)).all() == ["邻县第一小学"]
        assert s.scalars(select(CensusEntry.proof).where(CensusEntry.id == int(entry))).one() is True
    assert "邻县第一小学" in clerk.get("/retention/census").text

    with censused.db.transaction() as s:
        from junheng.retention.store.population import import_population

        import_population(s, population(tmp_path), username="staff", protector=censused.protector)
        flag_students(s, "2024-2", on=TODAY, username="staff", settings=RetentionSettings(warning_threshold=2))
    page = staff.get("/retention/reconcile").text
    person, record = (re.search(rf'name="{k}" value="(\d+)"', page).group(1) for k in ("person", "record"))
    assert _post(staff, "/retention/reconcile/decide", person=person, record=record, accepted="1").status_code == 303
    assert 'id="stat-pending">0<' in staff.get("/retention/reconcile").text

    page = clerk.get("/retention/warnings").text
    flag = re.search(r'name="flag" value="(\d+)"', page).group(1)
    assert _post(clerk, "/retention/warnings/contact", flag=flag, kind="家访", on="2024-09-30",
                 note="到家里见到父亲，商定每周电话沟通").status_code == 303
    with censused.db.sessions() as s:
        other = s.scalars(select(WarningFlag.id).where(WarningFlag.school_id != "2133010001")).first()
    assert _post(clerk, "/retention/warnings/contact", flag=other, kind="电话", note="不是本校学生").status_code == 403
    assert "已有效联系" in clerk.get("/retention/warnings").text


def test_a_case_registered_by_hand(censused, client_for):
    town, clerk = client_for("township"), client_for("clerk")
    made = _post(town, "/retention/cases/new", name="周小山", gender="男", birth_date="2013-05-06",
                 township_code="330100002", village="后村", id_number="330102201305060018",
                 note="村干部报告：开学后一直在家")
    assert made.status_code == 303 and "done=created" in made.headers["location"]
    page = town.get(made.headers["location"]).text
    assert "周小山" in page and "3301**********0018" in page and "330102201305060018" not in page
    assert "手工登记" in page
    assert _post(town, "/retention/cases/new", name="某", township_code="330100001").status_code == 403
    assert _post(clerk, "/retention/cases/new", name="某", school_id="2133010002").status_code == 403
    first = small_registry()["student"][0]                                 # 学生1 of the 2024-2 roster
    by_id = _post(clerk, "/retention/cases/new", student_id=first["student_id"], school_id="2133010001")
    assert by_id.status_code == 303
    page = clerk.get(by_id.headers["location"]).text
    assert "学生1" in page and first["birth_date"] in page and first["id_number"][-4:] in page
    empty = _post(clerk, "/retention/cases/new", school_id="2133010001")
    assert empty.status_code == 400 and "请填写学生姓名" in empty.text


def test_cohort_figures_uploaded_from_the_rates_page(censused, client_for, tmp_path):
    from junheng.retention.store.cohort import write_cohort_template

    path = write_cohort_template(tmp_path / "巩固率.xlsx", [
        {"school_id": "2133010002", "section": "初中", "year": 2024, "intake": 200, "transfers_in": 4,
         "transfers_out": 8, "deaths": 0, "graduates": 188}])
    staff = client_for("staff")
    with path.open("rb") as f:
        done = staff.post("/retention/cohorts/upload", data={"csrf_token": csrf_of(staff)},
                          files={"file": (path.name, f, "application/octet-stream")})
    assert done.status_code == 200 and "已导入巩固率基础数据：新增 1 行" in done.text
    page = client_for("leader").get("/retention/rates?year=2024").text
    assert "95.92%" in page and "达到 95%" in page           # 188 / (200 + 4 - 8)
    assert _post(client_for("leader"), "/retention/cohorts/upload").status_code in (403, 422)
