"""Building sections from school_year_data: 全校 split with cost weights, who counts, 教学点 (DESIGN §4.1)."""

from __future__ import annotations

import pytest

from junheng.balance.core import build_sections
from junheng.standards import Standard, load_standard
from tests.balance.county import SCHOOLS, school_year_data

pytestmark = pytest.mark.core


def with_teaching_points(mode: str) -> Standard:
    q = load_standard("quality_2017")
    tp = q.sections.teaching_points.model_copy(update={"mode": mode})
    return q.model_copy(update={"sections": q.sections.model_copy(update={"teaching_points": tp})})


def sec(table, sid, stage):
    f = table.sections
    hit = f[(f["school_id"] == sid) & (f["stage"] == stage)]
    assert len(hit) == 1, (sid, stage)
    return hit.iloc[0]


def test_nine_year_school_split_with_1_to_1_1_weights():
    t = build_sections(school_year_data(), schools=SCHOOLS, year=2024)
    p, j = sec(t, "S2", "小学"), sec(t, "S2", "初中")
    # weights 300×1 : 200×1.1 = 300 : 220
    assert p["teaching_room_area"] == pytest.approx(2600 * 300 / 520)
    assert j["teaching_room_area"] == pytest.approx(2600 * 220 / 520)
    assert p["equipment_value"] == pytest.approx(600_000)
    assert j["equipment_value"] == pytest.approx(440_000)
    assert p["sports_area"] == pytest.approx(3000) and j["sports_area"] == pytest.approx(2200)
    assert p["multimedia_rooms"] == pytest.approx(7.5) and j["multimedia_rooms"] == pytest.approx(5.5)
    assert any("300×1" in n and "200×1.1" in n for n in t.notes[("S2", "小学")])


def test_complete_secondary_counts_its_junior_section_with_the_1_32_weight():
    t = build_sections(school_year_data(), schools=SCHOOLS, year=2024)
    j = sec(t, "S4", "初中")
    assert j["equipment_value"] == pytest.approx(780_000 + 594_000 * 330 / 594)
    assert not ((t.sections["school_id"] == "S4") & (t.sections["stage"] == "高中")).any()


def test_special_education_is_left_out():
    t = build_sections(school_year_data(), schools=SCHOOLS, year=2024)
    assert "S5" not in set(t.sections["school_id"])
    assert any(s == "S5" for s, _ in t.excluded)
    assert "S5" in set(t.schools["school_id"])  # still there for the public-funds item


@pytest.mark.parametrize(("mode", "s1_students", "has_s6"), [
    pytest.param("merge", 440, False, id="merge-into-central"),
    pytest.param("exclude_below", 400, False, id="below-50-left-out"),
    pytest.param("standalone", 400, True, id="standalone"),
])
def test_teaching_point_setting(mode, s1_students, has_s6):
    t = build_sections(school_year_data(), with_teaching_points(mode), schools=SCHOOLS, year=2024)
    assert sec(t, "S1", "小学")["students"] == s1_students
    assert ("S6" in set(t.sections["school_id"])) is has_s6


def test_merge_adds_the_teaching_point_resources():
    t = build_sections(school_year_data(), schools=SCHOOLS, year=2024)
    s1 = sec(t, "S1", "小学")
    assert s1["teachers_above_required"] == 20
    assert s1["sports_area"] == pytest.approx(200 + 3000 + 200)
    assert s1["equipment_value"] == pytest.approx(920_000)
    assert any("后山教学点" in n for n in t.notes[("S1", "小学")])


def test_kind_inferred_without_registry():
    t = build_sections(school_year_data(), year=2024)
    assert set(t.sections.loc[t.sections["school_id"] == "S2", "stage"]) == {"小学", "初中"}
    assert sec(t, "S2", "小学")["kind"] == "九年一贯制"
    assert sec(t, "S4", "初中")["kind"] == "完全中学"


def test_year_filter():
    data = school_year_data()
    old = data.copy()
    old["year"] = 2023
    old["students"] = old["students"] * 2
    import pandas as pd

    t = build_sections(pd.concat([data, old]), schools=SCHOOLS, year=2024)
    assert sec(t, "S3", "初中")["students"] == 500
