"""Exam analytics in the browser: the import preview with a mapping fix, the exam, school, class and
value-added pages (charts drawn), the report job's progress. Screenshots in test-artifacts/scores-*.png."""

from __future__ import annotations

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot
from tests.scores import web_fixtures as wf

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app
    from tests.factories import small_registry

    folder = tmp_path_factory.mktemp("scores")
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    path = write_registry(small_registry(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "admin", PASSWORD, "bureau_admin", "王管理")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id="2133010001")
    _prior, current = wf.two_exams(dep, folder)
    with LiveServer(create_app(dep)) as live:
        live.exam = current
        live.folder = folder
        live.deployment = dep
        yield live
    dep.db.dispose()


def _charts_drawn(page, *ids: str) -> None:
    for chart in ids:
        page.wait_for_selector(f"#{chart} canvas")


def test_import_preview_with_a_mapping_fix(page, server, tmp_path):
    _, current = wf.exams()
    source = wf.write_csv(current, tmp_path / "八年级期末.csv", headers={"数学": "数学卷面"})
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores")
    page.click("text=导入考试成绩")
    page.set_input_files("input[name=file]", str(source))
    page.fill("input[name=name]", "七年级期末复查考试")
    page.fill("input[name=date]", "2025-01-20")
    page.select_option("select[name=grade]", "7")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#mapping-table")
    assert "未识别的列已忽略：数学卷面" in page.inner_text("main")
    assert page.locator("#marks input").count() == 1  # only 语文 is recognised so far
    shot(page, "scores-import-preview")
    page.select_option("select[aria-label='F 列含义']", "score")
    page.fill("input[aria-label='F 列科目']", "数学")
    page.click("#mapping-form button[type=submit]")
    page.wait_for_selector("#check-ok")
    assert page.locator("#marks input").count() == 2
    assert page.input_value("input[name='marks_数学']") == "100"
    absent = page.inner_text("#absent-table")
    assert "数学" in absent and "语文" in absent
    assert "文件中有缺考标记（空白 3 处）" in page.inner_text("#zero-facts")  # issue 15: the zero rule, explained
    assert page.is_checked("input[name=zeros][value=auto]")
    shot(page, "scores-import-checked")
    page.click("#commit-form button[type=submit]")
    page.wait_for_selector("#county-summary")
    assert "七年级期末复查考试" in page.inner_text("h1")


def test_exam_page(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores/exams/{server.exam}")
    _charts_drawn(page, "chart-schools", "chart-bands", "chart-box", "chart-index")
    summary = page.inner_text("#county-summary")
    assert "语文" in summary and "总分" in summary
    table = page.inner_text("#school-table")
    assert "测试县第一中学" in table and "山前乡九年一贯制学校" in table
    page.select_option("select[name=school]", "2133010002")
    page.wait_for_url("**school=2133010002**")  # data-autosubmit sent the form
    _charts_drawn(page, "chart-bands")
    assert page.locator("select[name=school]").input_value() == "2133010002"
    shot(page, "scores-exam")


def test_school_and_class_pages(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores/exams/{server.exam}")
    page.click("#school-table >> text=测试县第一中学")
    _charts_drawn(page, "chart-classes")
    assert "七年级1班" in page.inner_text("#class-table")
    shot(page, "scores-school")
    page.click("#class-table >> text=七年级1班")
    page.wait_for_selector("#student-table")
    header = page.inner_text("#student-table thead")
    assert "班内名次" in header and "总分" in header
    assert "缺考" in page.inner_text("#student-table") or "缺科" in page.inner_text("#student-table")
    shot(page, "scores-class")


def test_value_added_page(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores/exams/{server.exam}/value-added")
    _charts_drawn(page, "chart-va")
    assert "增值效应是什么意思" in page.inner_text("#va-meaning")
    assert "测试县实验小学" in page.inner_text("#va-insufficient")
    shot(page, "scores-value-added")
    page.goto(f"{server.url}/scores/exams/{server.exam}/growth")
    _charts_drawn(page, "chart-mgp", "chart-sgp")
    shot(page, "scores-growth")


def test_clerk_value_added_hides_other_schools(page, server):
    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(f"{server.url}/scores/exams/{server.exam}/value-added")
    _charts_drawn(page, "chart-va")
    assert "测试县第一中学" not in page.inner_text("main")
    shot(page, "scores-value-added-clerk")


def test_report_job_shows_progress_and_download(page, server):
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores/exams/{server.exam}/reports")
    page.click("#start-reports")
    page.wait_for_selector("#report-job")
    shot(page, "scores-reports-running")
    page.wait_for_selector("#download-reports", timeout=60_000)
    assert "已生成 3 所学校的报告" in page.inner_text("#report-job")
    shot(page, "scores-reports")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("text=撤销导入")
    assert asked == ["确定撤销本次考试的导入？全部成绩将被删除。"]
    assert page.url.endswith("/reports")  # dismissed: nothing was sent


def test_exam_list_fits_its_card_at_1440_px(page, server, tmp_path):
    """Issue 15: a long 来源文件 name is cut with an ellipsis (full name in the tooltip), the table stays inside
    its card."""
    _, current = wf.exams()
    long_name = "2024-2025学年第一学期七年级期末质量监测成绩汇总（含语文数学分数段及各校名次）最终核对版.csv"
    wf.import_exam(server.deployment, wf.write_csv(current, tmp_path / long_name), "七年级期末（长文件名）",
                   "2025-01-16")  # fmt: skip
    page.set_viewport_size({"width": 1440, "height": 900})
    login_as(page, server.url, "admin", PASSWORD)
    page.goto(f"{server.url}/scores")
    cell = page.locator("#exam-table td", has_text="最终核对版").first
    assert cell.get_attribute("title") == long_name
    table, card = page.eval_on_selector("#exam-table", "t => [t.getBoundingClientRect().right, "
                                        "t.closest('.card').getBoundingClientRect().right]")  # fmt: skip
    assert table <= card + 0.5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "scores-exam-list-1440")
