from __future__ import annotations

import pytest

from junheng.admissions.core import (
    AdmissionSettings,
    Graduate,
    SchoolDemand,
    assign_juniors,
    class_shares,
    county_shares,
    even_split,
)

pytestmark = pytest.mark.core
S = AdmissionSettings()


@pytest.mark.parametrize(("sizes", "limit", "expected"), [
    pytest.param([45, 46, 55, 56, 65, 66], 45, (6, 5, 3, 1), id="primary-boundaries"),
    pytest.param([50, 51, 55, 56], 50, (4, 3, 1, 0), id="junior-boundaries"),
    pytest.param([], 45, (0, 0, 0, 0), id="no-classes"),
])
def test_class_shares_count_strictly_more_than(sizes, limit, expected):
    s = class_shares(sizes, limit, S)
    assert (s.classes, s.over_limit, s.large, s.huge) == expected


def test_even_split_sums_and_differs_by_at_most_one():
    for n in range(0, 200, 7):
        for c in range(1, 6):
            parts = even_split(n, c)
            assert sum(parts) == n and max(parts) - min(parts) <= 1


def test_demand_before_and_after():
    d = SchoolDemand("S", "一小", "小学", 2, 45, 90, applicants=120, admitted=90, current_sizes=(58, 44, 47))
    assert d.projected_class_size == 60 and d.shortfall == 30
    assert d.if_all_taken(S).large == 2 and d.after(S).over_limit == 0
    assert d.now(S).over_limit_share == pytest.approx(2 / 3) and d.now(S).large == 1
    c = county_shares([d, d], S, "now")
    assert (c.classes, c.over_limit) == (6, 4)


def test_junior_assignment_and_exceptions():
    grads = [Graduate("s2", "乙", "P2"), Graduate("s1", "甲", "P1"), Graduate("s3", "丙", "P3")]
    out = assign_juniors(grads, {"P1": "J1", "P2": "J9"}, {"J1": "城关中学"})
    assert [(a.student_id, a.junior_school) for a in out] == [("s1", "J1"), ("s2", None), ("s3", None)]
    assert "不在本年度招生计划" in out[1].reason and "没有对口初中" in out[2].reason
