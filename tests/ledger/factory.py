"""Small builders for ledger tests."""

from __future__ import annotations

import datetime as dt

from junheng.ledger.core import Category, Evidence, ResponsibleUnit, Severity, Source, UnitKind, create_item

T0 = dt.datetime(2026, 9, 1, 9, 0)
INSPECTION = Source("2026年秋季开学安全检查", dt.date(2026, 9, 1), "督导室 王明")
SCHOOL_A = ResponsibleUnit("3601230001", "城关一小", UnitKind.SCHOOL, "李校长")
SCHOOL_B = ResponsibleUnit("3601230002", "河口中学", UnitKind.SCHOOL, "赵校长")
SECTION = ResponsibleUnit("JJG", "基教股", UnitKind.SECTION, "陈股长")


def item(item_id="ZG0001", *, unit=SCHOOL_A, category=Category.SAFETY, severity=Severity.GENERAL,
         deadline=dt.date(2026, 9, 30), evidence_required="整改前后照片", at=T0):
    return create_item(item_id, source=INSPECTION, category=category, unit=unit,
                       description="消防通道堆放杂物", severity=severity, deadline=deadline,
                       evidence_required=evidence_required, at=at, by="王明")


def photo(at, by="李校长", name="整改后照片.jpg"):
    return Evidence(name, "照片", f"evidence/{name}", at, by)


def hours(n: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)
