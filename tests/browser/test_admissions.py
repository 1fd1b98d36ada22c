"""Admissions in the browser: a parent applies without login (an error first: a wrong check digit) and looks
the application up; staff see the zones and the queue, decide one application with a reason, approve the rest
by the rules, hand the oversubscribed school to the lottery, and after the draw finish the allocation; the
dashboard shows seats against demand. Screenshots in test-artifacts/admissions-*.png."""

from __future__ import annotations

import re

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot
from tests.factories import id_number

pytestmark = pytest.mark.browser
PASSWORD = "password-123"
YEAR = 2025


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.admissions.core import AdmissionSettings
    from junheng.admissions.store import applications, setup
    from junheng.admissions.store.years import save_settings, settings_for
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.admissions.workbooks import registry_files
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("admissions")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    z, s, a = registry_files(folder)
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "李敏（基教股）")
        save_settings(session, AdmissionSettings(year=YEAR), "setup")
        setup.import_zones(session, YEAR, z, "setup")
        setup.import_places(session, YEAR, s, "setup", settings_for(session, YEAR))
        applications.import_applications(session, YEAR, a, "setup", dep.protector)
    with LiveServer(create_app(dep)) as live:
        live.deployment = dep
        yield live
    dep.db.dispose()


def test_a_parent_applies_and_looks_it_up(page, server):
    good = id_number("330102", "20190415", 777)
    page.goto(f"{server.url}/admissions/public/apply")
    page.fill("input[name=child_name]", "<b>张小雨</b>")
    page.fill("input[name=id_number]", good[:-1] + ("0" if good[-1] != "0" else "1"))
    page.select_option("select[name=gender]", "女")
    page.fill("input[name=hukou]", "人民路57号")
    page.fill("input[name=property]", "人民路57号")
    page.select_option("select[name=owner]", "父母")
    page.fill("input[name=guardian]", "张伟")
    page.fill("input[name=phone]", "13900000000")
    shot(page, "admissions-apply-form")
    page.wait_for_load_state("networkidle")
    page.click("#submit")
    assert "校验位不符" in page.inner_text("#error")
    page.fill("input[name=id_number]", good)
    page.wait_for_load_state("networkidle")
    page.click("#submit")
    receipt = page.inner_text("#receipt-no").strip()
    assert re.fullmatch(r"2025\d{8}", receipt)
    assert page.inner_text("#done-name") == "<b>张小雨</b>"          # shown as text, not markup
    shot(page, "admissions-apply-receipt")
    page.goto(f"{server.url}/admissions/public/status")
    page.fill("input[name=number]", receipt)
    page.fill("input[name=id_number]", good)
    page.wait_for_load_state("networkidle")
    page.click("button[type=submit]")
    result = page.inner_text("#status-result")
    assert "待审核" in result and "测试县实验小学" in result
    shot(page, "admissions-status")
    page.fill("#amend-form input[name=id_number]", good)           # the phone number was mistyped
    page.click("#amend-form button")
    assert page.input_value("input[name=property]") == "人民路57号"
    shot(page, "admissions-amend-form")
    page.fill("input[name=phone]", "13900000001")
    page.click("#submit")
    assert "已修改：联系电话" in page.inner_text("#message")
    shot(page, "admissions-amended")


def test_staff_review_allocate_and_dashboard(page, server):
    from junheng.lottery.store import service as lottery_service

    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/admissions/zones?year={YEAR}&address=人民路99号")
    assert "测试县实验小学" in page.inner_text("#lookup-result")
    shot(page, "admissions-zones")
    page.goto(f"{server.url}/admissions/applications?year={YEAR}")
    shot(page, "admissions-queue")
    page.goto(f"{server.url}/admissions/applications/20250039")
    assert "未满 6 周岁" in page.inner_text("#checks")
    page.wait_for_load_state("networkidle")
    page.click("#reject")
    assert "须填写理由" in page.inner_text("#error")
    page.fill("textarea[name=reason]", "截至 8 月 31 日未满 6 周岁")
    page.wait_for_load_state("networkidle")
    page.click("#reject")
    assert page.inner_text("#status") == "审核不通过"
    shot(page, "admissions-application")
    page.goto(f"{server.url}/admissions/applications/20250040")
    page.fill("textarea[name=reason]", "地址不在学区内，由教育局统筹安排")
    page.wait_for_load_state("networkidle")
    page.click("#reject")
    page.goto(f"{server.url}/admissions/applications?year={YEAR}")
    page.wait_for_load_state("networkidle")
    page.click("#approve-by-rules")
    page.goto(f"{server.url}/admissions/allocation?year={YEAR}")
    shot(page, "admissions-allocation-plan")
    page.wait_for_load_state("networkidle")
    page.click("#start-小学")
    secret = page.inner_text("#secret-once .secret").strip()
    lottery_id = int(re.search(r"/lottery/(\d+)", page.content()).group(1))
    with server.deployment.db.transaction() as s:       # the draw itself happens on the lottery's pages
        lottery_service.freeze_lottery(s, lottery_id, "staff")
        lottery_service.draw(s, lottery_id, secret, [], "staff")
    page.goto(f"{server.url}/admissions/allocation?year={YEAR}")
    page.wait_for_load_state("networkidle")
    page.click("#finish-小学")
    assert "派位录取" in page.inner_text("#section-小学")
    shot(page, "admissions-allocation-done")
    page.goto(f"{server.url}/admissions?year={YEAR}")
    page.wait_for_selector("#chart-seats canvas")
    assert "学位对需求" in page.content()
    shot(page, "admissions-dashboard")
