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
