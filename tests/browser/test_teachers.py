"""Teachers in the browser, on eight schools of the demo county with their five-year histories: the list with a
filter, a teacher's timeline, the exchange page and a proposal confirmed, training completion, staffing, and a
school clerk who sees only their school. Screenshots in test-artifacts/teachers-*.png."""

from __future__ import annotations

import json

import pytest

from junheng.config import Settings
from junheng.deployment import Deployment
from tests.browser.conftest import LiveServer, login_as, shot

pytestmark = pytest.mark.browser
PASSWORD = "password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from junheng.accounts import create_user
    from junheng.demo.base import rng_for
    from junheng.demo.registry import build_registry
    from junheng.demo.teachers import build_teacher_histories, write_teacher_files
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from junheng.teachers.store.intake import import_file
    from junheng.web.app import create_app

    folder = tmp_path_factory.mktemp("teachers")
    reg = build_registry(2024)
    keep = set(reg.schools.loc[reg.schools["kind"] != "特殊教育学校", "school_id"].iloc[[0, 1, 4, 10, 14, 20, 30, 40]])
    schools = reg.schools[reg.schools["school_id"].isin(keep)].assign(central_school_id=None)
    teachers = reg.teachers[reg.teachers["school_id"].isin(keep)]
    frames = {"county": reg.counties, "township": reg.townships[reg.townships["township_code"].isin(
        schools["township_code"])], "school": schools,
        "school_class": reg.classes[reg.classes["school_id"].isin(keep)], "teacher": teachers,
        "student": reg.students[reg.students["school_id"].isin(keep)]}
    path = write_registry(frames, folder / "学校名册.xlsx")
    exchanges = reg.exchanges[reg.exchanges["teacher_id"].isin(set(teachers["teacher_id"]))]
    histories = build_teacher_histories(teachers, schools, exchanges, rng_for(2024, "teachers"))
    names = write_teacher_files(histories, folder)
    dep = Deployment.open(Settings(data_dir=folder, secret_key="browser-test"))
    clerk_school = min(keep)
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
        create_user(session, "staff", PASSWORD, "bureau_staff", "周科员")
        create_user(session, "clerk", PASSWORD, "school_clerk", "李老师", school_id=clerk_school)
    for kind in ("profile", "posts", "training"):
        with dep.db.transaction() as session:
            import_file(session, kind, folder / names[kind], "setup", dep.protector)
    with LiveServer(create_app(dep)) as live:
        live.deployment, live.keep, live.clerk_school = dep, sorted(keep), clerk_school
        live.schools = schools
        yield live
    dep.db.dispose()


def _logout(page):
    page.wait_for_load_state("networkidle")
    page.click("header.top button.link")
    page.wait_for_url("**/login")


def test_bureau_pages(page, server):
    login_as(page, server.url, "staff", PASSWORD)
    page.goto(f"{server.url}/teachers?year=2024")
    assert page.locator("table.data tbody tr").count() > 100
    page.check("input[name=backbone]")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.data tbody tr .badge.ok").count() == page.locator("table.data tbody tr").count()
    shot(page, "teachers-list")

    page.goto(f"{server.url}/teachers/exchange?year=2024")
    assert page.locator(".stat").count() == 5
    page.wait_for_selector("#chart-rate canvas")
    shot(page, "teachers-exchange")
    first = page.locator("table.data tbody tr td a[href^='/teachers/t/']").first
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".timeline li").count() >= 3
    assert page.locator(".timeline li.move").count() >= 1
    shot(page, "teachers-profile")

    page.goto(f"{server.url}/teachers/training?year=2024")
    page.wait_for_selector("#chart-hours canvas")
    shot(page, "teachers-training")
    page.goto(f"{server.url}/teachers/staffing?year=2024")
    page.wait_for_selector("#chart-ages canvas")
    shot(page, "teachers-staffing")
    page.click("table.data tbody tr td a[href^='/teachers/staffing/']")
    page.wait_for_load_state("networkidle")
    assert "编制核算" in page.locator("h1").inner_text()
    shot(page, "teachers-school")

    urban = server.schools[server.schools["location"] == "城区"]["school_id"].tolist()
    rural = server.schools[server.schools["location"] != "城区"]
    sec = "小学" if (rural["kind"] != "初中").any() else "初中"
    transfers = [{"from": urban[0], "to": rural["school_id"].iloc[0], "stage": sec, "count": 3,
                  "reason": "由城区学校交流调入骨干教师"}]
    page.goto(f"{server.url}/teachers/exchange?year=2025")
    page.fill("textarea[name=transfers]", json.dumps(transfers, ensure_ascii=False))
    page.click("#proposals button[type=submit]")
    page.wait_for_url("**/teachers/exchange/proposal/*")
    assert page.locator("input[name=keep]").count() >= 1
    shot(page, "teachers-proposal")
    page.wait_for_load_state("networkidle")
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")
    assert "已确认" in page.locator(".msg").first.inner_text()
    page.goto(f"{server.url}/teachers/import")
    assert page.locator("table.data tbody tr").count() == 3                # the three batches of the fixture
    shot(page, "teachers-import")
    _logout(page)


def test_clerk_sees_only_their_school(page, server):
    login_as(page, server.url, "clerk", PASSWORD)
    page.goto(f"{server.url}/teachers?year=2024")
    options = page.locator("select[name=school] option").all_inner_texts()
    assert len(options) == 2                                   # 全部 and the clerk's own school
    page.goto(f"{server.url}/teachers/staffing?year=2024")
    page.wait_for_url(f"**/teachers/staffing/{server.clerk_school}**")
    other = next(s for s in server.keep if s != server.clerk_school)
    response = page.goto(f"{server.url}/teachers/staffing/{other}?year=2024")
    assert response.status == 403
    shot(page, "teachers-clerk-refused")
    _logout(page)
