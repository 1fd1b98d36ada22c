"""The balance pages in Chromium: county verdicts, the heat map (sorting), a school page with its arithmetic and
history, the scenario page (a change moves a CV at once), the plan page; screenshots kept for a look."""

from __future__ import annotations

import re

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot, wait_until

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.balance.store.school_data import import_school_data
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.balance.web_county import YEARS, write_files

    folder = tmp_path_factory.mktemp("balance-browser")
    files = write_files(folder / "files")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    with dep.db.transaction() as session:
        import_registry(session, files["registry"], "setup", dep.protector)
        create_user(session, "admin", PASSWORD, "bureau_admin", "王督导")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id="2133010003")
    for y in YEARS:
        with dep.db.transaction() as session:
            import_school_data(session, files[str(y)], "setup")
    with LiveServer(create_app(dep)) as live:
        yield live
    dep.db.dispose()


@pytest.fixture(scope="module")
def cookies(browser, server):
    """Log in once per user; each test's page gets the session cookie (login is tested in test_shell)."""
    out = {}
    for user in ("admin", "clerk"):
        context = browser.new_context()
        page = context.new_page()
        login_as(page, server.url, user, PASSWORD)
        out[user] = context.cookies()
        context.close()
    return out


def as_user(page, cookies, user: str) -> None:
    page.context.add_cookies(cookies[user])


def test_county_page(page, server, cookies):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance")
    assert "县域优质均衡" in page.locator(".verdict-banner").inner_text()
    for name in ("资源配置", "政府保障程度", "教育质量", "社会认可度"):
        assert name in page.locator(".dims").inner_text()
    assert "L2" in page.locator("#stage-初中 .cvchips").inner_text()
    shot(page, "balance-county")
    page.click("text=基本均衡")
    page.wait_for_url(re.compile(r"standard=basic_2012"))
    assert "综合差异系数" in page.locator("#stage-小学").inner_text()
    shot(page, "balance-county-basic")
    page.select_option("#year-select", "2023")  # data-autosubmit, no inline handler
    page.wait_for_url(re.compile(r"year=2023"))
    assert "2023 年" in page.locator(".verdict-banner").inner_text()


def test_heat_map_sorts(page, server, cookies):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance/heatmap")
    rows = page.locator("#heat tbody tr")
    assert rows.count() == 12
    assert page.locator("#heat td.fail").count() > 0 and page.locator("#heat td.met").count() > 0
    page.click("#heat th:has-text('在校生')")
    first = [int(rows.nth(i).locator("td").nth(3).inner_text()) for i in range(rows.count())]
    assert first == sorted(first)
    page.click("#heat th:has-text('在校生')")
    again = [int(rows.nth(i).locator("td").nth(3).inner_text()) for i in range(rows.count())]
    assert again == sorted(first, reverse=True)
    shot(page, "balance-heatmap")
    page.select_option("select[name=stage]", "初中")  # the filters submit by data-autosubmit
    page.wait_for_url(re.compile(r"stage=%E5%88%9D%E4%B8%AD|stage=初中"))
    stages = page.locator("#heat tbody tr td:nth-child(2)").all_inner_texts()
    assert stages and len(stages) < 12 and set(stages) == {"初中"}
    page.check("input[name=failing]")
    page.wait_for_url(re.compile(r"failing=true"))
    assert all("未达标" in t for t in page.locator("#heat tbody tr td:last-child").all_inner_texts())


def test_school_page_shows_arithmetic_and_history(page, server, cookies):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance/schools/2133010003")
    l1 = page.locator("#ind-小学-L1").inner_text()
    assert "÷" in l1 and "高于规定学历专任教师数" in l1
    assert "全校共享资源按" in page.locator("#section-小学").inner_text()
    page.wait_for_selector("#hist-1 canvas")
    shot(page, "balance-school")


