"""Computed items of 政府保障程度 / 教育质量, each against hand-worked figures."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.balance.core import CountyInputs, assess_county, checklist_entries
from junheng.standards import load_standard

pytestmark = pytest.mark.core

SCHOOLS = pd.DataFrame([
    {"school_id": "V", "name": "村小", "kind": "小学", "location": "乡村"},
    {"school_id": "C", "name": "城区小学", "kind": "小学", "location": "城区"},
    {"school_id": "N", "name": "九年一贯制", "kind": "九年一贯制", "location": "镇区"},
    {"school_id": "E", "name": "特教学校", "kind": "特殊教育学校", "location": "城区"},
])


def data(**over) -> pd.DataFrame:
    rows = [
        {"school_id": "V", "section": "小学", "students": 60, "classes": 6, "public_funds": 72_000},
        {"school_id": "C", "section": "小学", "students": 1800, "classes": 40, "public_funds": 1_296_000},
        {"school_id": "N", "section": "小学", "students": 1200, "classes": 27, "public_funds": 864_000},
        {"school_id": "N", "section": "初中", "students": 1250, "classes": 26, "public_funds": 1_175_000},
        {"school_id": "E", "section": "小学", "students": 50, "classes": 6, "public_funds": 300_000},
    ]
    df = pd.DataFrame(rows)
    base = {"teachers_above_required": 1, "backbone_teachers": 1, "pe_arts_teachers": 1, "teaching_room_area": 1,
            "gym_area": 0, "sports_ground_area": 1, "equipment_value": 1, "multimedia_rooms": 1,
            "music_rooms": 1, "art_rooms": 1, "music_room_area_min": 96, "art_room_area_min": 90,
            "training_funds": 1, "max_class_size": 45}
    for k, v in {**base, **over}.items():
        df[k] = v
    return df


def item(a, key):
    return next(i for d in a.dimensions.values() for i in d.items if i.key == key)


def run(df, county=None):
    return assess_county(df, schools=SCHOOLS, year=None, county=county)


def test_public_funds_floor_with_the_under_100_rule():
    # V: village primary, 60 pupils → funded as 100 × 720 = 72,000 (exactly met); E: 50 × 6000 = 300,000
    assert item(run(data()), "G6").passes is True
    df = data()
    df.loc[df["school_id"] == "V", "public_funds"] = 60 * 720  # per pupil, not per 100: too little
    g6 = item(run(df), "G6")
    assert g6.passes is False and [f.school_id for f in g6.failures] == ["V"]
    df = data()
    df.loc[df["school_id"] == "E", "public_funds"] = 299_999
    assert [f.school_id for f in item(run(df), "G6").failures] == ["E"]


def test_music_and_art_rooms_per_12_classes():
    g3 = item(run(data()), "G3")
    # C: 40 classes → 4 rooms of each kind needed; N: 53 compulsory classes → 5; V: 6 → 1
    assert g3.passes is False
    assert sorted(f.school_id for f in g3.failures) == ["C", "N"]
    assert "音乐专用教室需 4 间，现有 1 间" in next(f.text for f in g3.failures if f.school_id == "C")
    df = data(music_room_area_min=95)
    df["music_rooms"] = df["art_rooms"] = [1, 4, 5, 5, 1]
    g3 = item(run(df), "G3")
    assert g3.passes is False and all("< 96 ㎡" in f.text for f in g3.failures)


def test_school_size_limits():
    g4 = item(run(data()), "G4")
    # N: 2450 compulsory pupils ≤ 2500 (九年一贯制); C: 1800 ≤ 2000
    assert g4.passes is True
    df = data()
    df.loc[df["school_id"] == "C", "students"] = 2001
    assert [f.school_id for f in item(run(df), "G4").failures] == ["C"]


def test_class_size_and_missing_data():
    assert item(run(data()), "G5").passes is True
    assert item(run(data(max_class_size=46)), "G5").passes is False  # 46 > 45 in 小学
    df = data()
    df.loc[df["section"] == "初中", "max_class_size"] = 50
    assert item(run(df), "G5").passes is True  # 初中 limit is 50
    df = data().drop(columns="max_class_size")
    assert item(run(df), "G5").passes is None


@pytest.mark.parametrize(("eligible", "exchanged", "backbone", "passes"), [
    pytest.param(100, 10, 2, True, id="10pc-and-20pc"),
    pytest.param(100, 9, 2, False, id="below-10pc"),
    pytest.param(100, 10, 1, False, id="backbone-below-20pc"),
])
def test_teacher_exchange(eligible, exchanged, backbone, passes):
    df = data()
    df["exchange_eligible_teachers"] = [eligible, 0, 0, 0, 0]
    df["exchanged_teachers"] = [exchanged, 0, 0, 0, 0]
    df["exchanged_backbone_teachers"] = [backbone, 0, 0, 0, 0]
    assert item(run(df), "G10").passes is passes


def test_training_funds_5pc_and_certificates():
    df = data()
    df["training_funds"] = df["public_funds"] * 0.05
    assert item(run(df), "Q4").passes is True
    df.loc[0, "training_funds"] = df.loc[0, "public_funds"] * 0.0499
    assert [f.school_id for f in item(run(df), "Q4").failures] == ["V"]
    df["full_time_teachers"], df["certified_teachers"] = 10, [10, 10, 10, 9, 10]
    g11 = item(run(df), "G11")
    assert g11.passes is False and g11.value == pytest.approx(49 / 50)


def test_county_inputs_and_checklist():
    a = run(data(), CountyInputs(survey_satisfaction=0.85, quota_allocation_rate=0.49))
    assert item(a, "S1").passes is True and item(a, "G13").passes is False and item(a, "G15").passes is None
    entries = checklist_entries(load_standard("quality_2017"))
    assert [e.key for e in entries] == ["G1", "G2", "G9", "G14", "Q3", "Q5", "Q6", "Q7", "Q8"]
    assert all(e.judgement.judgement is None for e in entries)
