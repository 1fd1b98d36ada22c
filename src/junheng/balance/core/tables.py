"""The report tables of an assessment as DataFrames with Chinese headers (for Excel, Word and the pages)."""

from __future__ import annotations

import pandas as pd

from junheng.balance.core.fmt import num
from junheng.balance.core.results import Assessment

VERDICT = {True: "达标", False: "未达标", None: "待定"}


def verdict(x: bool | None) -> str:
    return VERDICT[x if x is None else bool(x)]


def dimension_table(a: Assessment) -> pd.DataFrame:
    rows = [(d.name, verdict(d.passes), d.summary) for d in a.dimensions.values()]
    rows.append(("县域总体结论", verdict(a.passes), "四个方面全部达标方为达标"))
    return pd.DataFrame(rows, columns=["方面", "结论", "说明"])


def section_table(a: Assessment, stage: str | None = None) -> pd.DataFrame:
    """One row per section: every indicator's value (✓/✗ against its threshold), met count, verdict."""
    st = a.standard
    rows = []
    for s in a.sections():
        if stage is not None and s.stage != stage:
            continue
        row = {"学校标识码": s.school_id, "学校名称": s.school_name, "学段": s.stage, "在校生": int(s.students)}
        for ind in st.indicators:
            r = s.indicators[ind.key]
            mark = "" if r.met is None else ("✓" if r.met else ("△" if r.near_met else "✗"))
            row[f"{ind.key} {ind.short_name}（{ind.unit}）"] = f"{num(r.value, 2)}{mark}"
        row["达标项数"] = s.met
        row["结论"] = verdict(s.passes)
        row["说明"] = s.reason
        rows.append(row)
    return pd.DataFrame(rows)


def threshold_table(a: Assessment) -> pd.DataFrame:
    st = a.standard
    rows = [(i.key, i.name, i.unit, *(i.threshold(s) for s in st.stages)) for i in st.indicators]
    return pd.DataFrame(rows, columns=["指标", "名称", "单位", *[f"{s}要求" for s in st.stages]])


def cv_table(a: Assessment) -> pd.DataFrame:
    rows = []
    for s in a.stages.values():
        for k, c in s.cvs.items():
            ind = a.standard.indicator(k)
            rows.append((s.stage, k, ind.name, round(c.mean, 4), round(c.sd, 4), round(c.value, 4),
                         c.limit, verdict(c.passes)))
        if s.composite is not None:
            rows.append((s.stage, "综合", "综合差异系数（八项平均）", None, None, round(s.composite.value, 4),
                         s.composite.limit, verdict(s.composite.passes)))
    return pd.DataFrame(rows, columns=["学段", "指标", "名称", "县域均值 X̄", "加权标准差 S", "差异系数", "限值", "结论"])


def item_table(a: Assessment) -> pd.DataFrame:
    rows = []
    for d in a.dimensions.values():
        for it in d.items:
            kind = {"computed": "数据计算", "input": "县级填报", "judgement": "评议"}[it.kind]
            fails = "；".join(f"{f.school_name or ''}{('（' + f.stage + '）') if f.stage else ''}{f.text}"
                             for f in it.failures[:20])
            rows.append((d.name, it.key, it.name, kind, verdict(it.passes), it.detail, fails,
                         "；".join(it.evidence)))
    return pd.DataFrame(rows, columns=["方面", "条目", "内容", "方式", "结论", "情况", "未达标学校", "佐证材料"])


def shortfall_table(items) -> pd.DataFrame:
    rows = [(s.school_id, s.school_name, s.stage, s.key, s.indicator, round(s.value, 4), s.threshold, s.amount,
             s.unit, s.amount_to_near, "是" if s.blocking else "否", s.text) for s in items]
    return pd.DataFrame(rows, columns=["学校标识码", "学校名称", "学段", "指标", "名称", "现值", "要求", "缺口",
                                       "单位", "达到85%所需", "影响学部达标", "短板"])


def driver_table(drivers) -> pd.DataFrame:
    rows = []
    for d in drivers:
        for c in d.contributions[:10]:
            rows.append((d.stage, d.key, round(d.cv, 4), d.limit, c.school_name, int(c.students), round(c.value, 4),
                         round(c.share, 4), None if c.cv_without != c.cv_without else round(c.cv_without, 4)))
    return pd.DataFrame(rows, columns=["学段", "指标", "差异系数", "限值", "学校", "在校生", "数值", "占加权方差比例",
                                       "去掉该校后的差异系数"])


def plan_table(plan) -> pd.DataFrame:
    rows = [(x.school_id, x.school_name, x.stage, x.action, x.amount, x.unit, x.cost, x.text, x.counterpart or "")
            for x in plan.actions]
    return pd.DataFrame(rows, columns=["学校标识码", "学校名称", "学段", "措施", "数量", "单位", "成本（元）", "内容",
                                       "对方学校"])


def result_tables(a: Assessment, *, shortfalls=None, drivers=None, plan=None) -> dict[str, pd.DataFrame]:
    out = {"县域结论": dimension_table(a), "指标要求": threshold_table(a), "学部指标": section_table(a),
           "差异系数": cv_table(a), "其他条目": item_table(a)}
    if shortfalls is not None:
        out["短板清单"] = shortfall_table(shortfalls)
    if drivers:
        out["差异系数成因"] = driver_table(drivers)
    if plan is not None:
        out["优化方案"] = plan_table(plan)
    return out
