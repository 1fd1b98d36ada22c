"""The figures the ledger publishes for other modules (junheng.ledger.api): open and overdue items per school."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.ledger import api
from junheng.ledger.store import service
from tests.ledger.store.test_service import SCHOOL_1, SCHOOL_2, T0, new

pytestmark = pytest.mark.db


def test_open_and_overdue_items_per_school(web_deployment):
    today = dt.date.today()
    with web_deployment.db.transaction() as s:
        late = service.create(s, new(unit=SCHOOL_1, deadline=today - dt.timedelta(days=3)), "staff", at=T0)
        service.create(s, new(unit=SCHOOL_1, deadline=today + dt.timedelta(days=30)), "staff", at=T0)
        service.create(s, new(unit=SCHOOL_2, deadline=today + dt.timedelta(days=30)), "staff", at=T0)
        found = {(f.key, f.school): f for f in api.figures(s, "2024-2", None)}
    assert found[("ledger.open_items", SCHOOL_1)].value == 2
    assert found[("ledger.overdue_items", SCHOOL_1)].value == 1
    assert found[("ledger.overdue_items", SCHOOL_1)].detail == (late.item_no,)
    assert found[("ledger.open_items", SCHOOL_2)].value == 1
    assert found[("ledger.overdue_items", SCHOOL_2)].value == 0


def test_only_the_asked_keys(web_deployment):
    with web_deployment.db.transaction() as s:
        service.create(s, new(), "staff", at=T0)
        assert {f.key for f in api.figures(s, "2024-2", {"ledger.open_items"})} == {"ledger.open_items"}
        assert api.figures(s, "2024-2", {"scores.pass_rate"}) == []
