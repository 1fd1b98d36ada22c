"""The role × route matrix of the evaluation pages, and the writes each role may or may not do."""

from __future__ import annotations

import re

import pytest

from tests.evaluation.web.conftest import ALL_USERS, A, B, C

pytestmark = pytest.mark.db

ALL = set(ALL_USERS)
BUREAU = {"admin", "staff", "leader"}
# path template -> users who may open it; clerk's school is A, township's school C, inspector's B
MATRIX = {
    "/evaluation": ALL,
    "/evaluation/rubrics/{rubric}": ALL,
    "/evaluation/rubrics/{rubric}/excel": ALL,
    "/evaluation/rounds/{done}": BUREAU,
    "/evaluation/rounds/{draft}": BUREAU,
    "/evaluation/rounds/{done}/schools/" + A: BUREAU | {"clerk"},
    "/evaluation/rounds/{done}/schools/" + B: BUREAU | {"inspector"},
    "/evaluation/rounds/{done}/schools/" + C: BUREAU | {"township"},
    "/evaluation/rounds/{draft}/schools/" + A: BUREAU,                  # not approved: not yet the school's
    "/evaluation/rounds/{draft}/schools/" + B: BUREAU | {"inspector"},  # the inspector judges an open round
    "/evaluation/rounds/{done}/schools/" + A + "/sheet.docx": BUREAU | {"clerk"},
    "/evaluation/rounds/{done}/export.docx": BUREAU,
    "/evaluation/rounds/{done}/export.xlsx": BUREAU,
    "/evaluation/rounds/{done}/export.zip": BUREAU,
    "/evaluation/inspectors": ALL,
    "/evaluation/visits/new": {"admin", "staff", "inspector"},
    "/evaluation/visits/{visit}": BUREAU | {"inspector"},
    "/evaluation/visits/{visit}/evidence/0": BUREAU | {"inspector"},
    "/evaluation/surveys": BUREAU,
    "/evaluation/surveys/{survey}": ALL,
    "/evaluation/disclosure": ALL,
}


def url(template, ids):
    return template.format(**ids)


@pytest.mark.parametrize("user", sorted(ALL))
def test_role_route_matrix(client_for, ids, user):
    """Every route for this role (one app per role keeps the matrix fast); all mismatches reported at once."""
    client = client_for(user)
    wrong = []
    for path in sorted(MATRIX):
        got = client.get(url(path, ids)).status_code
        if got != (200 if user in MATRIX[path] else 403):
            wrong.append((path, got))
    assert wrong == []


def test_anonymous_is_sent_to_login(client_for, ids):
    for path in MATRIX:
        assert client_for(None).get(url(path, ids), follow_redirects=False).status_code == 303


def test_school_result_page_shows_missing_and_arithmetic(client_for, ids):
    page = client_for("admin").get(f"/evaluation/rounds/{ids['done']}/schools/{B}").text
    assert "缺数据或未评分的指标：L1、J1" in page and "160 ÷ 200" in page and "期末统考" in page


def test_lists_are_scoped(client_for, ids):
    inspectors = client_for("clerk").get("/evaluation/inspectors").text
    assert "教室照明不足" not in inspectors                      # the visit is at school B
    assert "教室照明不足" in client_for("inspector").get("/evaluation/inspectors").text
    survey = client_for("clerk").get(f"/evaluation/surveys/{ids['survey']}").text
    assert "测试县实验小学" in survey and "测试县第一中学" not in survey and "全县满意度" not in survey
    overview = client_for("clerk").get("/evaluation").text
    assert "测试县实验小学" in overview and "测试县第一中学" not in overview


def csrf(client):
    return re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/evaluation").text).group(1)


def test_writes_by_role(client_for, ids):
    draft = ids["draft"]
    leader = client_for("leader")
    assert leader.post(f"/evaluation/rounds/{draft}/pull", headers={"X-CSRF-Token": csrf(leader)}).status_code == 403
    staff = client_for("staff")
    r = staff.post(f"/evaluation/rounds/{draft}/pull", headers={"X-CSRF-Token": csrf(staff)}, follow_redirects=False)
    assert r.status_code == 303
    ins = client_for("inspector")
    token = csrf(ins)
    ok = ins.post(f"/evaluation/rounds/{draft}/schools/{B}/judge", data={"score_J1": "8", "csrf_token": token},
                  follow_redirects=False)
    assert ok.status_code == 303
    assert "王督学：8.0" in ins.get(f"/evaluation/rounds/{draft}/schools/{B}").text
    assert ins.post(f"/evaluation/rounds/{draft}/schools/{A}/judge", data={"score_J1": "8", "csrf_token": token},
                    follow_redirects=False).status_code == 403
    clerk = client_for("clerk")
    assert clerk.post(f"/evaluation/rounds/{draft}/schools/{A}/self",
                      data={"total": "88", "csrf_token": csrf(clerk)}, follow_redirects=False).status_code == 303
    assert clerk.post(f"/evaluation/rounds/{draft}/schools/{B}/self",
                      data={"total": "88", "csrf_token": csrf(clerk)}, follow_redirects=False).status_code == 403
    # the approved round is locked
    r = staff.post(f"/evaluation/rounds/{ids['done']}/schools/{A}/judge",
                   data={"score_J1": "1", "csrf_token": csrf(staff)})
    assert "已锁定" in r.text


def test_exports_are_logged(client_for, ids, seeded):
    from sqlalchemy import select

    from junheng.store.models.accounts import AuditEntry

    r = client_for("leader").get(f"/evaluation/rounds/{ids['done']}/export.zip")
    assert r.headers["content-type"] == "application/zip" and r.content[:2] == b"PK"
    with seeded[0].db.sessions() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "evaluation:export")).first() is not None


def test_judgement_import_on_the_web(client_for, ids):
    staff = client_for("staff")
    token = csrf(staff)
    body = "学校,指标,评分人,评分\n测试县第一中学,J1,王,7\n".encode()
    r = staff.post(f"/evaluation/rounds/{ids['draft']}/judgements/import", data={"csrf_token": token},
                   files={"file": ("评分.csv", body, "text/csv")})
    assert "已导入 1 条督学评分" in r.text
    bad = staff.post(f"/evaluation/rounds/{ids['draft']}/judgements/import", data={"csrf_token": csrf(staff)},
                     files={"file": ("评分.csv", "学校,指标,评分人,评分\nX,J1,王,7\n".encode(), "text/csv")})
    assert "评分.csv，工作表「CSV」，第 2 行" in bad.text and "未导入任何评分" in bad.text
    leader = client_for("leader")
    refused = leader.post(f"/evaluation/rounds/{ids['draft']}/judgements/import",
                          data={"csrf_token": csrf(leader)}, files={"file": ("评分.csv", body, "text/csv")})
    assert refused.status_code == 403
