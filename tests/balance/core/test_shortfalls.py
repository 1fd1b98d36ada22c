"""短板清单 in absolute terms, and the sections that pull a CV over its limit."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.balance.core import assess
from junheng.balance.core.shortfalls import cv_drivers, round_up, shortfalls

pytestmark = pytest.mark.core


def junior(**over) -> dict:
    row = {"school_id": "J1", "school_name": "一中", "stage": "初中", "students": 500,
           "teachers_above_required": 24, "backbone_teachers": 6, "pe_arts_teachers": 5,
           "teaching_room_area": 2480, "sports_area": 5200, "equipment_value": 1_064_000, "multimedia_rooms": 10}
    row.update(over)
    return row


@pytest.mark.parametrize(("key", "text", "amount"), [
    pytest.param("L1", "需增加本科及以上学历专任教师 3 人", 3, id="teachers-26.5-needed-24-have"),
    pytest.param("L4", "需增加教学及辅助用房 420 ㎡", 420, id="area"),
    pytest.param("L6", "需增加教学仪器设备值 18.6 万元", 18.6, id="equipment-wan"),
    pytest.param("L7", "需增加网络多媒体教室 2 间", 2, id="rooms"),
])
def test_examples_of_the_issue(key, text, amount):
    items = {s.key: s for s in shortfalls(assess(pd.DataFrame([junior()])))}
    assert items[key].text == text
    assert items[key].amount == pytest.approx(amount)
    assert items[key].blocking  # 4 of 7 unmet: the section fails


def test_met_indicators_have_no_shortfall():
    items = shortfalls(assess(pd.DataFrame([junior()])))
    assert {s.key for s in items} == {"L1", "L4", "L6", "L7"}


def test_float_dust_does_not_add_a_teacher():
    row = junior(stage="小学", teachers_above_required=20, teaching_room_area=2250, equipment_value=1_000_000,
                 multimedia_rooms=12)
    items = {s.key: s for s in shortfalls(assess(pd.DataFrame([row])))}
    assert items["L1"].amount == 1  # 4.2 × 500 / 100 = 21.000000000000004 → 1 more, not 2
    assert "专科及以上学历专任教师 1 人" in items["L1"].text
    row["teachers_above_required"] = 21
    assert "L1" not in {s.key for s in shortfalls(assess(pd.DataFrame([row])))}


@pytest.mark.parametrize(("x", "step", "expected"), [
    pytest.param(18.5001, 0.1, 18.6, id="up-to-0.1"),
    pytest.param(18.6, 0.1, 18.6, id="exact-0.1"),
    pytest.param(0.2, 1, 1, id="part-room"),
    pytest.param(-3, 1, 0, id="negative"),
])
def test_round_up(x, step, expected):
    assert round_up(x, step) == pytest.approx(expected)


def test_amount_to_85pc():
    items = {s.key: s for s in shortfalls(assess(pd.DataFrame([junior()])))}
    # 85% of 26.5 = 22.525 → already 24: nothing needed to reach 85%
    assert items["L1"].amount_to_near == 0


def primary(i, rooms, students=100):
    return {"school_id": f"P{i}", "school_name": f"小学{i}", "stage": "小学", "students": students,
            "teachers_above_required": 5, "backbone_teachers": 1, "pe_arts_teachers": 1,
            "teaching_room_area": 5 * students, "sports_area": 8 * students, "equipment_value": 2100 * students,
            "multimedia_rooms": rooms}


def test_cv_drivers_name_the_outlier_and_the_fix():
    a = assess(pd.DataFrame([primary(1, 3), primary(2, 3), primary(3, 3), primary(4, 14)]))
    drivers = cv_drivers(a)
    assert [(d.stage, d.key) for d in drivers] == [("小学", "L7")]
    d = drivers[0]
    assert d.cv > 0.5
    assert d.contributions[0].school_id == "P4"  # the largest share of the weighted variance
    assert sum(c.share for c in d.contributions) == pytest.approx(1.0)
    assert d.contributions[0].cv_without < 0.5
    assert d.cv_after is not None and d.cv_after <= 0.5
    assert {r.school_id for r in d.raised} == {"P1", "P2", "P3"}
    assert all(r.text.startswith("需增加网络多媒体教室") for r in d.raised)
