"""Review of a whole intake: every application by the rules, and a second application for a child already
applied for is not eligible (the first, in the given order, stands)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from junheng.admissions.core.model import Application, Check, Review, SchoolPlaces
from junheng.admissions.core.review import review
from junheng.admissions.core.settings import AdmissionSettings
from junheng.admissions.core.tiers import Tier
from junheng.admissions.core.zones import ZoneTable


def review_all(apps: Iterable[Application], zones: ZoneTable, places: Mapping[str, SchoolPlaces],
               settings: AdmissionSettings | None = None, tiers: tuple[Tier, ...] | None = None) -> list[Review]:
    first: dict[str, str] = {}
    out: list[Review] = []
    for app in apps:
        r = review(app, zones, places, settings, tiers)
        earlier = first.setdefault(app.child_key, app.application_no)
        if earlier != app.application_no:
            r = replace(r, eligible=False, checks=(*r.checks, Check("重复报名", False, f"同一儿童已有报名 {earlier}")))
        out.append(r)
    return out
