"""A hand-computed small county, both stages (DESIGN §4.1), and basic_2012 (§4.2)."""

from __future__ import annotations

import math
from fractions import Fraction as F

import pandas as pd
import pytest

from junheng.balance.core import AssessmentError, CountyInputs, Judgement, assess, assess_county
from tests.balance.county import SCHOOLS, school_year_data

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def county():
    return assess_county(school_year_data(), schools=SCHOOLS, year=2024)


def exact_cv(pairs):
    """(numerator, students) per section, per-student values; exact rational arithmetic."""
    total = sum(F(p) for _, p in pairs)
    mean = sum(F(n) for n, _ in pairs) / total
    var = sum(F(p) / total * (F(n) / F(p) - mean) ** 2 for n, p in pairs)
    return math.sqrt(var) / float(mean)


@pytest.mark.parametrize(("sid", "stage", "values", "met", "passes"), [
    pytest.param("S1", "小学", {"L1": 20 / 440 * 100, "L2": 4 / 440 * 100, "L5": 3400 / 440, "L6": 920_000 / 440},
                 6, True, id="S1-with-teaching-point"),
    pytest.param("S2", "小学", {"L1": 4.0, "L4": 5.0, "L5": 10.0, "L6": 2000.0, "L7": 2.5}, 6, True,
                 id="S2-primary-split"),
    pytest.param("S2", "初中", {"L1": 5.5, "L4": 5.5, "L6": 2200.0, "L7": 2.75}, 5, False, id="S2-junior-split"),
    pytest.param("S3", "初中", {"L1": 6.0, "L2": 1.2, "L5": 11.0, "L6": 2600.0}, 7, True, id="S3"),
    pytest.param("S4", "初中", {"L6": 3700.0, "L7": 8 / 3}, 7, True, id="S4-complete-secondary"),
])
def test_section_values_met_and_rule(county, sid, stage, values, met, passes):
    s = county.section(sid, stage)
    for k, v in values.items():
        assert s.indicators[k].value == pytest.approx(v, rel=1e-12), k
    assert (s.met, s.passes) == (met, passes)


def test_stage_cvs_hand_computed(county):
    # 小学 L1: S1 20/440, S2 12/300 (per 100 — the factor cancels in the CV)
    assert county.stages["小学"].cvs["L1"].value == pytest.approx(exact_cv([(20, 440), (12, 300)]), rel=1e-12)
    # 初中 L6: S2 440000/200, S3 1300000/500, S4 1110000/300
    cv = county.stages["初中"].cvs["L6"]
    assert cv.value == pytest.approx(exact_cv([(440_000, 200), (1_300_000, 500), (1_110_000, 300)]), rel=1e-12)
    assert cv.mean == pytest.approx((440_000 + 1_300_000 + 1_110_000) / 1000)
    assert cv.limit == 0.45 and cv.passes is True


def test_verdicts(county):
    assert county.stages["小学"].passes
    assert not county.stages["初中"].sections_pass  # S2 初中 meets only 5
    assert county.stages["初中"].cvs_pass
    assert county.resource_passes is False
    assert county.dimensions["resources"].passes is False
    assert county.passes is False


def test_cv_failure_fails_the_stage():
    rows = [{"school_id": f"X{i}", "stage": "小学", "students": 100, "teachers_above_required": 5,
             "backbone_teachers": 2, "pe_arts_teachers": 1, "teaching_room_area": 500, "sports_area": 800,
             "equipment_value": 250_000, "multimedia_rooms": 3} for i in range(3)]
    rows[0]["multimedia_rooms"] = 30  # CV of L7 far above 0.5; every section still passes its rule
    a = assess(pd.DataFrame(rows))
    assert all(s.passes for s in a.sections())
    assert a.stages["小学"].cvs["L7"].passes is False
    assert a.resource_passes is False


