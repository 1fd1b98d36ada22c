"""Log in as each role, open the school list and a school page, check what is visible, keep screenshots."""

from __future__ import annotations

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot, wait_until

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("shell")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "admin", PASSWORD, "bureau_admin", "王管理")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id="2133010001")
        create_user(session, "township", PASSWORD, "township_official", "赵乡长", township_code="330100002")
        create_user(session, "leader", PASSWORD, "leader", "陈局长")
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
    with LiveServer(create_app(dep)) as live:
        yield live
    dep.db.dispose()


@pytest.mark.parametrize("user, visible, hidden", [
    pytest.param("admin", ["测试县实验小学", "测试县第一中学", "山前乡九年一贯制学校"], [], id="admin"),
    pytest.param("staff", ["测试县第一中学"], [], id="staff"),
    pytest.param("leader", ["测试县第一中学"], [], id="leader"),
    pytest.param("clerk", ["测试县实验小学"], ["测试县第一中学", "山前乡九年一贯制学校"], id="clerk"),
    pytest.param("township", ["山前乡九年一贯制学校"], ["测试县实验小学", "测试县第一中学"], id="township"),
])
def test_each_role_sees_its_schools(page, server, user, visible, hidden):
    login_as(page, server.url, user, PASSWORD)
    assert page.locator("nav.side").inner_text().count("优质均衡") == 1
    shot(page, f"home-{user}")
    page.click("nav.side >> text=学校名册")
    table = page.locator("#school-table").inner_text()
    for name in visible:
        assert name in table
    for name in hidden:
        assert name not in table
    shot(page, f"schools-{user}")
    admin_links = page.locator("nav.side >> text=用户管理").count()
    assert admin_links == (1 if user == "admin" else 0)


def test_school_page_shows_sections_classes_and_chart(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/schools/2133010003")
    assert "学部：小学、初中" in page.inner_text("main")
    assert page.locator("#chart-grades canvas").count() == 1, "the ECharts chart must render"
    assert "八年级1班" in page.inner_text("main")
    shot(page, "school-page")


def test_filters_narrow_the_list_without_reload(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/schools")
    page.select_option("select[name=kind]", "初中")
    wait_until(page, "!document.querySelector('#school-table').innerText.includes('实验小学')")
    assert "测试县第一中学" in page.inner_text("#school-table")


def test_clerk_cannot_open_another_school_by_url(page, server):
    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(f"{server.url}/schools/2133010002")
    assert "无权访问" in page.inner_text("main")
    shot(page, "clerk-refused")
