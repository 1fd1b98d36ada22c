"""The home page per role (issue 15 §2): the right tiles with the modules' own numbers, the scope of a school
clerk and of a township official, links that open, and empty states on an empty deployment."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from junheng.accounts import Scope
from tests.retention.conftest import CENSUS_DAY, TODAY, censused, fixed_today  # noqa: F401

CLERK_SCHOOL, OTHER_SCHOOLS = "2133010001", ("测试县第一中学", "山前乡九年一贯制学校")
TOWN = "330100002"  # 山前乡: school 2133010003 and the case of 王小芳; 李小强 is 城关镇's


@pytest.fixture
def home_today(monkeypatch, fixed_today):  # noqa: F811
    from junheng.web.routes import home

    monkeypatch.setattr(home, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def county(censused, home_today):  # noqa: F811
    """The census's cases and transfers, three ledger items (one 挂牌督办, one overdue, one due soon) and a lottery."""
    from junheng.ledger.api import open_item
    from junheng.lottery.api import ListedApplicant, create_lottery
    from junheng.lottery.core.model import Applicant

    items = (("2133010001", "围墙开裂未修复", -20), ("2133010002", "食堂留样不全", -2),
             ("2133010003", "消防通道堵塞", 3))
    with censused.db.transaction() as s:
        for school, text, days in items:
            open_item(s, school_id=school, inspection="秋季开学检查", inspection_date=TODAY - dt.timedelta(days=40),
                      inspector="督学甲", description=text, deadline=TODAY + dt.timedelta(days=days), username="staff",
                      person="张校长")
        create_lottery(s, "2024年实验小学一年级派位", [("2133010001", "测试县实验小学", 2)],
                       [ListedApplicant(Applicant(f"B{i:03d}")) for i in range(5)], "staff", generate_secret=True)
    return censused


