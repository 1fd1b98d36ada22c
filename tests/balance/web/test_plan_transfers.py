"""The plan page hands its teacher transfers to the teacher module's exchange proposal as JSON."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from junheng.balance.core.plan_solution import PlanAction
from junheng.balance.web.plan import plan_transfers

pytestmark = pytest.mark.core
STAFF = SimpleNamespace(role="bureau_staff")


def action(kind, amount, counterpart=None):
    return PlanAction("2133010002", "乙小学", "小学", kind, amount, "人", 0.0, f"{kind} {amount}", counterpart)


def test_only_whole_transfers_in_with_their_donor():
    plan = SimpleNamespace(actions=[action("transfer_in", 2.0, "2133010001"), action("transfer_out", 2.0,
                                    "2133010002"), action("hire", 1.0), action("transfer_in", 0.2, "2133010003")])
    rows = json.loads(plan_transfers(plan, STAFF))
    assert rows == [{"from": "2133010001", "to": "2133010002", "stage": "小学", "count": 2,
                     "reason": "transfer_in 2.0"}]


def test_nothing_for_readers_or_plans_without_transfers():
    plan = SimpleNamespace(actions=[action("transfer_in", 1.0, "2133010001")])
    assert plan_transfers(plan, SimpleNamespace(role="leader")) == ""
    assert plan_transfers(SimpleNamespace(actions=[action("hire", 3.0)]), STAFF) == ""
    assert plan_transfers(None, STAFF) == ""
