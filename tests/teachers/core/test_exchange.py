import pytest

from junheng.teachers.core import TeacherSettings, eligibility, exchanges, quota
from tests.teachers.core.cases import make, post, teacher

pytestmark = pytest.mark.core


def _eligible(h, year=2024, **settings):
    el = eligibility(h, year, TeacherSettings(**settings))
    return dict(zip(el["teacher_id"], el["eligible"]))


@pytest.mark.parametrize("start,expected", [
    pytest.param("2018-08-01", True, id="exactly-6-years"),
    pytest.param("2018-08-02", False, id="one-day-short"),
    pytest.param("2010-03-01", True, id="long-stay"),
])
def test_tenure_boundary(start, expected):
    h = make([teacher("A")], [post("A", "S1", start)])
    assert _eligible(h)["A"] is expected


def test_consecutive_posts_at_same_school_are_one_stay_and_a_move_breaks_it():
    h = make([teacher("D"), teacher("C")],
             [post("D", "S1", "2010-09-01", "2016-08-31"), post("D", "S1", "2016-09-01", subject="数学"),
              post("C", "S1", "2012-09-01", "2019-08-31"), post("C", "S2", "2019-09-01", "2020-08-31"),
              post("C", "S1", "2020-09-01")])
    el = eligibility(h, 2024).set_index("teacher_id")
    assert el.loc["D", "eligible"] and el.loc["D", "tenure_years"] == 13
    assert not el.loc["C", "eligible"] and el.loc["C", "tenure_years"] == 3


@pytest.mark.parametrize("gender,birth,expected", [
    pytest.param("男", 1969, True, id="male-5-years-left"),     # 1969 + 60 − 2024 = 5 ≥ 5
    pytest.param("男", 1968, False, id="male-4-years-left"),
    pytest.param("女", 1974, True, id="female-5-years-left"),   # 1974 + 55 − 2024 = 5
    pytest.param("女", 1973, False, id="female-4-years-left"),
])
def test_retirement_exclusion(gender, birth, expected):
    h = make([teacher("R", gender, birth)], [post("R", "S1", "2000-09-01")])
    assert _eligible(h)["R"] is expected


def test_rule_is_settings():
    h = make([teacher("A")], [post("A", "S1", "2020-08-01")])
    assert _eligible(h)["A"] is False
    assert _eligible(h, exchange_min_years=4)["A"] is True


def test_private_and_part_time_teachers_are_not_eligible():
    h = make([teacher("P"), teacher("N", full_time="否")], [post("P", "P1", "2000-09-01"),
                                                          post("N", "S1", "2000-09-01")])
    assert _eligible(h) == {"P": False, "N": False}
    assert _eligible(h, public_only=False)["P"] is True


def _quota_county():
    """S1: ten eligible teachers (E0–E9), E0 (backbone) exchanged to S2 on 2024-08-20.
    S2: five eligible, none exchanged. Moves on the window's edges belong to other years; 跟岗 never counts."""
    teachers = [teacher(f"E{i}") for i in range(10)] + [teacher(f"F{i}") for i in range(5)]
    posts = [post(f"E{i}", "S1", "2010-09-01", "2024-08-19" if i == 0 else None) for i in range(10)]
    posts += [post("E0", "S2", "2024-08-20", kind="交流轮岗")]
    posts += [post(f"F{i}", "S2", "2012-09-01", "2024-07-30" if i == 0 else
                   ("2025-07-31" if i == 1 else None)) for i in range(5)]
    posts += [post("F0", "S1", "2024-07-31", kind="交流轮岗"),      # 2023 school year
              post("F1", "S1", "2025-08-01", kind="交流轮岗"),      # 2025 school year
              post("F2", "S1", "2024-10-01", "2024-12-31", kind="跟岗")]
    recog = [{"teacher_id": "E0", "kind": "骨干教师", "level": "县级", "start": "2022-09-01", "end": "2025-08-31"}]
    return make(teachers, posts, recognitions=recog)


def test_quota_hand_computed():
    q = quota(_quota_county(), 2024)
    s1, s2 = q.schools["S1"], q.schools["S2"]
    assert (s1.eligible, s1.exchanged, s1.backbone_exchanged) == (10, 1, 1)
    assert s1.rate == pytest.approx(0.10) and s1.backbone_share == 1.0 and s1.passes   # 1/10 exactly at 10 %
    # F0 moved on 2024-07-31 (2023 year): on 2024-08-01 it is at S1 since 7-31 → not eligible; S2 keeps F1–F4
    assert (s2.eligible, s2.exchanged, s2.rate, s2.passes) == (4, 0, 0.0, False)
    assert s2.needed == 1 and s2.backbone_needed == 1
    c = q.county
    assert (c.eligible, c.exchanged, c.backbone_exchanged) == (14, 1, 1)
    assert c.rate == pytest.approx(1 / 14) and not c.passes
    assert q.as_dict()["county"] == {"eligible": 14, "exchanged": 1, "rate": pytest.approx(1 / 14),
                                     "backbone_exchanged": 1, "backbone_share": 1.0, "passes": False}


def test_window_edges_and_direction():
    h = _quota_county()
    assert list(exchanges(h, 2023)["teacher_id"]) == ["F0"]
    assert list(exchanges(h, 2025)["teacher_id"]) == ["F1"]
    mv = exchanges(h, 2024)
    assert list(mv["teacher_id"]) == ["E0"]
    assert mv.loc[0, "from_school_id"] == "S1" and mv.loc[0, "direction"] == "城区→乡村" and mv.loc[0, "eligible"]


@pytest.mark.parametrize("recognition,expected", [
    pytest.param({"kind": "骨干教师", "level": "县级", "start": "2020-01-01", "end": "2024-06-30"}, 0, id="expired"),
    pytest.param({"kind": "骨干教师", "level": "校级", "start": "2020-01-01", "end": None}, 0, id="school-level"),
    pytest.param({"kind": "学科带头人", "level": "市级", "start": "2020-01-01", "end": None}, 1, id="city-leader"),
    pytest.param({"kind": "名班主任", "level": "省级", "start": "2020-01-01", "end": None}, 0, id="not-a-backbone-kind"),
])
def test_backbone_share_counts_valid_county_level_recognitions(recognition, expected):
    teachers = [teacher(f"T{i}") for i in range(4)]
    posts = [post(f"T{i}", "S1", "2010-09-01", "2024-08-31") for i in range(4)]
    posts += [post(f"T{i}", "S2", "2024-09-01", kind="支教") for i in range(4)]
    h = make(teachers, posts, recognitions=[{"teacher_id": "T0", **recognition}])
    line = quota(h, 2024).schools["S1"]
    assert line.exchanged == 4 and line.backbone_exchanged == expected
    assert line.backbone_share == expected / 4
    assert line.passes is (expected == 1)   # 1/4 = 25 % ≥ 20 %


def test_no_eligible_teachers_gives_no_rate():
    h = make([teacher("A")], [post("A", "S1", "2023-09-01")])
    line = quota(h, 2024).schools["S1"]
    assert line.rate is None and line.backbone_share is None and not line.passes
