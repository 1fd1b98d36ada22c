"""督导评价 in the browser: the bureau creates a round, pulls figures and scores a school; the 责任督学 records a
visit that opens a ledger item; the survey, rubric and inspector pages render their charts. Screenshots in
test-artifacts/evaluation-*.png."""

from __future__ import annotations

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot

pytestmark = pytest.mark.browser
PASSWORD = "password-123"
A = "2133010001"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import pandas as pd

    from junheng.accounts import create_user
    from junheng.demo.evaluation import write_survey_file
    from junheng.evaluation.demo import load
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("evaluation")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    reg = small_registry()
    path = write_registry(reg, folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id=A)
    write_survey_file(pd.DataFrame(reg["school"]), 2024, folder)
    load(dep, folder, "demo")
    with dep.db.transaction() as session:
        from junheng.accounts import hash_password
        from junheng.store.models.accounts import User

        session.query(User).filter(User.username == "inspector").one().password_hash = hash_password(PASSWORD)
    with LiveServer(create_app(dep)) as live:
        yield live


def _charts_drawn(page, *ids: str) -> None:
    """Each chart got its canvas and an option with series from the page's JSON block (static/evaluation/*.js ran)."""
    for chart in ids:
        page.wait_for_selector(f"#{chart} canvas")
        assert page.evaluate("id => echarts.getInstanceByDom(document.getElementById(id)).getOption().series.length",
                             chart) > 0, chart


def test_bureau_round_and_school_page(page, server):
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/evaluation")
    page.wait_for_load_state("networkidle")
    _charts_drawn(page, "chart-box")
    shot(page, "evaluation-overview")
    page.fill("input[name=period]", "2025-1")
    page.fill("input[name=title]", "春季考核")
    page.click("text=建立考核")
    page.wait_for_url("**/evaluation/rounds/*")
    page.wait_for_load_state("networkidle")
    assert "请提取数据" in page.content()
    page.click("text=① 提取数据")
    page.wait_for_load_state("networkidle")
    assert "已提取并冻结" in page.content()
    _charts_drawn(page, "chart-totals")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    round_url = page.url
    page.click("text=③ 审定并锁定")
    assert asked == ["审定后结果锁定，不能再修改。确定审定？"]  # data-confirm asked
    assert page.url == round_url and "③ 审定并锁定" in page.content()  # dismissed: nothing was sent
    page.click(f"a[href$='/schools/{A}']")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=score_A1]", "9")
    page.fill("input[name=evidence_A1]", "查阅党组织会议记录")
    page.click("text=保存评分")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content() and "查阅党组织会议记录" in page.content()
    _charts_drawn(page, "chart-radar", "chart-history")
    shot(page, "evaluation-school")
    page.goto(f"{server.url}/evaluation/rounds/1")
    page.wait_for_load_state("networkidle")
    _charts_drawn(page, "chart-totals")
    shot(page, "evaluation-round")
    page.goto(f"{server.url}/evaluation/rubrics/1")
    page.wait_for_load_state("networkidle")
    assert "方案检查通过" in page.content()
    _charts_drawn(page, "chart-dims")
    shot(page, "evaluation-rubric")
    page.goto(f"{server.url}/evaluation/surveys/1")
    page.wait_for_load_state("networkidle")
    assert "全县满意度" in page.content()
    _charts_drawn(page, "chart-groups", "chart-schools")
    shot(page, "evaluation-survey")


def test_visit_form_follows_the_chosen_schools_inspector(page, server):
    """The bureau sees every inspector's schools; the hidden inspector_id follows the chosen school (visit_new.js)."""
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/evaluation/visits/new")
    page.wait_for_load_state("networkidle")
    select, hidden = page.locator("select[name=school_id]"), page.locator("#inspector_id")
    groups = page.locator("select[name=school_id] optgroup")
    assert groups.count() >= 2
    first = groups.nth(0).locator("option").first
    assert hidden.input_value() == first.get_attribute("data-inspector")
    other = groups.nth(1).locator("option").first
    assert other.get_attribute("data-inspector") != first.get_attribute("data-inspector")
    select.select_option(other.get_attribute("value"))
    assert hidden.input_value() == other.get_attribute("data-inspector")
    shot(page, "evaluation-visit-new")


def test_inspector_records_a_visit_with_a_ledger_item(page, server):
    login_as(page, server.url, "inspector", PASSWORD)
    page.goto(f"{server.url}/evaluation/visits/new")
    page.wait_for_load_state("networkidle")
    page.check("input[value=K06]")
    page.fill("textarea[name=issues]", "实验室危险化学品柜未上锁")
    page.check("input[name=open_ledger_item]")
    page.click("text=保存督导记录")
    page.wait_for_url("**/evaluation/visits/*")
    page.wait_for_load_state("networkidle")
    assert "已生成整改事项 ZG" in page.content() and "待整改" in page.content()
    page.goto(f"{server.url}/evaluation/inspectors")
    page.wait_for_load_state("networkidle")
    assert "实验室危险化学品柜未上锁" in page.content()
    _charts_drawn(page, "chart-quota")
    shot(page, "evaluation-inspectors")


def test_clerk_sees_only_own_school(page, server):
    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(f"{server.url}/evaluation")
    page.wait_for_load_state("networkidle")
    content = page.content()
    assert "测试县实验小学" in content and "测试县第一中学" not in content
    assert page.goto(f"{server.url}/evaluation/rounds/1").status == 403
