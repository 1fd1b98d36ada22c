from __future__ import annotations

import datetime as dt

import pytest

from junheng.ledger.core import (
    Action,
    Category,
    Source,
    Status,
    check_indicators,
    items_from_shortfalls,
    start,
)
from tests.ledger.factory import T0

pytestmark = pytest.mark.core

SOURCE = Source("2026年优质均衡自评", dt.date(2026, 9, 1), "督导室")
SHORTFALLS = [
    {"school_id": "3601230001", "school_name": "城关一小", "stage": "小学", "indicator": "R4",
     "indicator_name": "生均教学及辅助用房面积", "gap_text": "3.9 m²，标准 4.5 m²，差 0.6 m²"},
    {"school_id": "3601230002", "school_name": "河口中学", "stage": "初中", "indicator": "R7",
     "indicator_name": "每百名学生拥有网络多媒体教室数", "gap_text": "1.8 间，标准 2.4 间"},
]


def generate(existing=()):
    return items_from_shortfalls(SHORTFALLS, source=SOURCE, deadline=dt.date(2027, 6, 30), at=T0, by="督导室",
                                 person_for={"3601230001": "李校长", "3601230002": "赵校长"}.get,
                                 existing=existing)


def test_one_item_per_shortfall_linked_to_its_indicator():
    items = generate()
    assert [i.item_id for i in items] == ["JH0001", "JH0002"]
    first = items[0]
    assert first.category is Category.BALANCE and first.status is Status.PENDING
    assert first.unit.unit_id == "3601230001" and first.unit.person == "李校长"
    assert first.indicator.key == ("3601230001", "小学", "R4")
    assert "生均教学及辅助用房面积" in first.description and "差 0.6 m²" in first.description


def test_existing_open_items_are_not_duplicated_but_closed_ones_do_not_block():
    items = generate()
    assert generate(existing=items) == []
    closed = [items[0].__class__(**{**items[0].__dict__, "status": Status.CLOSED})]
    assert [i.indicator.indicator for i in generate(existing=closed)] == ["R4", "R7"]


def test_missing_field_is_named():
    with pytest.raises(ValueError, match="第 1 条缺少字段：gap_text"):
        items_from_shortfalls([{k: v for k, v in SHORTFALLS[0].items() if k != "gap_text"}], source=SOURCE,
                              deadline=dt.date(2027, 1, 1), at=T0, by="x")


def test_check_marks_the_indicator_as_passing_and_says_so():
    items = [start(generate()[0], T0 + dt.timedelta(days=1), "李校长"), generate()[1]]
    results = [{"school_id": "3601230001", "stage": "小学", "indicator": "R4", "passed": True,
                "value": 4.8, "threshold": 4.5},
               {"school_id": "3601230002", "stage": "初中", "indicator": "R7", "passed": False}]
    later = dt.datetime(2027, 3, 1)
    checked = check_indicators(items, results, later)
    first, second = checked
    assert first.indicator.passing is True and first.indicator.value == 4.8
    assert first.history[-1].action is Action.CHECK_INDICATOR
    assert "已达标" in first.history[-1].note and "4.8" in first.history[-1].note
    assert first.status is Status.IN_PROGRESS         # closing stays the inspector's decision
    assert second.indicator.passing is False and "仍未达标" in second.history[-1].note
    again = check_indicators(checked, results, later + dt.timedelta(days=1))
    assert [len(i.history) for i in again] == [len(i.history) for i in checked]   # nothing new, nothing recorded


def test_items_without_a_result_are_unchanged():
    items = generate()
    assert check_indicators(items, [], T0) == items
