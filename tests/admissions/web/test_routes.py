"""Role × route matrix of the admissions pages, scope of a school clerk, and the write steps over HTTP."""

from __future__ import annotations

import re

import pytest

YEAR = 2025
CLERK_SCHOOL = "2133010001"


PAGES = ["/admissions", "/admissions/zones", "/admissions/applications", "/admissions/applications/20250001",
         "/admissions/allocation", "/admissions/export.xlsx", "/admissions/zones?address=人民路99号"]
EXPECTED = {
    "admin": [200] * 7,
    "staff": [200] * 7,
    "leader": [200] * 7,
    "clerk": [200, 200, 200, 200, 403, 200, 200],
    "township": [403] * 7,
    None: [303] * 7,
}


@pytest.mark.parametrize("user", list(EXPECTED), ids=[str(u) for u in EXPECTED])
def test_role_by_route(loaded, client_for, user):
    client = client_for(user)
    got = [client.get(p, follow_redirects=False).status_code for p in PAGES]
    assert got == EXPECTED[user]


def test_clerk_sees_only_their_schools_applications(loaded, client_for):
    clerk = client_for("clerk")
    page = clerk.get("/admissions/applications").text
    assert "20250001" in page and "20250036" not in page      # 36 applied to the private school
    assert clerk.get("/admissions/applications/20250036").status_code == 403
    staff = client_for("staff").get("/admissions/applications?q=20250036").text
    assert "20250036" in staff


def _csrf(client, url):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text).group(1)


@pytest.mark.parametrize("user", ["leader", "clerk"])
def test_read_only_roles_cannot_decide_or_allocate(loaded, client_for, user):
    client = client_for(user)
    token = _csrf(client, "/admissions/applications")
    r = client.post("/admissions/applications/20250001/decide", data={"outcome": "approve", "reason": "",
                                                                       "csrf_token": token})
    assert r.status_code == 403
    r = client.post("/admissions/allocation/start", data={"year": YEAR, "section": "小学", "csrf_token": token})
    assert r.status_code == 403


def test_decision_without_csrf_is_refused(loaded, client_for):
    staff = client_for("staff")
    r = staff.post("/admissions/applications/20250001/decide", data={"outcome": "approve"})
    assert r.status_code == 403


def test_review_allocate_and_export_over_http(loaded, client_for):
    from sqlalchemy import select

    from junheng.lottery.store import service as lottery_service
    from junheng.store.models.accounts import AuditEntry

    staff = client_for("staff")
    token = _csrf(staff, "/admissions/applications")
    r = staff.post("/admissions/applications/approve-by-rules", data={"year": YEAR, "csrf_token": token},
                   follow_redirects=False)
    assert r.status_code == 303
    for no in ("20250039", "20250040"):
        r = staff.post(f"/admissions/applications/{no}/decide", data={"outcome": "reject", "reason": "不符合条件",
                                                                     "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
    page = staff.post("/admissions/allocation/start", data={"year": YEAR, "section": "小学", "random": "generate",
                                                            "csrf_token": token})
    assert page.status_code == 200 and "只显示这一次" in page.text
    secret = re.search(r'<div class="secret">([0-9a-f]{64})</div>', page.text).group(1)
    lottery_id = int(re.search(r'/lottery/(\d+)"', staff.get("/admissions/allocation").text).group(1))
    with loaded.db.transaction() as s:
        lottery_service.freeze_lottery(s, lottery_id, "staff")
        lottery_service.draw(s, lottery_id, secret, [], "staff")
    round_id = re.search(r'/admissions/allocation/(\d+)/finish', staff.get("/admissions/allocation").text).group(1)
    r = staff.post(f"/admissions/allocation/{round_id}/finish", data={"year": YEAR, "csrf_token": token},
                   follow_redirects=False)
    assert r.status_code == 303
    detail = staff.get("/admissions/applications/20250001").text
    assert "分配结果" in detail
    x = staff.get(f"/admissions/export.xlsx?year={YEAR}")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    n = staff.get("/admissions/applications/20250001/notice.docx")
    assert n.status_code == 200 and n.content[:2] == b"PK"
    with loaded.db.transaction() as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.username == "staff")))
    assert {"admissions:export", "admissions:notice", "admissions:results"} <= actions
    dash = staff.get("/admissions").text
    assert "学位对需求" in dash
