from __future__ import annotations

import datetime as dt

import pytest

from junheng.ledger.core import (
    Category,
    Severity,
    accept,
    add_evidence,
    age_distribution,
    by_category,
    by_unit,
    count_by_status,
    items_of_unit,
    start,
    submit,
    summary,
)
from tests.ledger.factory import SCHOOL_A, SCHOOL_B, SECTION, T0, hours, item, photo

pytestmark = pytest.mark.core

TODAY = dt.date(2026, 10, 10)


def close(i, submit_day: int):
    i = add_evidence(start(i, hours(1), "a"), photo(hours(2)))
    return accept(submit(i, hours(24 * submit_day), "a"), hours(24 * submit_day + 1), "b")


def ledger():
    """Eight items; counts worked out by hand in the tests below."""
    return [
        item("1", unit=SCHOOL_A, category=Category.SAFETY),                                   # 逾期 (9-30)
        start(item("2", unit=SCHOOL_A, category=Category.SAFETY, deadline=dt.date(2026, 10, 31)), hours(1), "a"),
        close(item("3", unit=SCHOOL_A, category=Category.CONDITIONS), 10),                     # 已销号 on time
        close(item("4", unit=SCHOOL_B, category=Category.CONDITIONS), 35),                     # 已销号, late
        submit(add_evidence(start(item("5", unit=SCHOOL_B, category=Category.TEACHING), hours(1), "a"),
                            photo(hours(2))), hours(3), "a"),                                   # 待验收 (past deadline)
        item("6", unit=SECTION, category=Category.COMPLAINT, deadline=dt.date(2026, 12, 1),
             at=T0 + dt.timedelta(days=35)),                                                    # 待整改, age 4
        item("7", unit=SECTION, category=Category.BALANCE, severity=Severity.SERIOUS,
             deadline=dt.date(2026, 12, 1), at=dt.datetime(2026, 6, 1)),                       # 待整改, age 131
        item("8", unit=SCHOOL_B, category=Category.SAFETY, at=dt.datetime(2026, 9, 2)),        # 逾期, age 38
    ]


def test_count_by_status():
    assert count_by_status(ledger(), TODAY) == {"待整改": 2, "整改中": 1, "待验收": 1, "逾期": 2, "已销号": 2}


def test_by_unit():
    table = by_unit(ledger(), TODAY)
    assert list(table) == ["城关一小", "河口中学", "基教股"]   # most overdue, most items, then name
    assert table["城关一小"] == {"待整改": 0, "整改中": 1, "待验收": 0, "逾期": 1, "已销号": 1, "合计": 3}
    assert table["河口中学"] == {"待整改": 0, "整改中": 0, "待验收": 1, "逾期": 1, "已销号": 1, "合计": 3}
    assert table["基教股"]["待整改"] == 2


def test_by_category_lists_every_category_in_order():
    table = by_category(ledger(), TODAY)
    assert list(table) == ["安全隐患", "办学条件", "教学管理", "师德师风", "均衡短板", "群众投诉", "其他"]
    assert table["安全隐患"]["合计"] == 3 and table["安全隐患"]["逾期"] == 2
    assert table["师德师风"]["合计"] == 0
    assert sum(row["合计"] for row in table.values()) == 8


def test_age_buckets_of_open_items():
    # open items and ages on 10-10: 1:39, 2:39, 5:39, 6:4, 7:131, 8:38
    assert age_distribution(ledger(), TODAY) == {"0–7天": 1, "8–30天": 0, "31–90天": 4, "超过90天": 1}


@pytest.mark.parametrize("age,bucket", [(0, "0–7天"), (7, "0–7天"), (8, "8–30天"), (30, "8–30天"),
                                        (31, "31–90天"), (90, "31–90天"), (91, "超过90天")],
                         ids=lambda v: str(v))
def test_age_bucket_edges(age, bucket):
    i = item(at=dt.datetime(2026, 9, 1), deadline=dt.date(2027, 12, 1))
    counts = age_distribution([i], dt.date(2026, 9, 1) + dt.timedelta(days=age))
    assert counts[bucket] == 1 and sum(counts.values()) == 1


def test_summary():
    s = summary(ledger(), TODAY)
    assert (s.total, s.open, s.closed, s.awaiting_check, s.overdue, s.finished_late) == (8, 6, 2, 1, 2, 1)
    assert s.closure_rate == pytest.approx(2 / 8)
    assert s.overdue_rate == pytest.approx(2 / 6)
    assert s.on_time_rate == pytest.approx(1 / 2)
    assert summary([], TODAY).closure_rate is None


def test_a_school_sees_only_its_items():
    assert [i.item_id for i in items_of_unit(ledger(), SCHOOL_B.unit_id)] == ["4", "5", "8"]
