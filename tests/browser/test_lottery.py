"""A draw in the browser: set up (secret generated and shown once), import the list (an error first), freeze,
draw with the revealed secret and a public value, the projector page, then a parent's search without login.
Screenshots in test-artifacts/lottery-*.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot, watch_for_script_errors
from tests.lottery.workbook import applicant_rows, write_applicants

pytestmark = pytest.mark.browser
# Before each click the page is left to finish loading: a static file's response still in flight re-sets the
# session cookie to its older value (the session middleware wraps /static too), which would lose a flash message.
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("lottery")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "李敏（基教股）")
    with LiveServer(create_app(dep)) as live:
        yield live
    dep.db.dispose()


def test_a_draw_from_set_up_to_a_parents_search(page, server, tmp_path, browser):
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/lottery/new")
    page.fill("input[name=title]", "2027年测试县第一中学七年级新生电脑派位")
    page.select_option("select[name=school_1]", "2133010002")
    page.fill("input[name=seats_1]", "40")
    page.select_option("select[name=public_count]", "1")
    page.fill("input[name=public_source]", "2027年7月15日开奖的福彩3D开奖号码")
    shot(page, "lottery-setup")
    page.wait_for_load_state("networkidle")
    page.click("main form button[type=submit]")
    secret = page.inner_text("#secret").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", secret)
    shot(page, "lottery-secret")
    with page.expect_download() as saved:
        page.click("#save-secret")
    assert saved.value.suggested_filename.startswith("派位秘密-")
    assert f"派位秘密（抽签前保密）：{secret}\n" in Path(saved.value.path()).read_text(encoding="utf-8")
    page.wait_for_load_state("networkidle")
    page.click("text=我已保存，继续")

    bad = applicant_rows(5)
    bad[3][2] = "330102201401011234"             # wrong check digit
    page.set_input_files("input[name=file]", str(write_applicants(tmp_path / "有错的名单.xlsx", bad)))
    page.wait_for_load_state("networkidle")
    page.click("#applicants form button")
    page.wait_for_selector("#problems")
    assert "身份证件号" in page.inner_text("#problems") and "6" in page.inner_text("#problems td.num")
    shot(page, "lottery-import-errors")
    rows = applicant_rows(100, tier1=30, twins=3)
    page.set_input_files("input[name=file]", str(write_applicants(tmp_path / "报名名单.xlsx", rows)))
    page.wait_for_load_state("networkidle")
    page.click("#applicants form button")
    page.wait_for_selector("#flash")
    assert "参加派位 100 人" in page.inner_text("#flash")
    shot(page, "lottery-imported")

    page.wait_for_load_state("networkidle")

    page.click("#freeze-button")
    page.wait_for_selector("#list-sha")
    list_sha = page.inner_text("#list-sha").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", list_sha)
    shot(page, "lottery-frozen")
    assert asked == ["冻结后名单和派位设置都不能再修改，确定冻结？"]

    page.wait_for_load_state("networkidle")

    page.click("#open-draw")
    page.fill("#secret", secret)
    page.fill(".public-value", "386")
    shot(page, "lottery-draw-form")
    page.wait_for_load_state("networkidle")
    page.click("#run-draw")
    page.wait_for_url("**/live")
    assert asked[-1] == "抽签只能进行一次，结果将立即保存并公布。确定开始？"
    assert page.inner_text("#live-sha").strip() == list_sha
    page.select_option("#speed", "150")
    page.wait_for_load_state("networkidle")
    page.click("#play")
    page.wait_for_selector("#tiles .tile:nth-child(12)")  # (wait_for_function's eval is refused by the CSP)
    shot(page, "lottery-live-revealing")
    page.wait_for_load_state("networkidle")
    page.click("#all")
    page.wait_for_selector("#done", state="visible")
    assert page.locator("#tiles .tile").count() == 40
    seed = page.inner_text("#live-seed").strip()
    admitted = page.locator("#tiles .tile .no").all_inner_texts()
    shot(page, "lottery-live-done")

    public = browser.new_page(viewport={"width": 1100, "height": 800}, locale="zh-CN")
    public_problems = watch_for_script_errors(public)
    lottery_url = page.url.rsplit("/", 1)[0].replace("/lottery/", "/lottery/public/")
    public.goto(lottery_url)
    assert "nav" not in public.inner_html("body").split("<main>")[0] or public.locator("nav.side").count() == 0
    public.fill("#number", admitted[0])
    public.wait_for_load_state("networkidle")
    public.click("main form button[type=submit]")
    receipt = public.inner_text("#receipt")
    assert admitted[0] in receipt and "录取" in receipt and "抽签号" in receipt
    assert not any(number in public.inner_text("main") for number in admitted[1:])
    assert seed in public.inner_text("main")
    shot(public, "lottery-public-receipt")
    waitlisted = next(r[0] for r in rows if r[0] not in admitted)
    public.fill("#number", waitlisted)
    public.wait_for_load_state("networkidle")
    public.click("main form button[type=submit]")
    assert "候补第" in public.inner_text("#receipt")
    assert public_problems == []
    public.close()
