"""责任督学: roster and schools, visits with checklist and evidence, an issue opening a ledger item, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.accounts import Scope
from junheng.evaluation.store import inspection
from junheng.evaluation.store.schools import visible_codes
from junheng.ledger import api as ledger
from tests.evaluation.store.conftest import SCHOOLS

pytestmark = pytest.mark.db
A, B, C = SCHOOLS
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def test_visit_opens_a_ledger_item_linked_back(county):
    with county.db.transaction() as s:
        ins = inspection.add_inspector(s, "王督学", "wang", "138", 2, [A, C], "admin")
        day = dt.date.today() - dt.timedelta(days=3)
        visit = inspection.record_visit(s, inspection.NewVisit(ins.id, A, day, ["K01", "K06"],
                                                               "消防通道堆放杂物", True), "wang",
                                        county.settings.data_dir, [("现场.png", PNG)])
        no = visit.ledger_item_no
        assert no and ledger.item_status(s, no) == "待整改"
        assert visit.evidence[0]["name"] == "现场.png"
        assert inspection.evidence_path(county.settings.data_dir, visit.evidence[0]["ref"]).read_bytes() == PNG
        plain = inspection.record_visit(s, inspection.NewVisit(ins.id, C, day, ["K03"], ""), "wang")
        assert plain.ledger_item_no is None
    with county.db.sessions() as s:
        from junheng.ledger.store.service import load

        _, item = load(s, no)
        assert item.unit.unit_id == A and f"督导记录 {visit.id}" in item.source.inspection
        assert item.deadline == day + dt.timedelta(days=30)
        assert [v.school_id for v in inspection.visits(s, {A})] == [A]


@pytest.mark.parametrize(("school", "checked", "issues", "ledger_item", "message"), [
    pytest.param(B, ["K01"], "", False, "不是督学王督学的挂牌学校", id="not-assigned"),
    pytest.param(A, [], "", False, "至少勾选一项", id="nothing-checked"),
    pytest.param(A, ["K99"], "", False, "不在清单中", id="unknown-item"),
    pytest.param(A, ["K01"], "", True, "先填写发现的问题", id="ledger-without-issue"),
])
def test_bad_visit_refused(county, school, checked, issues, ledger_item, message):
    with county.db.transaction() as s:
        ins = inspection.add_inspector(s, "王督学", None, "", 2, [A], "admin")
        with pytest.raises(inspection.EvaluationError, match=message):
            inspection.record_visit(s, inspection.NewVisit(ins.id, school, dt.date.today(), checked, issues,
                                                           ledger_item), "admin")


def test_evidence_type_refused(county):
    with county.db.transaction() as s:
        ins = inspection.add_inspector(s, "王督学", None, "", 2, [A], "admin")
        with pytest.raises(inspection.EvaluationError, match="类型不支持"):
            inspection.record_visit(s, inspection.NewVisit(ins.id, A, dt.date.today(), ["K01"], ""), "admin",
                                    county.settings.data_dir, [("x.exe", b"MZ")])


def test_inspector_scope_is_their_schools(county):
    with county.db.transaction() as s:
        inspection.add_inspector(s, "王督学", "wang", "", 2, [A, C], "admin")
        inspection.add_inspector(s, "李督学", "li", "", 2, [B], "admin")
        assert visible_codes(s, Scope("inspector"), "wang") == {A, C}
        assert visible_codes(s, Scope("inspector"), "nobody") == set()
        assert visible_codes(s, Scope("school_clerk", A), "c") == {A}
        assert visible_codes(s, Scope("township_official", None, "330100002"), "t") == {C}
        assert visible_codes(s, Scope("leader"), "l") is None
        inspection.assign(s, 2, [C], "admin")          # a school has one 责任督学: it moves
        assert visible_codes(s, Scope("inspector"), "wang") == {A}


def test_interview(county):
    with county.db.transaction() as s:
        inspection.record_interview(s, B, dt.date(2024, 12, 1), "考核排名末位", "校长", "限期整改", "admin")
        assert [i.school_id for i in inspection.interviews(s, {B})] == [B]
        assert inspection.interviews(s, {A}) == []
        with pytest.raises(inspection.EvaluationError, match="约谈事由"):
            inspection.record_interview(s, B, dt.date(2024, 12, 1), " ", "", "", "admin")


def test_ledger_publishes_open_and_overdue_items(county):
    from junheng.modules import collect_figures

    with county.db.transaction() as s:
        ins = inspection.add_inspector(s, "王督学", None, "", 2, [A], "admin")
        day = dt.date.today() - dt.timedelta(days=40)
        late = inspection.record_visit(s, inspection.NewVisit(ins.id, A, day, ["K01"], "问题一", True), "admin")
        inspection.record_visit(s, inspection.NewVisit(ins.id, A, day, ["K01"], "问题二", True,
                                                       deadline=dt.date.today() + dt.timedelta(days=5)), "admin")
    with county.db.sessions() as s:
        figs = {(f.key, f.school): f for f in collect_figures(s, "2024-2", {"ledger.open_items",
                                                                             "ledger.overdue_items"})}
    assert figs[("ledger.open_items", A)].value == 2 and figs[("ledger.overdue_items", A)].value == 1
    assert figs[("ledger.overdue_items", A)].detail == (late.ledger_item_no,)
    assert figs[("ledger.open_items", B)].value == 0          # no items: a real zero, not missing


def test_home_tiles_count_this_months_visits_against_the_quota(county):
    from junheng.home import Viewer
    from junheng.modules import home_tiles

    today = dt.date(2025, 3, 20)

    def tiles(role, username=""):
        with county.db.transaction() as s:
            return [t for t in home_tiles(s, Viewer(Scope(role), today, username=username)) if t.module == "evaluation"]

    with county.db.transaction() as s:
        wang = inspection.add_inspector(s, "王督学", "wang", "138", 2, [A, C], "admin")
        inspection.add_inspector(s, "李督学", "li", "139", 1, [B], "admin")
        for day, school in ((dt.date(2025, 2, 27), A), (dt.date(2025, 3, 3), A)):  # February's does not count
            inspection.record_visit(s, inspection.NewVisit(wang.id, school, day, ["K01"], ""), "wang")
    (mine,) = tiles("inspector", "wang")
    assert mine.value == "1 / 2" and mine.status == "warn"
    assert [line.text for line in mine.lines] == ["山前乡九年一贯制学校"]  # C, not yet visited in March
    assert tiles("inspector", "nobody") == [] and tiles("school_clerk") == []
    (county_tile,) = tiles("leader")
    assert county_tile.value == 2 and [line.text for line in county_tile.lines] == ["王督学", "李督学"]
    with county.db.transaction() as s:
        inspection.record_visit(s, inspection.NewVisit(wang.id, C, dt.date(2025, 3, 18), ["K01"], ""), "wang")
    (mine,) = tiles("inspector", "wang")
    assert mine.value == "2 / 2" and mine.status == "ok" and mine.lines == ()
    (county_tile,) = tiles("bureau_staff")
    assert county_tile.value == 1 and county_tile.detail == "共 2 名责任督学，1 名已完成本月督导次数"
