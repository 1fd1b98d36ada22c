"""Lottery pages over HTTP: the role × route matrix, the public search page (no login, one receipt only,
rate-limited), import errors with sheet/row/column, verification of a changed list."""

from __future__ import annotations

import re

import pytest

from junheng.lottery.store import service
from tests.lottery.store.test_service import prepared
from tests.lottery.workbook import applicant_rows, write_applicants
from tests.web.conftest import USERS, csrf_of

pytestmark = pytest.mark.db
BUREAU = {"admin", "staff", "leader"}
WRITERS = {"admin", "staff"}


@pytest.fixture
def lotteries(web_deployment, tmp_path):
    """Lottery 1 drawn, lottery 2 frozen, lottery 3 a draft."""
    ids = {}
    for name in ("drawn", "frozen", "draft"):
        folder = tmp_path / name
        folder.mkdir()
        lottery_id, secret = prepared(web_deployment, folder)
        if name != "draft":
            with web_deployment.db.transaction() as s:
                service.freeze_lottery(s, lottery_id, "staff")
        if name == "drawn":
            with web_deployment.db.transaction() as s:
                service.draw(s, lottery_id, secret, ["5"], "staff")
        ids[name] = lottery_id
    return ids


def matrix(ids) -> dict[str, set[str]]:
    drawn, frozen, draft = ids["drawn"], ids["frozen"], ids["draft"]
    return {
        "/lottery": BUREAU,
        "/lottery/new": WRITERS,
        "/lottery/verify": BUREAU,
        f"/lottery/{drawn}": BUREAU,
        f"/lottery/{draft}": BUREAU,
        f"/lottery/{draft}/setup": WRITERS,
        f"/lottery/{frozen}/draw": WRITERS,
        f"/lottery/{frozen}/notice.docx": BUREAU,
        f"/lottery/{frozen}/list.csv": BUREAU,
        f"/lottery/{drawn}/live": BUREAU,
        f"/lottery/{drawn}/result.json": BUREAU,
        f"/lottery/{drawn}/receipts.xlsx": BUREAU,
    }


def test_role_route_matrix(client_for, lotteries):
    """Bureau staff and admins run lotteries, the leader reads, clerks and township officials get 403."""
    got, expected = {}, {}
    for user in sorted(USERS):
        client = client_for(user)
        for path, allowed in matrix(lotteries).items():
            got[user, path] = client.get(path).status_code
            expected[user, path] = 200 if user in allowed else 403
    assert got == expected
    anonymous = client_for(None)
    assert {anonymous.get(p, follow_redirects=False).status_code for p in matrix(lotteries)} == {303}
    assert client_for("admin").get("/lottery/999").status_code == 404


def _post(client, path, data=None, files=None):
    return client.post(path, data={"csrf_token": csrf_of(client), **(data or {})}, files=files,
                       follow_redirects=False)


def test_writes_are_refused_to_the_leader_and_outsiders(client_for, lotteries, tmp_path):
    book = write_applicants(tmp_path / "a.xlsx", applicant_rows(3)).read_bytes()
    frozen, draft = lotteries["frozen"], lotteries["draft"]
    writes = [("/lottery/new", {"title": "x"}, None), (f"/lottery/{draft}/setup", {"title": "x"}, None),
              (f"/lottery/{draft}/applicants", {}, {"file": ("a.xlsx", book)}), (f"/lottery/{draft}/freeze", {}, None),
              (f"/lottery/{frozen}/draw", {"public_value": "1"}, None)]
    for user in ("leader", "clerk", "township"):
        client = client_for(user)
        for path, data, files in writes:
            assert _post(client, path, data, files).status_code == 403, (user, path)
    assert _post(client_for("staff"), f"/lottery/{frozen}/freeze").status_code == 409      # already frozen


