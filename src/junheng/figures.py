"""A figure one module publishes for others (per school or county, per period), with its provenance.

Pure: modules exchange these through ``junheng.modules.collect_figures`` and never read each other's tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """``value`` None means the figure is missing (never read it as 0).

    ``period`` is a school year (``"2024"`` = 2024–2025 学年) or a term (``"2024-1"``), as the key documents.
    ``arithmetic`` is the calculation in words and numbers, ``detail`` the rows behind it (e.g. teacher names)."""

    key: str
    school: str | None
    period: str
    value: float | None
    unit: str = ""
    source: str = ""
    arithmetic: str = ""
    detail: tuple[str, ...] = field(default=())
