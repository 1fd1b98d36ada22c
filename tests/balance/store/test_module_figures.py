"""Balance reads what other modules measure through their published figures (junheng.modules.collect_figures):
teacher counts per section from the teacher module (G8, G10, G11, L1–L3), S1 from the satisfaction survey and
Q2 from the special-education register — and falls back to the typed columns when a module has no data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from junheng.balance.reports.school_data_template import write_school_data
from junheng.balance.store.queries import compute_assessment
from junheng.balance.store.school_data import import_school_data
from junheng.figures import Figure
from tests.balance.web_county import school_data

pytestmark = pytest.mark.db


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def county_db(request, tmp_path_factory):
    from tests.balance.shared_db import shared_deployment

    with shared_deployment(request.param, tmp_path_factory.mktemp("figures")) as dep:
        yield dep


@pytest.fixture
def county(county_db, tmp_path):
    from tests.balance.shared_db import clear_balance

    clear_balance(county_db)
    path = write_school_data(school_data(2024), tmp_path / "办学条件_2024.xlsx")
    with county_db.db.transaction() as s:
        import_school_data(s, path, "staff")
    return county_db


def published(monkeypatch, figures: list[Figure]):
    asked = []

    def collect(session, period, keys=None):
        asked.append((period, frozenset(keys or ())))
        return [f for f in figures if f.period == period and (keys is None or f.key in keys)]

    monkeypatch.setattr("junheng.modules.collect_figures", collect)
    return asked


def test_without_module_figures_the_typed_columns_are_used(county, monkeypatch):
    published(monkeypatch, [])
    with county.db.transaction() as s:
        ca = compute_assessment(s, 2024)
    assert ca.from_teacher_module == {}


def test_teacher_module_counts_replace_the_typed_ones_with_their_provenance(county, monkeypatch):
    with county.db.transaction() as s:
        before = compute_assessment(s, 2024)
    section = before.assessment.sections()[0]
    sid, stage = section.school_id, section.stage
    typed = before.data.set_index(["school_id", "section"]).loc[(sid, stage)]
    teachers = tuple(f"教师{k}" for k in range(int(typed["full_time_teachers"]) + 7))
    asked = published(monkeypatch, [
        Figure("teachers.full_time_teachers", f"{sid}|{stage}", "2024", float(len(teachers)), "人", "教师队伍",
               f"在岗专任教师 {len(teachers)} 人", teachers),
        Figure("teachers.backbone_teachers", f"{sid}|{stage}", "2024", 0.0, "人", "教师队伍", "县级以上骨干 0 人"),
        Figure("teachers.backbone_teachers", f"{sid}|{stage}", "2023", 99.0, "人", "教师队伍", "another year"),
    ])
    with county.db.transaction() as s:
        after = compute_assessment(s, 2024)
    assert any(period == "2024" and "teachers.training_completed_teachers" in keys for period, keys in asked)
    row = after.data.set_index(["school_id", "section"]).loc[(sid, stage)]
    assert row["full_time_teachers"] == len(teachers)
    assert row["backbone_teachers"] == 0
    assert after.from_teacher_module[(sid, stage, "full_time_teachers")] == (f"在岗专任教师 {len(teachers)} 人",
                                                                             teachers)
    l2 = after.assessment.section(sid, stage).indicators["L2"]
    assert l2.value == 0 and l2.met is False  # L2 (backbone per 100 students) now reads the module's 0
    others = [k for k in after.from_teacher_module if k[:2] != (sid, stage)]
    assert others == []


def test_survey_and_special_education_figures_feed_s1_and_q2(county, monkeypatch):
    published(monkeypatch, [
        Figure("evaluation.survey_satisfaction", None, "2024", 0.873, "", "满意度调查", "加权满意度 87.3%"),
        Figure("health.disabled_enrolment_rate", None, "2024", 0.93, "", "特殊教育登记", "入学 93 ÷ 应入学 100"),
        Figure("evaluation.survey_satisfaction", "2133010001", "2024", 0.5, "", "满意度调查", "one school"),
    ])
    with county.db.transaction() as s:
        ca = compute_assessment(s, 2024)
    assert ca.figures.inputs.survey_satisfaction == pytest.approx(0.873)
    assert ca.figures.sources["survey_satisfaction"] == "满意度调查：加权满意度 87.3%"
    assert ca.figures.inputs.disabled_enrolment_rate == pytest.approx(0.93)
    items = {i.key: i for d in ca.assessment.dimensions.values() for i in d.items}
    assert items["S1"].passes is True
    assert items["Q2"].passes is False  # 93% < 95%


def test_the_cached_assessment_is_computed_again_after_a_write_to_what_it_reads(county, monkeypatch):
    """Not only imports: a settings change or a page's edit in a module the assessment reads refreshes it; a
    write to a module it does not read (整改台账) leaves the cached one standing."""
    from junheng.balance.store.queries import county_assessment
    from junheng.ledger.store import service as ledger
    from junheng.ledger.store.service import NewItem
    from junheng.registry.store.models import School
    from junheng.teachers.store.service import create_proposal, save_settings

    current = {"value": 0.70}

    def collect(session, period, keys=None):
        return [Figure("evaluation.survey_satisfaction", None, period, current["value"], "", "满意度调查")]

    def s1():
        with county.db.transaction() as s:
            return county_assessment(s, 2024).figures.inputs.survey_satisfaction

    monkeypatch.setattr("junheng.modules.collect_figures", collect)
    assert s1() == pytest.approx(0.70)
    current["value"] = 0.90
    assert s1() == pytest.approx(0.70), "nothing written: the cache stands"
    with county.db.transaction() as s:
        school = s.scalars(select(School.school_id)).first()
        ledger.create(s, NewItem("秋季检查", dt.date(2024, 9, 1), "王明", "安全隐患", school, "李校长",
                                 "消防通道堆放杂物", "一般", dt.date(2024, 9, 30)), "staff")
    assert s1() == pytest.approx(0.70), "a module the assessment does not read"
    with county.db.transaction() as s:
        save_settings(s, {}, "staff")          # the teachers' rules: no import batch, no balance table
    assert s1() == pytest.approx(0.90)
    current["value"] = 0.95
    with county.db.transaction() as s:
        create_proposal(s, 2024, [], "staff")  # a page's write: no batch, no settings entry in the audit log
    assert s1() == pytest.approx(0.95)
