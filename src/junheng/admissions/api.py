"""Figures admissions publishes (school year "YYYY" = the admission year: children entering in September
YYYY). Per school section (school = "<学校标识码>|小学" or "|初中"), from the year's places and applications:

- ``admissions.seats``: planned classes × class-size limit;
- ``admissions.applicants``: applications whose school (by zone, or chosen 民办 school) is this one, not refused;
- ``admissions.projected_class_size``: applicants ÷ planned classes (the class size if every applicant came).
"""

from __future__ import annotations

from junheng.figures import Figure

FIGURES: dict[str, str] = {
    "admissions.seats": "招生学位数（计划班数 × 班额上限）",
    "admissions.applicants": "报名人数（按学区或所报民办学校，不含审核不通过）",
    "admissions.projected_class_size": "预计班额（报名人数 ÷ 计划班数）",
}


def figures(session, period: str, keys: set[str] | None = None) -> list[Figure]:
    from junheng.admissions.store.queries import demand

    if not (len(period) == 4 and period.isdigit()):
        return []
    year = int(period)
    wanted = set(FIGURES) if keys is None else set(keys) & set(FIGURES)
    out: list[Figure] = []
    for section in ("小学", "初中"):
        for d in demand(session, year, section):
            school = f"{d.school_id}|{section}"
            if "admissions.seats" in wanted:
                out.append(Figure("admissions.seats", school, period, float(d.seats), "个", "招生计划",
                                  f"{d.classes} 个班 × {d.limit} 人 = {d.seats}"))
            if "admissions.applicants" in wanted:
                out.append(Figure("admissions.applicants", school, period, float(d.applicants), "人", "报名审核",
                                  f"报名 {d.applicants} 人（不含审核不通过）"))
            if "admissions.projected_class_size" in wanted:
                size = d.projected_class_size
                out.append(Figure("admissions.projected_class_size", school, period, size, "人/班", "招生计划与报名",
                                  f"{d.applicants} ÷ {d.classes} 个班" if d.classes else "计划班数为 0，无法计算"))
    return out


def home_tiles(session, viewer) -> list:
    """The home page's tile (``junheng.home``): this year's applications to review and appeals, for the bureau."""
    from junheng.admissions.store.home import tiles

    return tiles(session, viewer)
