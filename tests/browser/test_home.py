"""The home page per role in Chromium, wide (1440 px) and on a phone (390 px): the tiles show, the page does not
scroll sideways, a figure opens its page; screenshots home-<role>-<width>.png to look at."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot

pytestmark = pytest.mark.browser
PASSWORD = "password-123"
TODAY = dt.date(2024, 9, 30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.ledger.api import open_item
    from junheng.lottery.api import ListedApplicant, create_lottery
    from junheng.lottery.core.model import Applicant
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.retention.store import service
    from junheng.retention.store.case_open import open_census_cases
    from junheng.retention.store.census import run_term_census
    from junheng.retention.store.rosters import import_roster
    from junheng.web.app import create_app
    from junheng.web.routes import home
    from tests.factories import small_registry
    from tests.retention.webcounty import write_rosters

    patch = pytest.MonkeyPatch()
    patch.setattr(home, "today", lambda: TODAY)
    patch.setattr(service, "today", lambda: TODAY)
    folder = tmp_path_factory.mktemp("home")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    previous, current = write_rosters(folder)
    with dep.db.transaction() as s:
        import_registry(s, write_registry(small_registry(), folder / "学校名册.xlsx"), "setup", dep.protector)
        create_user(s, "leader", PASSWORD, "leader", "陈局长")
        create_user(s, "clerk", PASSWORD, "school_clerk", "李老师", school_id="2133010001")
        create_user(s, "township", PASSWORD, "township_official", "赵乡长", township_code="330100002")
        import_roster(s, previous, term="2024-1", username="setup", protector=dep.protector)
        import_roster(s, current, term="2024-2", username="setup", protector=dep.protector)
        run = run_term_census(s, "2024-2", username="setup", term_start=dt.date(2024, 9, 2),
                              census_date=dt.date(2024, 9, 10))
        open_census_cases(s, run, username="setup")
        for school, text, days in (("2133010001", "校园围墙东侧局部开裂", -20), ("2133010002", "食堂留样记录不全", -2),
                                   ("2133010003", "消防通道被杂物堵塞", 3)):
            open_item(s, school_id=school, inspection="秋季开学专项检查", inspection_date=TODAY - dt.timedelta(days=40),
                      inspector="督学甲", description=text, deadline=TODAY + dt.timedelta(days=days),
                      username="setup", person="张校长")
        create_lottery(s, "2024年实验小学一年级新生派位", [("2133010001", "测试县实验小学", 2)],
                       [ListedApplicant(Applicant(f"B{i:03d}")) for i in range(5)], "setup", generate_secret=True)
    with LiveServer(create_app(dep)) as live:
        yield live
    patch.undo()
    dep.db.dispose()


@pytest.mark.parametrize("user, heading, tiles", [
    pytest.param("leader", "全县工作看板", ["优质均衡评估", "逾期整改事项", "挂牌督办", "未结辍学个案", "下一场派位"],
                 id="leader"),
    pytest.param("clerk", "本校待办", ["待整改事项", "学籍清查待确认", "办学条件采集表"], id="clerk"),
    pytest.param("township", "本乡镇控辍保学", ["本周到期的个案", "逾期未办的个案", "待整改事项"], id="township"),
])
@pytest.mark.parametrize("width", [1440, 390])
def test_home_page_per_role_and_width(browser, server, user, heading, tiles, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        login_as(page, server.url, user, PASSWORD)
        main = page.inner_text("main")
        assert heading in main
        for title in tiles:
            assert title in main, title
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow} px"
        shot(page, f"home-{user}-{width}")
    finally:
        context.close()


def test_a_cockpit_figure_opens_its_page(page, server):
    login_as(page, server.url, "leader", PASSWORD)
    page.click("#tile-ledger-overdue")
    page.wait_for_url("**/ledger?status=*")
    assert "食堂留样记录不全" in page.inner_text("main")
