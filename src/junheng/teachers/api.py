"""Figures the teachers module publishes (per school section and school year), read by balance through
``junheng.modules.collect_figures``. Each figure lists the teachers behind it (``detail``: "工号 姓名") and its
arithmetic. A year has figures only when the histories reach it (some post covers its reference day and some
record is dated on or after the year's first day); otherwise nothing is returned and balance keeps its typed
columns."""

from __future__ import annotations

import re

from junheng.figures import Figure
from junheng.teachers.core.figures import SCHOOL_KEYS, SECTION_KEYS

FIGURES: dict[str, str] = {
    **{f"teachers.{k}": f"{v}（每学部，学年）" for k, v in SECTION_KEYS.items()},
    **{f"teachers.{k}": f"{v}（每校，学年，0–1）" for k, v in SCHOOL_KEYS.items()},
}
SOURCE = "教师队伍：教师任职、职称、骨干认定、培训学时与交流轮岗记录"


def figures(session, period: str, keys: set[str] | None = None) -> list[Figure]:
    if not re.fullmatch(r"\d{4}", str(period)):
        return []
    wanted = set(FIGURES) if keys is None else set(keys) & set(FIGURES)
    if not wanted:
        return []
    from junheng.teachers.core.figures import year_counts
    from junheng.teachers.store.queries import has_records, latest_record, load_history, settings

    year = int(period)
    if not has_records(session):
        return []
    st = settings(session)
    latest = latest_record(session)
    if latest is None or latest < st.year_window(year)[0].isoformat():
        return []
    out = []
    for c in year_counts(load_history(session), year, st):
        key = f"teachers.{c.key}"
        if key in wanted:
            out.append(Figure(key, c.school, period, c.value, c.unit, SOURCE, c.arithmetic, c.detail))
    return out


def home_tiles(session, viewer) -> list:
    """The home page's tiles (``junheng.home``): the year's 交流轮岗 against its quota (county, or one's school)."""
    from junheng.teachers.store.home import tiles

    return tiles(session, viewer)
