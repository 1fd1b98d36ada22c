"""Figures 学生健康 publishes to other modules (``junheng.modules.collect_figures``), and per-student risk flags
for the 控辍保学 early warning.

Periods: a school year ``"YYYY"``; a term ``"YYYY-1"``/``"YYYY-2"`` is read as its school year for fitness
(the 2024 school year's test is the autumn term 2024-2 … spring 2025-1). Vision: the latest screening term of
the school year (2025-1, else 2024-2 for ``"2024"``).
"""

from __future__ import annotations

from junheng.figures import Figure
from junheng.health.core import HealthSettings, classify, enrolment_rate, rates
from junheng.health.core import risk_flags as _risk_flags
from junheng.health.store import queries

FIGURES: dict[str, str] = {
    "health.fitness_pass_rate": "体质健康测试及格率（学年总分 60 分及以上人数 / 成绩完整的测试人数）",
    "health.fitness_excellent_rate": "体质健康测试优秀率（学年总分 90 分及以上人数 / 成绩完整的测试人数）",
    "health.poor_vision_rate": "视力不良率（任一眼裸眼视力低于 5.0 的人数 / 筛查人数）",
    "health.disabled_enrolment_rate": "残疾儿童少年入学率（随班就读 + 送教上门 + 特教学校 / 登记适龄残疾儿童少年）",
}
SOURCE = "学生健康"


def school_year(period: str) -> str:
    """``"2024"`` → ``"2024"``; ``"2024-2"`` → ``"2024"``; ``"2025-1"`` (spring) → ``"2024"``."""
    if len(period) == 6 and period[4] == "-":
        year = int(period[:4])
        return str(year - 1) if period[5] == "1" else str(year)
    return period


def _vision_term(session, year: str) -> str | None:
    terms = set(queries.vision_terms(session))
    for t in (f"{int(year) + 1}-1", f"{year}-2"):
        if t in terms:
            return t
    return None


def figures(session, period: str, keys: set[str] | None = None) -> list[Figure]:
    year = school_year(period)
    want = set(FIGURES) if keys is None else set(keys) & set(FIGURES)
    out: list[Figure] = []
    if want & {"health.fitness_pass_rate", "health.fitness_excellent_rate"}:
        df = queries.fitness(session, year)
        if not df.empty:
            for r in rates(df, ["school_id"]).to_dict("records"):
                n = int(r["n"])
                if "health.fitness_pass_rate" in want:
                    out.append(Figure("health.fitness_pass_rate", r["school_id"], year, float(r["pass_rate"]), "",
                                      SOURCE, f"及格及以上 {int(r['passed'])} 人 ÷ 测试 {n} 人"))
                if "health.fitness_excellent_rate" in want:
                    out.append(Figure("health.fitness_excellent_rate", r["school_id"], year,
                                      float(r["excellent_rate"]), "", SOURCE, f"优秀 {int(r['excellent'])} 人 ÷ 测试 {n} 人"))
    if "health.poor_vision_rate" in want and (term := _vision_term(session, year)):
        from junheng.health.core import vision_rates

        v = vision_rates(classify(queries.vision(session, term)), ["school_id"])
        for r in v.to_dict("records"):
            out.append(Figure("health.poor_vision_rate", r["school_id"], year, float(r["poor_rate"]), "", SOURCE,
                              f"{term} 视力不良 {int(r['poor'])} 人 ÷ 筛查 {int(r['screened'])} 人"))
    if "health.disabled_enrolment_rate" in want:
        reg = queries.special_ed(session, year)
        if not reg.empty:
            e = enrolment_rate(reg)
            out.append(Figure("health.disabled_enrolment_rate", None, year, e["value"], "", SOURCE, e["arithmetic"]))
    return out


def risk_flags(session, period: str, settings: HealthSettings | None = None) -> dict[str, list[str]]:
    """{学籍号: [因素]} — 体质测试不及格 (学年总分 below the setting) and 心理测评高风险, each only when its
    setting is on (``HealthSettings.risk_fitness_fail`` / ``risk_psych_high``)."""
    year = school_year(period)
    return _risk_flags(queries.fitness(session, year), queries.psych(session, year), settings)


def home_tiles(session, viewer) -> list:
    """The home page's tile (``junheng.home``): open and overdue psychological follow-up cases, counts only, for
    the roles with the health permission."""
    from junheng.health.store.home import tiles

    return tiles(session, viewer)
