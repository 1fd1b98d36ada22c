"""What 教学质量监测 offers other modules: per school, the results of the term's latest county exam.

The exam of a term (``"YYYY-1"`` spring, ``"YYYY-2"`` autumn) is the newest one dated inside it; its 总分
gives 综合指数 and the three rates, and its value-added is the school effect on the cohort's previous exam."""

from __future__ import annotations

import datetime as dt
import math

FIGURES = {
    "scores.mean_index": "本学期最近一次全县考试的总分综合指数（按学校）",
    "scores.excellent_rate": "本学期最近一次全县考试的总分优秀率（按学校）",
    "scores.pass_rate": "本学期最近一次全县考试的总分及格率（按学校）",
    "scores.low_rate": "本学期最近一次全县考试的总分低分率（按学校）",
    "scores.value_added": "总分增值（学校效应，分；以同一年级上一次考试为前测，样本不足者缺）",
}
RATES = {"scores.mean_index": ("index", "综合指数"), "scores.excellent_rate": ("excellent_rate", "优秀率"),
         "scores.pass_rate": ("pass_rate", "及格率"), "scores.low_rate": ("low_rate", "低分率")}


def term_window(term: str) -> tuple[dt.date, dt.date]:
    """First and last day of a term: spring February–July, autumn September–January.

    >>> term_window("2024-2")
    (datetime.date(2024, 8, 1), datetime.date(2025, 1, 31))
    """
    year, half = (int(x) for x in term.split("-"))
    if half == 1:
        return dt.date(year, 2, 1), dt.date(year, 7, 31)
    return dt.date(year, 8, 1), dt.date(year + 1, 1, 31)


def figures(session, period: str, keys: set[str] | None = None) -> list:
    from junheng.figures import Figure
    from junheng.scores.core.model import TOTAL
    from junheng.scores.store.queries import list_exams, load_exam
    from junheng.scores.store.reporting import default_value_added

    wanted = set(FIGURES) if keys is None else set(FIGURES) & set(keys)
    try:
        first, last = term_window(period)
    except ValueError:
        return []
    exams = [e for e in list_exams(session) if first.isoformat() <= str(e.date)[:10] <= last.isoformat()]
    if not wanted or not exams:
        return []
    info = exams[0]  # newest first
    loaded = load_exam(session, info)
    ids = loaded.school_ids
    source = f"教学质量：{info.name}（{info.date}）总分"
    out = []
    schools = loaded.analysis.level("school", TOTAL)
    for row in schools.itertuples():
        school_id = ids.get(row.school)
        if school_id is None:
            continue
        for key, (column, label) in RATES.items():
            if key in wanted:
                value = getattr(row, column)
                missing = value is None or math.isnan(value)
                out.append(Figure(key, school_id, period, None if missing else float(value), "", source,
                                  f"{row.school}：参考 {row.n} 人，{label} {'—' if missing else f'{value:.4f}'}"))
    if "scores.value_added" in wanted:
        result = default_value_added(session, loaded)
        if result is not None:
            for row in result.schools.itertuples():
                school_id = ids.get(row.school)
                if school_id is None:
                    continue
                valid = row.status == "有效"
                out.append(Figure("scores.value_added", school_id, period, float(row.effect) if valid else None,
                                  "分", f"教学质量：{info.name} 增值评价",
                                  f"学校效应 {row.effect:+.2f} 分（95% 区间 {row.ci_low:+.2f} ～ {row.ci_high:+.2f}，"
                                  f"{row.n} 人）" if valid else f"样本不足（{row.n} 人）"))
    return out


def home_tiles(session, viewer) -> list:
    """The home page's tiles (``junheng.home``): the newest exam's headline and value-added spread (cached
    results only), a school's recently released exams."""
    from junheng.scores.store.home import tiles

    return tiles(session, viewer)