def main_text(html: str) -> str:
    body = html[html.index("<main>"):html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def tile(html: str, key: str) -> str:
    """The text of one tile (an element with id tile-<key>)."""
    m = re.search(rf'<(article|a) class="[^"]*"[^>]*id="tile-{key.replace(".", "-")}".*?</\1>', html, re.DOTALL)
    assert m, f"no tile {key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(0)))


def value(html: str, key: str) -> str:
    m = re.search(rf'id="tile-{key.replace(".", "-")}".*?<span class="tile-v">([^<]*)</span>', html, re.DOTALL)
    assert m, f"no value in tile {key}"
    return m.group(1)


def links(html: str) -> set[str]:
    body = html[html.index("<main>"):html.index("</main>")]
    return {h.replace("&amp;", "&") for h in re.findall(r'href="([^"#]+)', body)}


def _module_counts(dep, scope: Scope) -> dict[str, int]:
    """The same numbers from the modules' own pages' queries (ledger list counts, retention dashboard)."""
    from junheng.ledger.core.escalation import Level
    from junheng.ledger.store.queries import Filters, dashboard, list_items
    from junheng.retention.store.queries import dashboard as case_dashboard
    from junheng.retention.store.service import load_settings

    with dep.db.transaction() as s:
        counts = list_items(s, scope, Filters(), TODAY).counts
        board = dashboard(s, scope, TODAY)
        cases = case_dashboard(s, scope, load_settings(dep.settings.data_dir), TODAY).totals
    return {"ledger.overdue": counts["逾期"], "ledger.awaiting": counts["待验收"],
            "ledger.to_answer": counts["待整改"] + counts["整改中"] + counts["逾期"],
            "ledger.supervised": sum(e.level is Level.SUPERVISED for e in board.escalations),
            "retention.open": cases["open"], "retention.overdue": cases["overdue"]}


def _leader_cockpit_shows_the_modules_own_figures(county, client_for):
    html = client_for("leader").get("/").text
    want = _module_counts(county, Scope("leader"))
    assert "全县工作看板" in html
    assert value(html, "ledger.overdue") == str(want["ledger.overdue"]) == "2"
    assert value(html, "ledger.supervised") == str(want["ledger.supervised"]) == "1"
    assert value(html, "retention.open_cases") == str(want["retention.open"]) == "2"
    assert value(html, "retention.overdue_cases") == str(want["retention.overdue"])
    assert value(html, "lottery.next") == "2024年实验小学一年级派位"
    assert "尚未导入考试成绩" in tile(html, "scores.latest_exam")
    assert "尚未导入办学条件数据" in tile(html, "balance.verdict")
    strip = html[html.index('class="headline"'):html.index("</section>")]
    assert strip.index("tile-ledger-overdue") < strip.index("tile-lottery-next"), "what needs action comes first"


def _staff_queue_lists_what_waits_for_the_bureau(county, client_for):
    html = client_for("staff").get("/").text
    want = _module_counts(county, Scope("bureau_staff"))
    assert "待办队列" in html
    assert value(html, "ledger.awaiting_check") == str(want["ledger.awaiting"])
    assert value(html, "ledger.overdue") == str(want["ledger.overdue"])
    assert "围墙开裂未修复" in tile(html, "ledger.supervised")
    assert value(html, "balance.forms_missing") == "3", "no school has filed school data"
    assert "名单待冻结" in tile(html, "lottery.next")


def _clerk_sees_only_their_schools_to_dos(county, client_for):
    html = client_for("clerk").get("/").text
    want = _module_counts(county, Scope("school_clerk", CLERK_SCHOOL))
    text = main_text(html)
    assert "本校待办" in text and "测试县实验小学" in text
    assert value(html, "ledger.to_answer") == str(want["ledger.to_answer"]) == "1"
    assert "围墙开裂未修复" in text
    assert value(html, "retention.census_to_confirm") == "1", "赵小红 left the county without proof"
    assert value(html, "balance.form") == "待填报"
    assert "tile-retention-zero_report" not in html, "on 30 September no zero-report is due (August has none)"
    assert "李小强" in text, "the clerk's school's own case"
    for name in (*OTHER_SCHOOLS, "食堂留样不全", "消防通道堵塞", "王小芳"):
        assert name not in text
    assert "tile-lottery" not in html and "tile-scores-latest" not in html


def _township_sees_its_cases_due_and_overdue_only(county, client_for):
    html = client_for("township").get("/").text
    want = _module_counts(county, Scope("township_official", township_code=TOWN))
    text = main_text(html)
    assert "山前乡" in text and "本乡镇控辍保学" in text
    due, overdue = int(value(html, "retention.due_this_week")), int(value(html, "retention.overdue_cases"))
    assert overdue == want["retention.overdue"]
    assert due + overdue <= want["retention.open"] == 1
    assert "王小芳" in text and "李小强" not in text
    assert value(html, "ledger.to_answer") == "1" and "消防通道堵塞" in text
    for other in ("围墙开裂未修复", "食堂留样不全", "测试县实验小学"):
        assert other not in text


def test_each_role_gets_its_page_with_the_modules_figures_in_its_scope(county, client_for):
    """One county for the four pages and their links (building the county is the cost)."""
    _leader_cockpit_shows_the_modules_own_figures(county, client_for)
    _staff_queue_lists_what_waits_for_the_bureau(county, client_for)
    _clerk_sees_only_their_schools_to_dos(county, client_for)
    _township_sees_its_cases_due_and_overdue_only(county, client_for)
    _every_link_on_the_home_page_opens(client_for)


def _every_link_on_the_home_page_opens(client_for):
    for user in ("leader", "staff", "clerk", "township", "admin"):
        client = client_for(user)
        found = links(client.get("/").text)
        assert len(found) >= 3, user
        for href in sorted(found):
            assert client.get(href).status_code == 200, (user, href)


EMPTY = {"leader": ["尚未导入办学条件数据", "尚未导入考试成绩", "尚未建立派位"],
         "staff": ["待办队列", "未填报办学条件的学校"],
         "clerk": ["本校待办", "待填报"],
         "township": ["本周到期的个案", "本乡镇未结个案 0 件"]}


def test_an_empty_deployment_shows_empty_states(client_for):
    for user, shown in EMPTY.items():
        client = client_for(user)
        page = client.get("/")
        assert page.status_code == 200, user
        for text in shown:
            assert text in page.text, (user, text)
        for href in links(page.text):
            assert client.get(href).status_code == 200, (user, href)
