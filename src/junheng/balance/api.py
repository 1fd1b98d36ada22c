"""What the balance module offers other modules: the current shortfall list (the ledger's 整改 items) and,
per school year, each section's result."""

from __future__ import annotations

from junheng.balance.store.queries import current_shortfalls

FIGURES = {
    "balance.indicators_met": "资源配置七项指标达标项数（0–7，按学校学部）",
    "balance.section_passes": "学部资源配置是否达标（1 达标 / 0 未达标：至少六项达标且余项不低于 85%）",
}

__all__ = ["FIGURES", "current_shortfalls", "figures", "home_tiles"]


def figures(session, period: str, keys: set[str] | None = None) -> list:
    """Per school section (``"<学校标识码>|<学部>"``) for the school year ``period`` (优质均衡 2017)."""
    from junheng.balance.store.queries import NoData, county_assessment
    from junheng.figures import Figure

    wanted = set(FIGURES) if keys is None else set(FIGURES) & set(keys)
    if not wanted or not str(period).isdigit():
        return []
    try:
        assessment = county_assessment(session, int(period)).assessment
    except NoData:
        return []
    out = []
    for s in assessment.sections():
        met = [r.key for r in s.indicators.values() if r.met]
        unit = f"{s.school_id}|{s.stage}"
        if "balance.indicators_met" in wanted:
            out.append(Figure("balance.indicators_met", unit, str(period), float(len(met)), "项", "优质均衡评估",
                              f"{s.school_name}{s.stage}达标：{'、'.join(met) or '无'}（共 {len(met)} 项）"))
        if "balance.section_passes" in wanted:
            out.append(Figure("balance.section_passes", unit, str(period), 1.0 if s.passes else 0.0, "",
                              "优质均衡评估", f"{s.school_name}{s.stage}{'达标' if s.passes else '未达标'}"))
    return out


def home_tiles(session, viewer) -> list:
    """The home page's tiles (``junheng.home``): the county verdict and failing indicators (cached assessment),
    the school data still to be filled in."""
    from junheng.balance.store.home import tiles

    return tiles(session, viewer)