def test_other_dimensions_from_inputs_and_checklist():
    data = school_year_data()
    data["max_class_size"] = 40
    data["classes"] = 12
    data["music_rooms"], data["art_rooms"] = 1, 1
    data["music_room_area_min"], data["art_room_area_min"] = 100, 95
    data["full_time_teachers"] = 20
    data["certified_teachers"] = 20
    data["training_completed_teachers"] = 20
    data["exchange_eligible_teachers"] = 10
    data["exchanged_teachers"] = 2
    data["exchanged_backbone_teachers"] = 1
    data["public_funds"] = 1_000_000
    data["training_funds"] = 60_000
    ok = CountyInputs(teacher_pay_ratio=1.02, nearby_enrolment_primary=1.0, nearby_enrolment_junior=0.96,
                      quota_allocation_rate=0.55, migrant_public_rate=0.9, retention_rate_junior=0.97,
                      disabled_enrolment_rate=0.96, monitoring_level=3, monitoring_difference_rate=0.1,
                      survey_satisfaction=0.9)
    judged = {k: Judgement(True, ("规划.pdf",)) for k in ("G1", "G2", "G9", "G14", "Q3", "Q5", "Q6", "Q7", "Q8")}
    a = assess_county(data, schools=SCHOOLS, year=2024, county=ok, checklist=judged)
    for key in ("government", "quality", "social"):
        bad = [(i.key, i.detail) for i in a.dimensions[key].items if i.passes is not True]
        assert a.dimensions[key].passes is True, bad
    # without the judgements the dimension is undecided, and one bad figure fails it
    b = assess_county(data, schools=SCHOOLS, year=2024, county=ok)
    assert b.dimensions["government"].passes is None
    data.loc[data["school_id"] == "S3", "max_class_size"] = 56
    c = assess_county(data, schools=SCHOOLS, year=2024, county=ok, checklist=judged)
    g5 = next(i for i in c.dimensions["government"].items if i.key == "G5")
    assert g5.passes is False and g5.failures[0].school_id == "S3"


def test_retention_rate_from_components():
    a = assess_county(school_year_data(), schools=SCHOOLS, year=2024,
                      county={"junior_graduates": 950, "junior_intake": 1000, "junior_transfers_in": 20,
                              "junior_transfers_out": 30, "junior_deaths": 1})
    q1 = next(i for i in a.dimensions["quality"].items if i.key == "Q1")
    assert q1.value == pytest.approx(950 / 990) and q1.passes is True


def test_basic_2012_composite_is_the_mean_of_eight():
    rows = []
    for i, (p, t, area) in enumerate([(100, 6, 400), (300, 12, 1600), (200, 13, 600)]):
        rows.append({"school_id": f"B{i}", "stage": "小学", "students": p, "teachers_above_required": t,
                     "teaching_room_area": area, "sports_area": 7 * p, "equipment_value": 1500 * p,
                     "computers": 0.1 * p + i, "books": 25 * p, "full_time_teachers": t + 1,
                     "mid_title_teachers": t // 2})
    a = assess(pd.DataFrame(rows), "basic_2012")
    st = a.stages["小学"]
    assert st.composite.value == pytest.approx(sum(c.value for c in st.cvs.values()) / 8)
    assert st.composite.limit == 0.65
    assert all(c.limit is None and c.passes is None for c in st.cvs.values())
    assert a.resource_passes == (st.composite.value <= 0.65)


def test_missing_column_and_bad_students_raise():
    with pytest.raises(AssessmentError, match="缺少列"):
        assess(pd.DataFrame([{"school_id": "a", "stage": "小学", "students": 10}]))
    row = {"school_id": "a", "stage": "小学", "students": 0, "teachers_above_required": 1, "backbone_teachers": 1,
           "pe_arts_teachers": 1, "teaching_room_area": 1, "sports_area": 1, "equipment_value": 1,
           "multimedia_rooms": 1}
    with pytest.raises(AssessmentError, match="学生数"):
        assess(pd.DataFrame([row]))
