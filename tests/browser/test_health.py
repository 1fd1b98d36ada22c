"""学生健康 in the browser: the county dashboard's charts, a school page, the students below 及格, vision, the
psychological page for the 卫生健康专干 (refused to the leader), registers. Screenshots in
test-artifacts/health-*.png."""

from __future__ import annotations

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.health.demo import import_files, write_data
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry
    from tests.health.helpers import SCHOOLS, pupils

    folder = tmp_path_factory.mktemp("health")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
        create_user(session, "health", PASSWORD, "health_officer", "孙专干")
        create_user(session, "leader", PASSWORD, "leader", "陈局长")
    import_files(dep, write_data(pupils(per_class=30), SCHOOLS, folder / "学生健康"), "demo")
    with LiveServer(create_app(dep)) as live:
        yield live
    dep.db.dispose()


def _charts_drawn(page, ids):
    for chart in ids:
        page.wait_for_selector(f"#{chart} canvas")


def test_dashboard_school_and_below(server, page):
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/health")
    _charts_drawn(page, ["chart-levels", "chart-trend", "chart-grades", "chart-items"])
    assert page.locator("#school-table tbody tr").count() == 3
    shot(page, "health-dashboard")
    page.click("#school-table a >> nth=0")
    page.wait_for_selector("#chart-items canvas")
    shot(page, "health-school")
    page.goto(f"{server.url}/health/below-pass")
    assert page.locator("#below-table tbody tr").count() > 0
    shot(page, "health-below")
    page.goto(f"{server.url}/health/vision")
    _charts_drawn(page, ["chart-grades", "chart-schools"])
    assert "较上年同期" in page.content()
    shot(page, "health-vision")
    page.goto(f"{server.url}/health/registers")
    _charts_drawn(page, ["chart-aid", "chart-placement"])
    assert "残疾儿童少年入学率" in page.content()
    shot(page, "health-registers")


def test_psych_page_for_the_health_officer_only(server, page, browser):
    login_as(page, server.url, "health", PASSWORD)
    page.goto(f"{server.url}/health/psych")
    page.wait_for_selector("#chart-levels canvas")
    assert page.locator("#cases tbody tr").count() > 0
    shot(page, "health-psych")
    other = browser.new_page()
    login_as(other, server.url, "leader", PASSWORD)
    response = other.goto(f"{server.url}/health/psych")
    assert response.status == 403
    other.close()