def _search(client, lottery_id: int, number: str):
    page = client.get(f"/lottery/public/{lottery_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(f"/lottery/public/{lottery_id}", data={"csrf_token": token, "number": number})


def test_public_search_shows_one_receipt_only(client_for, lotteries):
    anonymous = client_for(None)
    drawn = lotteries["drawn"]
    page = anonymous.get(f"/lottery/public/{drawn}")
    assert page.status_code == 200 and "查询本人结果" in page.text and 'nav class="side"' not in page.text
    found = _search(anonymous, drawn, "2026007")
    assert found.status_code == 200
    receipt = re.search(r'<div class="receipt" id="receipt">(.*?)</div>\s*\n', found.text, re.DOTALL).group(1)
    assert "2026007" in receipt and "抽签号" in receipt and ("录取" in receipt or "候补" in receipt)
    others = [f"2026{k:03d}" for k in range(1, 31) if k != 7]
    assert not any(number in found.text for number in others)            # no other applicant's number …
    assert not re.search(r"申请人\d", found.text) and "****" not in found.text   # … no name, no ID number at all
    missing = _search(anonymous, drawn, "2026999")
    assert "没有找到" in missing.text and 'id="receipt"' not in missing.text
    before_draw = _search(anonymous, lotteries["frozen"], "2026003")
    assert "抽签尚未进行" in before_draw.text and "申请人3" not in before_draw.text
    assert anonymous.get(f"/lottery/public/{lotteries['draft']}").status_code == 404   # drafts are not public
    result = anonymous.get(f"/lottery/public/{drawn}/result.json").json()
    assert len(result["receipts"]) == 30 and not re.search(r"申请人\d", str(result))
    assert anonymous.get(f"/lottery/public/{drawn}/list.csv").text.startswith("applicant_id,tier,sibling_group\n")


def test_public_search_is_rate_limited(client_for, lotteries):
    from junheng.lottery.web.public import LOOKUPS_PER_MINUTE

    anonymous = client_for(None)
    codes = [_search(anonymous, lotteries["drawn"], f"2026{k:03d}").status_code for k in range(1, 14)]
    assert codes[:LOOKUPS_PER_MINUTE] == [200] * LOOKUPS_PER_MINUTE and set(codes[LOOKUPS_PER_MINUTE:]) == {429}


def test_import_errors_are_shown_with_sheet_row_and_column(client_for, lotteries, tmp_path):
    rows = applicant_rows(4)
    rows[2][2] = "12345"
    book = write_applicants(tmp_path / "报名名单.xlsx", rows).read_bytes()
    response = _post(client_for("staff"), f"/lottery/{lotteries['draft']}/applicants",
                     files={"file": ("报名名单.xlsx", book)})
    assert response.status_code == 400
    row = re.search(r'<table class="data" id="problems">.*?<tbody>(.*?)</tbody>', response.text, re.DOTALL).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[:3] == ["报名名单", "5", "身份证件号"] and "18 位" in cells[3]


def test_verify_page_names_a_changed_list(client_for, lotteries):
    staff = client_for("staff")
    drawn = lotteries["drawn"]
    result = staff.get(f"/lottery/{drawn}/result.json").content
    listed = staff.get(f"/lottery/{drawn}/list.csv").text
    ok = _post(staff, "/lottery/verify", files={"result": ("r.json", result), "applicants": ("l.csv", listed)})
    assert "核验通过" in ok.text
    changed = listed.replace("2026001,1,", "2026001,2,")
    bad = _post(client_for("leader"), "/lottery/verify",
                files={"result": ("r.json", result), "applicants": ("l.csv", changed)})
    assert "核验不通过" in bad.text and "list_sha256" in bad.text


def test_generated_secret_is_shown_once_and_never_stored(client_for, web_deployment):
    from sqlalchemy import select

    from junheng.lottery.core.seed import commitment
    from junheng.lottery.store.models import Lottery
    from junheng.store.models.accounts import AuditEntry

    staff = client_for("staff")
    created = _post(staff, "/lottery/new", {"title": "测试派位", "school_1": "2133010002", "seats_1": "5",
                                            "random": "generate", "public_count": "0", "bundle_siblings": "on"})
    assert created.status_code == 303 and created.headers["location"].endswith("/secret")
    page = staff.get(created.headers["location"])
    secret = re.search(r'id="secret">([0-9a-f]{64})<', page.text).group(1)
    again = staff.get(created.headers["location"], follow_redirects=False)
    assert again.status_code == 303 and secret not in staff.get(again.headers["location"]).text
    with web_deployment.db.sessions() as s:
        stored = s.scalars(select(Lottery)).one()
        audit = " ".join(str(a.detail) for a in s.scalars(select(AuditEntry)))
    assert stored.commitment == commitment(secret) and secret not in str(vars(stored)) and secret not in audit
