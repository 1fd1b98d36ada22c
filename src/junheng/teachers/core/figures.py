"""The teacher counts behind 优质均衡 L1–L3, G8, G10, G11 for one school year, per school section, with the
teachers behind each count and the arithmetic (the figures ``junheng.teachers.api`` publishes).

Who counts: full-time teachers (专任教师) whose counting post covers the reference day of the year (默认 9月30日),
in the section of that post. Working definitions are the standard's (``junheng.standards`` quality_2017):
above the required education (小学 专科+, 初中 本科+), backbone (recognised 县级+ on the day), PE and arts
(体育与健康, 音乐, 美术), mid-level titles (正高级, 高级, 一级: the latest title held on the day), certificate.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from junheng.standards import EDUCATION_ORDER, load_standard
from junheng.teachers.core.codes import COMPULSORY
from junheng.teachers.core.exchange import quota
from junheng.teachers.core.history import History, backbone_on, posts_on, title_on
from junheng.teachers.core.settings import TeacherSettings
from junheng.teachers.core.training import training

SECTION_KEYS: dict[str, str] = {
    "full_time_teachers": "专任教师数",
    "teachers_above_required": "高于规定学历专任教师数",
    "backbone_teachers": "县级及以上骨干教师数",
    "pe_arts_teachers": "体育、音乐、美术专任教师数",
    "mid_title_teachers": "中级及以上职称专任教师数",
    "certified_teachers": "持教师资格证专任教师数",
    "training_completed_teachers": "完成5年360学时培训的专任教师数",
    "exchange_eligible_teachers": "符合交流轮岗条件的教师数",
    "exchanged_teachers": "本年交流轮岗教师数",
    "exchanged_backbone_teachers": "其中：交流轮岗骨干教师数",
}
SCHOOL_KEYS: dict[str, str] = {"training_completion_rate": "5年360学时培训完成率",
                               "exchange_rate": "交流轮岗教师比例"}


@dataclass(frozen=True)
class Count:
    key: str            # without the "teachers." prefix
    school: str         # "<学校标识码>|<学段>" or "<学校标识码>"
    value: float | None
    arithmetic: str
    detail: tuple[str, ...]
    unit: str = "人"


def _label(ids, names) -> tuple[str, ...]:
    return tuple(f"{i} {names.get(i, '')}".strip() for i in sorted(ids))


def year_counts(h: History, year: int, settings: TeacherSettings | None = None,
                standard: str = "quality_2017") -> list[Count]:
    """Every section count and school rate of ``year``; empty when no teacher holds a post on its reference day."""
    st = settings or TeacherSettings()
    std = load_standard(standard)
    day = st.reference_date(year)
    on = posts_on(h, day, st)
    on = on[on["section"].isin(COMPULSORY)]
    if on.empty:
        return []
    t = h.teachers.set_index("teacher_id")
    names = t["name"].astype(str).to_dict()
    on = on.assign(full_time=on["teacher_id"].map(t["full_time"]).fillna("是").eq("是").to_numpy())
    ft = on[on["full_time"]].copy()
    rank = {e: i for i, e in enumerate(EDUCATION_ORDER)}
    req = ft["section"].map({k: rank[v] for k, v in std.sections.required_education.items()})
    ft["above"] = (ft["teacher_id"].map(t["education"]).map(rank) >= req).to_numpy()
    ft["backbone"] = ft["teacher_id"].isin(set(backbone_on(h, day, st)["teacher_id"])).to_numpy()
    ft["pe_arts"] = ft["subject"].isin(list(std.sections.pe_arts_subjects)).to_numpy()
    ft["mid"] = ft["teacher_id"].map(title_on(h, day)).isin(list(std.sections.mid_titles)).to_numpy()
    ft["cert"] = ft["teacher_id"].map(t["certificate"]).eq("是").to_numpy()
    tr = training(h, year, st, as_of=st.year_window(year)[1], teacher_ids=ft["teacher_id"])
    done = set(tr.table.loc[tr.table["complete"], "teacher_id"])
    ft["trained"] = ft["teacher_id"].isin(done).to_numpy()
    q = quota(h, year, st)
    el = q.eligible[q.eligible["eligible"]]
    mv = q.moved
    out: list[Count] = []
    sections = sorted(set(zip(on["school_id"], on["section"])))
    flag_keys = {"full_time_teachers": None, "teachers_above_required": "above", "backbone_teachers": "backbone",
                 "pe_arts_teachers": "pe_arts", "mid_title_teachers": "mid", "certified_teachers": "cert",
                 "training_completed_teachers": "trained"}
    groups = {k: g for k, g in ft.groupby(["school_id", "section"])}
    el_groups = {k: g for k, g in el.groupby(["school_id", "section"])}
    mv_groups = {k: g for k, g in mv.groupby(["from_school_id", "section"])}
    empty = ft.iloc[0:0]
    for sid, sec in sections:
        g = groups.get((sid, sec), empty)
        where = f"{sid}|{sec}"
        for key, flag in flag_keys.items():
            ids = g["teacher_id"] if flag is None else g.loc[g[flag], "teacher_id"]
            out.append(Count(key, where, float(len(ids)), _arith(key, len(ids), len(g), day), _label(ids, names)))
        e = el_groups.get((sid, sec), el.iloc[0:0])
        m = mv_groups.get((sid, sec), mv.iloc[0:0])
        win = st.year_window(year)
        out.append(Count("exchange_eligible_teachers", where, float(len(e)),
                         f"{win[0]} 在本校连续任教满 {st.exchange_min_years} 年且距退休不少于 "
                         f"{st.retirement_exclusion_years} 年的专任教师 {len(e)} 人", _label(e["teacher_id"], names)))
        out.append(Count("exchanged_teachers", where, float(len(m)),
                         f"{win[0]}—{win[1]} 由本校交流轮岗出去的教师 {len(m)} 人", _label(m["teacher_id"], names)))
        mb = m[m["backbone"]]
        out.append(Count("exchanged_backbone_teachers", where, float(len(mb)),
                         f"交流时为县级及以上骨干教师 {len(mb)} 人", _label(mb["teacher_id"], names)))
    by_school = ft.groupby("school_id")
    for sid, g in by_school:
        n, k = len(g), int(g["trained"].sum())
        out.append(Count("training_completion_rate", sid, k / n if n else None,
                         f"完成 {k} 人 ÷ 专任教师 {n} 人 = {k / n:.1%}（周期 {tr.cycle[0]}—{tr.cycle[1]}，"
                         f"应修 {st.required_hours:g} 学时）", _label(g.loc[~g["trained"], "teacher_id"], names), ""))
    for sid in sorted({s for s, _ in sections}):
        line = q.schools.get(sid)
        if line is None:
            continue
        out.append(Count("exchange_rate", sid, line.rate, line.arithmetic(),
                         _label(mv.loc[mv["from_school_id"] == sid, "teacher_id"], names), ""))
    return out


def _arith(key: str, k: int, n: int, day) -> str:
    what = SECTION_KEYS[key]
    if key == "full_time_teachers":
        return f"{day} 在本学段任职的专任教师 {n} 人"
    return f"{what}：{k} 人（共 {n} 名专任教师，统计时点 {day}）"


def as_frame(counts: list[Count]) -> pd.DataFrame:
    return pd.DataFrame([{"key": c.key, "school": c.school, "value": c.value} for c in counts])
