"""Ledger pages over HTTP: the role × route matrix (out of scope by URL → 403), who may act on an item, the
life of an item through the web, import errors, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from junheng.ledger.store import service
from tests.ledger.store.test_service import GOOD, PNG, inspection_file, new
from tests.web.conftest import USERS, csrf_of

pytestmark = pytest.mark.db

# item numbers created by the fixture, in this order
OWN, OTHER, TOWNSHIP, SECTION = "ZG2026-0001", "ZG2026-0002", "ZG2026-0003", "ZG2026-0004"
BUREAU = {"admin", "staff", "leader"}
WRITERS = {"admin", "staff"}
ALL = set(USERS)


@pytest.fixture
def items(web_deployment):
    at = dt.datetime(2026, 9, 1, 9, 0)
    with web_deployment.db.transaction() as s:
        for unit in ("2133010001", "2133010002", "2133010003", "AQG"):
            service.create(s, new(unit=unit), "staff", at=at)
        evidence = service.attach_evidence(s, web_deployment.settings.data_dir, OWN, "clerk", "现场.png", PNG,
                                           at=at + dt.timedelta(hours=1))
    return {"evidence": f"/ledger/evidence/{evidence.id}"}


def matrix(evidence: str) -> dict[str, set[str]]:
    return {
        "/ledger": ALL,
        "/ledger/dashboard": ALL,
        "/ledger/export.docx": ALL,
        "/ledger/export.xlsx": ALL,
        "/ledger/new": WRITERS,
        "/ledger/import": WRITERS,
        f"/ledger/items/{OWN}": BUREAU | {"clerk"},           # the clerk's school
        f"/ledger/items/{OTHER}": BUREAU,                      # another school of another township
        f"/ledger/items/{TOWNSHIP}": BUREAU | {"township"},    # a school in the township official's township
        f"/ledger/items/{SECTION}": BUREAU,                    # a bureau section's item
        evidence: BUREAU | {"clerk"},
    }


def test_role_route_matrix(client_for, items):
    """Every role × every page: allowed → 200, refused (incl. out of scope by URL) → 403, anonymous → login."""
    got, expected = {}, {}
    for user in sorted(ALL):
        client = client_for(user)
        for path, allowed in matrix(items["evidence"]).items():
            got[user, path] = client.get(path).status_code
            expected[user, path] = 200 if user in allowed else 403
    assert got == expected
    anonymous = client_for(None)
    assert {anonymous.get(path, follow_redirects=False).status_code for path in matrix(items["evidence"])} == {303}
    assert client_for("admin").get("/ledger/items/ZG1999-0001").status_code == 404


def test_lists_are_scoped(client_for, items):
    clerk = client_for("clerk").get("/ledger").text
    assert OWN in clerk and OTHER not in clerk and SECTION not in clerk
    township = client_for("township").get("/ledger").text
    assert TOWNSHIP in township and OWN not in township
    leader = client_for("leader").get("/ledger").text
    assert all(no in leader for no in (OWN, OTHER, TOWNSHIP, SECTION))


def _post(client, path, data=None, files=None):
    return client.post(path, data={"csrf_token": csrf_of(client), **(data or {})}, files=files,
                       follow_redirects=False)


ACTS = [   # (user, path, form, files, expected status); refusals first, the one allowed step last
    ("leader", "/ledger/new", {}, None, 403),
    ("clerk", "/ledger/new", {}, None, 403),
    ("leader", "/ledger/import", {}, {"file": ("x.xlsx", b"x")}, 403),
    ("leader", f"/ledger/items/{OWN}/submit", {}, None, 403),
    ("township", f"/ledger/items/{TOWNSHIP}/submit", {}, None, 403),
    ("clerk", f"/ledger/items/{OTHER}/submit", {}, None, 403),
    ("clerk", f"/ledger/items/{OWN}/accept", {}, None, 403),
    ("leader", f"/ledger/items/{OWN}/reject", {"reason": "x"}, None, 403),
    ("clerk", f"/ledger/items/{OWN}/extend", {"deadline": "2026-12-01", "reason": "x"}, None, 403),
    ("leader", "/ledger/shortfalls", {}, None, 403),
    ("leader", f"/ledger/items/{OWN}/evidence", {}, {"files": ("a.png", PNG, "image/png")}, 403),
    ("clerk", f"/ledger/items/{OTHER}/evidence", {}, {"files": ("a.png", PNG, "image/png")}, 403),
    ("township", f"/ledger/items/{TOWNSHIP}/evidence", {}, {"files": ("a.png", PNG, "image/png")}, 403),
    ("clerk", f"/ledger/items/{OWN}/submit", {}, None, 303),
    ("clerk", f"/ledger/items/{OWN}/submit", {}, None, 400),          # already 待验收
]


def test_who_may_act(client_for, items):
    clients = {}
    for user, path, form, files, expected in ACTS:
        client = clients.setdefault(user, client_for(user))
        assert _post(client, path, form, files).status_code == expected, (user, path)


def test_life_of_an_item_on_the_web(client_for, web_deployment):
    staff, clerk = client_for("staff"), client_for("clerk")
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    response = _post(staff, "/ledger/new", {
        "inspection": "春季开学检查", "inspection_date": dt.date.today().isoformat(), "inspector": "督导室",
        "category": "安全隐患", "unit_id": "2133010001", "person": "李校长", "description": "楼梯扶手松动",
        "severity": "较重", "deadline": deadline, "evidence_required": "维修后照片"})
    assert response.status_code == 303
    item = response.headers["location"]
    assert "已创建整改事项" in staff.get(item).text
    assert _post(clerk, f"{item}/submit").status_code == 400                      # evidence first
    assert _post(clerk, f"{item}/evidence", {"note": "已加固"},
                 {"files": ("扶手.png", PNG, "image/png")}).status_code == 303
    assert _post(clerk, f"{item}/submit", {"note": "已维修"}).status_code == 303
    refused = _post(staff, f"{item}/reject", {"reason": ""})
    assert refused.status_code == 400 and "须写明原因" in refused.text
    assert _post(staff, f"{item}/reject", {"reason": "照片未显示全部楼层"}).status_code == 303
    page = clerk.get(item).text
    assert "照片未显示全部楼层" in page and "整改中" in page
    assert _post(clerk, f"{item}/evidence", files={"files": ("全部楼层.png", PNG, "image/png")}).status_code == 303
    assert _post(clerk, f"{item}/submit").status_code == 303
    assert _post(staff, f"{item}/accept", {"note": "复核到位"}).status_code == 303
    page = client_for("leader").get(item).text
    assert "已销号" in page and page.count("/ledger/evidence/") >= 2
    for action in ("创建", "开始整改", "上传佐证", "提交验收", "验收不通过", "验收通过"):
        assert action in page


def test_web_import_lists_problems_by_row_and_column(client_for, tmp_path):
    bad = [list(GOOD[0])]
    bad[0][6] = "特别严重"
    path = inspection_file(tmp_path / "清单.xlsx", bad)
    response = _post(client_for("staff"), "/ledger/import", files={"file": ("清单.xlsx", path.read_bytes())})
    assert response.status_code == 400
    assert "问题清单" in response.text and "严重程度" in response.text and "特别严重" in response.text
    good = inspection_file(tmp_path / "好清单.xlsx", GOOD)
    response = _post(client_for("staff"), "/ledger/import", files={"file": ("好清单.xlsx", good.read_bytes())})
    assert response.status_code == 200 and "已导入 3 项" in response.text
    assert "楼梯" not in response.text
    not_excel = _post(client_for("staff"), "/ledger/import", files={"file": ("x.xlsx", b"hello")})
    assert not_excel.status_code == 400 and "不是有效的 Excel 文件" in not_excel.text


def test_exports_hold_only_the_items_in_scope(client_for, items):
    book = load_workbook(io.BytesIO(client_for("clerk").get("/ledger/export.xlsx").content))
    numbers = {row[0] for row in book["事项明细"].iter_rows(min_row=2, values_only=True)}
    assert numbers == {OWN}
    assert {"汇总", "按类别", "按单位", "逾期清单", "处理记录"} <= set(book.sheetnames)
    word = client_for("leader").get("/ledger/export.docx")
    assert word.headers["content-type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    text = "\n".join(c.text for t in Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells)
    assert all(no in text for no in (OWN, OTHER, TOWNSHIP, SECTION))


def test_dashboard_shows_escalations(client_for, web_deployment):
    with web_deployment.db.transaction() as s:
        service.create(s, new(deadline=dt.date(2026, 9, 2), severity="严重"), "staff",
                       at=dt.datetime(2026, 9, 1, 9))
    page = client_for("leader").get("/ledger/dashboard").text
    assert "挂牌督办" in page and "ZG2026-0001" in page and 'id="chart-category"' in page


def test_shortfall_action_reads_the_balance_list(client_for, monkeypatch):
    import junheng.ledger.store.shortfall_source as source
    from tests.ledger.store.test_service import SHORTFALLS

    monkeypatch.setattr(source, "provider", lambda: (lambda session: SHORTFALLS))
    staff = client_for("staff")
    assert "生成短板整改事项" in staff.get("/ledger").text
    response = _post(staff, "/ledger/shortfalls")
    assert response.status_code == 303 and "category=" in response.headers["location"]
    page = staff.get(response.headers["location"]).text
    assert "已按短板清单生成 2 项整改事项" in page and "JH20" in page
    monkeypatch.setattr(source, "provider", lambda: None)
    assert "生成短板整改事项" not in staff.get("/ledger").text
    assert "尚未提供短板清单" in staff.get(_post(staff, "/ledger/shortfalls").headers["location"]).text
