"""The life of a ledger item in the browser: created by the bureau, evidence and submission by the school,
rejected with a reason, resubmitted, accepted (已销号); the dashboard and the filtered list. Screenshots in
test-artifacts/ledger-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot, wait_until

pytestmark = pytest.mark.browser
# Before each click the page is left to finish loading: a static file's response still in flight re-sets the
# session cookie to its older value (the session middleware wraps /static too), which would lose a flash message.
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.ledger.demo import load
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("ledger")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id="2133010001")
        create_user(session, "leader", PASSWORD, "leader", "陈局长")
    load(dep, folder, "demo")                      # a realistic ledger around the item under test
    with LiveServer(create_app(dep)) as live:
        live.deployment = dep
        yield live
    dep.db.dispose()


def _logout(page):
    page.wait_for_load_state("networkidle")
    page.click("header.top button.link")
    page.wait_for_url("**/login")


def test_life_of_an_item(page, server, tmp_path):
    from junheng.ledger.demo import photo

    picture = tmp_path / "扶手加固后.jpg"
    picture.write_bytes(photo("扶手加固后"))
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/ledger/new")
    page.fill("input[name=inspection]", "春季开学安全检查")
    page.select_option("select[name=category]", "安全隐患")
    page.select_option("select[name=severity]", "较重")
    page.select_option("select[name=unit_id]", "2133010001")
    page.fill("input[name=person]", "李校长")
    page.fill("textarea[name=description]", "教学楼三楼楼梯扶手松动，存在坠落风险")
    page.fill("input[name=deadline]", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.fill("input[name=evidence_required]", "维修后照片")
    shot(page, "ledger-new")
    page.wait_for_load_state("networkidle")
    page.click("form.card button[type=submit]")
    page.wait_for_url("**/ledger/items/*")
    item_url = page.url
    assert "已创建整改事项" in page.inner_text("#flash")
    _logout(page)

    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(item_url)
    page.set_input_files("input[name=files]", str(picture))
    page.fill("#actions input[name=note]", "已更换膨胀螺栓")
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/evidence'] button")
    page.wait_for_selector("text=已上传佐证材料")
    assert page.locator("#evidence img").count() == 1
    page.fill("#actions textarea[name=note]", "扶手已加固，见照片")
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/submit'] button")
    page.wait_for_selector("text=已提交验收，等待教育局验收")
    shot(page, "ledger-item-submitted")
    _logout(page)

    login_as(page, server.url, "staff", PASSWORD)
    page.goto(item_url)
    page.fill("#actions textarea[name=reason]", "照片未显示扶手全段，请补充")
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/reject'] button")
    page.wait_for_selector("text=验收不通过，已退回责任单位继续整改")
    assert "整改中" in page.inner_text("h1")
    _logout(page)

    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(item_url)
    assert "照片未显示扶手全段" in page.inner_text("main")
    page.set_input_files("input[name=files]", str(picture))
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/evidence'] button")
    page.wait_for_selector("text=已上传佐证材料")
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/submit'] button")
    page.wait_for_selector("text=已提交验收")
    _logout(page)

    login_as(page, server.url, "staff", PASSWORD)
    page.goto(item_url)
    page.fill("#actions input[name=note]", "现场复核，扶手牢固")
    page.wait_for_load_state("networkidle")
    page.click("#actions form[action$='/accept'] button")
    page.wait_for_selector("text=验收通过，事项已销号")
    assert "已销号" in page.inner_text("h1")
    history = page.inner_text("#history")
    for action in ("创建", "开始整改", "上传佐证", "提交验收", "验收不通过", "验收通过"):
        assert action in history
    assert page.locator("#evidence img").count() == 2
    shot(page, "ledger-item-closed")


def test_dashboard_and_filtered_list(page, server):
    login_as(page, server.url, "leader", PASSWORD)
    page.goto(f"{server.url}/ledger/dashboard")
    for chart in ("chart-status", "chart-category", "chart-age"):
        assert page.locator(f"#{chart} canvas").count() == 1, chart
    assert page.locator("#escalations tbody tr").count() > 0
    shot(page, "ledger-dashboard")
    page.goto(f"{server.url}/ledger")
    page.select_option("select[name=status]", "逾期")
    wait_until(page, "document.querySelector('#status-counts a.on') && "
                     "document.querySelector('#status-counts a.on').innerText.startsWith('逾期')")
    statuses = page.locator("#ledger-table tbody tr td:nth-child(8)").all_inner_texts()
    assert statuses and all(s.startswith("逾期") for s in statuses)
    shot(page, "ledger-list-overdue")


def test_clerk_sees_only_own_school(page, server):
    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(f"{server.url}/ledger")
    units = set(page.locator("#ledger-table tbody tr td:nth-child(4)").all_inner_texts())
    assert units == {"测试县实验小学"}
    shot(page, "ledger-list-clerk")
    from sqlalchemy import select

    from junheng.ledger.store.models import LedgerItemRecord

    with server.deployment.db.sessions() as s:
        other = s.scalars(select(LedgerItemRecord.item_no).where(LedgerItemRecord.unit_id == "2133010002")).first()
    page.goto(f"{server.url}/ledger/items/{other}")
    assert "无权访问" in page.inner_text("main")
