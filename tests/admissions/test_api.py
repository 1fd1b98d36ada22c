"""The published figures: seats, applicants and projected class size per school section, with arithmetic."""

from __future__ import annotations

from junheng.admissions.api import FIGURES, figures
from junheng.modules import collect_figures, figure_catalogue


def test_figures_per_school_section(loaded):
    with loaded.db.transaction() as s:
        got = {(f.key, f.school): f for f in figures(s, "2025", None)}
        assert got[("admissions.seats", "2133010001|小学")].value == 20
        applicants = got[("admissions.applicants", "2133010001|小学")]
        assert applicants.value == 35 + 1     # 35 zoned to it, and the too-young child counts until refused
        size = got[("admissions.projected_class_size", "2133010001|小学")]
        assert size.value == 36.0 and size.arithmetic == "36 ÷ 1 个班"
        assert got[("admissions.applicants", "2133010009|小学")].value == 3
        assert figures(s, "2024", None) == [] and figures(s, "2025-1", None) == []
        only = figures(s, "2025", {"admissions.seats"})
        assert {f.key for f in only} == {"admissions.seats"}
        assert {f.key for f in collect_figures(s, "2025", set(FIGURES))} == set(FIGURES)
    assert set(FIGURES) <= set(figure_catalogue())


def test_home_tile_counts_applications_waiting_for_the_bureau(loaded):
    import datetime as dt

    from sqlalchemy import select

    from junheng.accounts import Scope
    from junheng.admissions.store import decisions
    from junheng.admissions.store.models import AdmissionsApplication
    from junheng.home import Viewer
    from junheng.modules import home_tiles

    def tile(role):
        viewer = Viewer(Scope(role), dt.date(2025, 6, 1))
        with loaded.db.transaction() as s:
            return [t for t in home_tiles(s, viewer) if t.module == "admissions"]

    assert tile("school_clerk") == [] and tile("township_official") == []
    (queue,) = tile("bureau_staff")
    assert queue.value == 40 and queue.status == "warn" and queue.link == "/admissions/applications?year=2025"
    assert queue.detail == "共 40 份报名；待审核 40 份，申诉中 0 份"
    with loaded.db.transaction() as s:
        first = s.scalars(select(AdmissionsApplication).order_by(AdmissionsApplication.id)).first()
        decisions.decide(s, first, False, "材料不全", "staff")
    (queue,) = tile("leader")
    assert queue.value == 39 and "待审核 39 份" in queue.detail
    with loaded.db.transaction() as s:
        first = s.scalars(select(AdmissionsApplication).order_by(AdmissionsApplication.id)).first()
        decisions.appeal(s, first, "有房产证明", "parent")
    (queue,) = tile("bureau_staff")
    assert queue.value == 40 and queue.lines[0].text == "申诉中 1 份" and "status=%E7%94%B3" in queue.lines[0].link
