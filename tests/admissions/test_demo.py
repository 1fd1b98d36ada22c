"""The demo county's admissions: 1,200 applications, a few not eligible, exactly one oversubscribed school,
a 多校划片 zone and one deliberate gap in the zone table; the same seed gives the same files."""

from __future__ import annotations

from collections import Counter

import pytest

from junheng.admissions.core import AdmissionSettings, candidates_from, plan, review_all
from junheng.admissions.readers.workbooks import read_applications, read_seats, read_zones

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    from junheng.demo.admissions import FILES, build_admissions, write_admissions_files
    from junheng.demo.base import rng_for
    from junheng.demo.excel import normalise_xlsx
    from junheng.demo.registry import build_registry

    reg = build_registry(2024)
    out = []
    for n in range(2):
        folder = tmp_path_factory.mktemp(f"adm{n}")
        demo = build_admissions(reg.schools, reg.layout.villages, reg.classes, reg.layout.host_villages,
                                rng_for(2024, "admissions"))
        write_admissions_files(demo, folder)
        for name in FILES.values():
            normalise_xlsx(folder / name)
        out.append({k: folder / name for k, name in FILES.items()})
    return out


def test_same_seed_same_files(demo_files):
    a, b = demo_files
    assert all(a[k].read_bytes() == b[k].read_bytes() for k in a)


def test_demo_intake(demo_files):
    f = demo_files[0]
    zones = read_zones(f["zones"])
    places = read_seats(f["places"])
    apps = read_applications(f["applications"], known_schools=set(places)).applications
    assert len(apps) == 1200
    reviews = review_all(apps, zones.table, places, AdmissionSettings(year=2025))
    assert sum(not r.eligible for r in reviews) == 8
    cands, bad = candidates_from(reviews, places, {a.application_no: a.sibling_group for a in apps})
    p = plan(cands, places, bad)
    assert [sid for sid, s in p.schools.items() if s.to_lottery] == ["3139021001"]
    assert Counter(a.sibling_group for a in apps if a.sibling_group) == {"双胞胎1": 2, "双胞胎2": 2}
    assert [z.mode for z in zones.table.zones].count("多校划片") == 1
    assert [i.message for i in zones.table.check(zones.all_units)] == ["小学：新华路100号 没有划入任何片区"]
    assert zones.table.feeders["3139021001"] == "3139021008" and "3139021012" not in zones.table.feeders