def test_scenario_changes_cv(page, server, cookies):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance/scenario")
    cv_cell = page.locator("#scenario-cv tr[data-key='初中-L2'] td.cv-after")
    cv_cell.wait_for()
    before = float(cv_cell.inner_text())
    row = page.locator(".change-row").first
    row.locator("select[name=section]").select_option("2133010003|初中")
    row.locator("select[name=kind]").select_option("backbone")
    row.locator("input[name=amount]").fill("2")
    row.locator("input[name=amount]").dispatch_event("change")
    after_cv = "parseFloat(document.querySelector(\"#scenario-cv tr[data-key='初中-L2'] td.cv-after\").innerText)"
    wait_until(page, f"{after_cv} !== {before}")
    after = float(cv_cell.inner_text())
    assert after < before
    assert "2133010003" not in page.locator("#scenario-before").inner_text()
    shot(page, "balance-scenario")
    # 清除 empties its row (a listener in static/balance/scenario.js) and the CV goes back to the baseline.
    row.locator("button:has-text('清除')").click()
    wait_until(page, f"{after_cv} === {before}")
    assert row.locator("input[name=amount]").input_value() == ""
    # Rows added by ＋ clear the same way (the listener is delegated from the form).
    page.click("#add-row")
    assert page.locator(".change-row").count() == 4
    added = page.locator(".change-row").last
    added.locator("input[name=amount]").fill("3")
    added.locator("button:has-text('清除')").click()
    assert added.locator("input[name=amount]").input_value() == ""


def test_plan_page(page, server, cookies):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance/plan")
    page.fill("input[name=seconds]", "5")
    page.click("#plan-run")
    page.locator("#plan-summary").wait_for(timeout=30000)
    assert "总成本" in page.locator("#plan-summary").inner_text()
    assert page.locator("#plan-actions tbody tr").count() >= 1
    shot(page, "balance-plan")


def test_projection_with_forecast(page, server, cookies):
    """Forecast 200 pupils a year into 城关镇第三小学 (no entry cohort in the registry): by 2027 it fails."""
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}/balance/projection")
    page.locator("#projection-years").wait_for()
    assert "城关镇第三小学" not in page.locator("#projection-result").inner_text()
    for k in (1, 2, 3):
        page.fill(f"input[name='f_2133010008_小学_{k}']", "200")
    page.click("text=重新预测")
    wait_until(page, "document.querySelector('#projection-result').innerText.includes('城关镇第三小学')")
    row = page.locator("#projection-result tr:has-text('城关镇第三小学')").inner_text()
    assert "1240 人" in row and "L1" in row
    shot(page, "balance-projection")


def test_clerk_sees_only_own_school(page, server, cookies):
    as_user(page, cookies, "clerk")
    page.goto(f"{server.url}/balance")
    assert "本校情况" in page.content()
    assert page.locator("text=校际热力图").count() == 0
    shot(page, "balance-county-clerk")
    page.goto(f"{server.url}/balance/data/form/2133010003")
    shot(page, "balance-form-clerk")


@pytest.mark.parametrize("path, selector, text", [
    pytest.param("/balance/cv", "#cv-初中-L2", "0.49", id="cv"),
    pytest.param("/balance/shortfalls", "#shortfalls", "需增加", id="shortfalls"),
    pytest.param("/balance/checklist", "#judged", "G1", id="checklist"),
    pytest.param("/balance/data", "main", "12 / 10", id="data"),
])
def test_other_pages(page, server, cookies, path, selector, text):
    as_user(page, cookies, "admin")
    page.goto(f"{server.url}{path}")
    page.locator(selector).first.wait_for()
    if path == "/balance/data":
        text = "10 / 10"
    assert text in page.locator(selector).first.inner_text()
    if path == "/balance/cv":
        page.wait_for_selector("#cv-chart-2 canvas")
    if path == "/balance/shortfalls":  # data-confirm asks first; dismissing it sends nothing
        asked, url, notes = [], page.url, page.locator(".msg").all_inner_texts()
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("text=发送到整改台账")
        assert asked and "整改事项" in asked[0]
        assert page.url == url and page.locator(".msg").all_inner_texts() == notes
    shot(page, "balance-" + path.rsplit("/", 1)[-1])
