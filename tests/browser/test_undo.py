"""An admin tries to undo a registry import after a school was corrected on the web: the refusal lists what
would be lost, in the page's error style, and nothing changes."""

from __future__ import annotations

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


def test_undo_refusal_lists_the_rows_at_stake(page, tmp_path):
    from junheng.accounts import create_user
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.registry.store.models import School
    from junheng.web.app import create_app
    from tests.factories import small_registry

    dep = Deployment.open(Settings(data_dir=tmp_path, secret_key="browser-test"))
    path = write_registry(small_registry(), tmp_path / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "admin", PASSWORD, "bureau_admin", "王管理")
    with dep.db.transaction() as session:
        session.get(School, "2133010001").name = "测试县实验小学（更正）"
        session.get(School, "2133010002").name = "测试县第一中学（更正）"
    with LiveServer(create_app(dep)) as live:
        login_as(page, live.url, "admin", PASSWORD)
        page.goto(f"{live.url}/admin/imports")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("form[action$='/undo'] button")
        page.wait_for_selector(".msg.error")
        box = page.locator(".msg.error")
        assert "不能撤销" in box.inner_text()
        assert box.locator("li").count() == 2
        shot(page, "admin-undo-refused")
        assert page.locator("form[action$='/undo'] button").count() == 1, "the batch is still there to undo"
    dep.db.dispose()
