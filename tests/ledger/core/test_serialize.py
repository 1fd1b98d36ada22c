from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from junheng.ledger.core import (
    IndicatorLink,
    add_evidence,
    extend_deadline,
    item_from_dict,
    item_to_dict,
    reject,
    start,
    submit,
)
from tests.ledger.factory import hours, item, photo

pytestmark = pytest.mark.core


def test_round_trip_through_json():
    i = add_evidence(start(item(), hours(1), "李"), photo(hours(2)))
    i = reject(submit(i, hours(3), "李"), hours(4), "王", "不清楚")
    i = extend_deadline(i, dt.date(2026, 10, 20), hours(5), "王", "补材料")
    i = dataclasses.replace(i, indicator=IndicatorLink("1", "甲", "小学", "R1", "指标", "差 1", True, hours(6), 1.5, 1.0))
    data = json.loads(json.dumps(item_to_dict(i), ensure_ascii=False))
    assert item_from_dict(data) == i
