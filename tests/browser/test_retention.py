"""控辍保学 in a real browser: the census page, a case's life from creation to 已复学 (people named, contact
logged, notice downloaded), and the dashboard with its charts and overdue steps in red. Screenshots are kept."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot
from tests.retention.conftest import mount_retention_only_if_others_fail
from tests.retention.webcounty import IDN

pytestmark = pytest.mark.browser
PASSWORD = "password-123"
TODAY = dt.date(2024, 9, 30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.retention.store import service
    from junheng.retention.store.case_open import open_census_cases
    from junheng.retention.store.census import run_term_census
    from junheng.retention.store.rosters import import_roster
    from junheng.web.app import create_app
    from tests.factories import small_registry
    from tests.retention.webcounty import write_rosters

    folder = tmp_path_factory.mktemp("retention")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    previous, current = write_rosters(folder)
    with dep.db.transaction() as session:
        import_registry(session, write_registry(small_registry(), folder / "学校名册.xlsx"), "setup", dep.protector)
        create_user(session, "admin", PASSWORD, "bureau_admin", "王管理")
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
        create_user(session, "township", PASSWORD, "township_official", "赵乡长", township_code="330100002")
        import_roster(session, previous, term="2024-1", username="staff", protector=dep.protector)
        import_roster(session, current, term="2024-2", username="staff", protector=dep.protector)
        run = run_term_census(session, "2024-2", username="staff", term_start=dt.date(2024, 9, 2),
                              census_date=dt.date(2024, 9, 10))
        open_census_cases(session, run, username="staff")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(service, "today", lambda: TODAY)
        mount_retention_only_if_others_fail(patch)
        with LiveServer(create_app(dep)) as live:
            yield live
    dep.db.dispose()


def test_census_page(page, server):
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/retention/census")
    form = page.locator("#census-form")
    form.locator("input[name=term]").fill("2024-2")
    form.locator("input[name=term_start]").fill("2024-09-02")
    form.locator("input[name=census_date]").fill("2024-09-13")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/retention/census?term=2024-2")
    expect(page.locator("#stat-suspected")).to_have_text("2")
    rows = page.locator("#census-schools tbody tr")
    assert rows.count() == 3 and "测试县第一中学" in rows.nth(2).inner_text()   # schools with dropouts first
    shot(page, "retention-census")
    page.click("#census-schools >> text=山前乡九年一贯制学校")
    expect(page.locator("#list-suspected")).to_contain_text("王小芳")
    suspected = page.locator("#list-suspected").inner_text()
    assert "王小芳" in suspected and "2024-09-18" in suspected and "3301**********" in suspected
    moved = page.locator("#list-moved").inner_text()
    assert "张小明" in moved and "测试县第一中学" in moved and "山前乡九年一贯制学校" in moved
    assert IDN["fang"] not in page.content()   # never the full ID number, not even inside the 学籍号
    shot(page, "retention-census-school")


def test_case_from_creation_to_return(page, server, tmp_path):
    login_as(page, server.url, "township", PASSWORD)
    page.goto(f"{server.url}/retention/cases")
    assert "李小强" not in page.locator("#case-table").inner_text()     # another township's case
    page.click("#case-table >> text=QC")
    expect(page.locator("#case-status")).to_have_text("核查中")
    shot(page, "retention-case-new")
    form = page.locator("#form-assign")
    for key, name in [("township_official", "赵乡长"), ("village_official", "钱主任"), ("school_contact", "孙主任"),
                      ("class_teacher", "李老师")]:
        form.locator(f"input[name={key}_name]").fill(name)
    form.locator("button[type=submit]").click()
    expect(page.locator(".msg")).to_have_text("责任人已更新")
    page.locator("#form-report button").click()
    expect(page.locator(".msg")).to_have_text("已记录上报")
    for status in ("确认辍学", "劝返中"):
        page.locator("#form-status select[name=to]").select_option(status)
        page.locator("#form-status button").click()
        expect(page.locator("#case-status")).to_have_text(status)
    contact = page.locator("#form-contact")
    contact.locator("textarea[name=note]").fill("与村干部一同家访，见到学生和奶奶，约定下周一返校")
    contact.locator("input[name=agreed]").check()
    contact.locator("button[type=submit]").click()
    expect(page.locator("#timeline")).to_contain_text("约定下周一返校")
    with page.expect_download() as download:
        page.click("#notice-download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("复学通知书_王小芳") and saved.read_bytes()[:2] == b"PK"
    page.reload()   # a download may still be settling on the page: start the next form on a fresh load
    page.locator("#form-status select[name=to]").select_option("已复学")
    page.locator("#form-status textarea[name=note]").fill("9月30日返校，编入七年级1班，安排结对帮扶")
    page.locator("#form-status button").click()
    expect(page.locator("#case-status")).to_have_text("已复学")
    timeline = page.locator("#timeline").inner_text()
    assert "劝返中 → 已复学" in timeline and "明确责任人" in timeline
    assert page.locator("#steps tr.overdue").count() == 0
    shot(page, "retention-case-returned")


def test_dashboard(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.click("nav.side >> text=控辍保学")
    page.wait_for_selector("#chart-status canvas")
    assert page.locator("#chart-township canvas").count() == 1
    overdue = page.locator("#overdue tr.overdue")
    assert overdue.count() >= 1 and "李小强" in page.locator("#overdue").inner_text()
    color = overdue.first.locator("td.red").evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(192, 57, 43)"   # overdue steps in red
    shot(page, "retention-dashboard")
    page.goto(f"{server.url}/retention/rates")
    page.wait_for_selector("#chart-dropout canvas")
    shot(page, "retention-rates")
    login_as(page, server.url, "township", PASSWORD)
    page.goto(f"{server.url}/retention")
    assert "李小强" not in page.content()
    shot(page, "retention-dashboard-township")
