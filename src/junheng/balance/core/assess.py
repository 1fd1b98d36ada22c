"""The county assessment: 资源配置 from the sections, the other dimensions from their items (DESIGN §4.1).

``assess(sections, standard)`` is the pure entry point the CLI and the web pages use; it returns an
:class:`~junheng.balance.core.results.Assessment` holding every number with its provenance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.balance.core.columns import label
from junheng.balance.core.indicators import section_results
from junheng.balance.core.inputs import Checklist, CountyInputs, Judgement
from junheng.balance.core.items import COMPUTATIONS, ItemContext
from junheng.balance.core.results import Assessment, DimensionResult, ItemResult, StageResult
from junheng.balance.core.sections import SectionTable, build_sections
from junheng.balance.core.stages import stage_result
from junheng.balance.core.teachers import fill_teacher_columns
from junheng.standards import Standard, load_standard


class AssessmentError(ValueError):
    """The data cannot be assessed (message in Chinese)."""


def _split_lookup(table: SectionTable) -> dict[tuple[str, str], tuple[float, dict[str, float]]]:
    sp = table.splits
    if sp is None or sp.empty:
        return {}
    cols = [c for c in sp.columns if c not in ("school_id", "stage", "share", "students")]
    recs = sp[["school_id", "stage", "share", *cols]].to_dict("records")
    return {(r["school_id"], r["stage"]): (float(r["share"]), {c: float(r[c]) for c in cols}) for r in recs}


def _check_columns(frame: pd.DataFrame, st: Standard) -> None:
    need = ["school_id", "stage", "students", *dict.fromkeys(i.numerator for i in st.indicators)]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise AssessmentError("缺少列：" + "、".join(f"{c}（{label(c)}）" for c in missing))
    bad = frame["students"].isna() | (frame["students"] <= 0)
    if bad.any():
        ids = "、".join(frame.loc[bad, "school_id"].astype(str).head(5))
        raise AssessmentError(f"学生数须大于 0：{ids}")


def _resource_dimension(st: Standard, stages: dict[str, StageResult]) -> DimensionResult:
    dim = st.dimension("resources")
    parts = []
    for s in stages.values():
        failing_sections = sum(not r.passes for r in s.sections)
        failing_cv = [k for k, c in s.cvs.items() if c.passes is False]
        txt = f"{s.stage}：{len(s.sections)} 个学部中 {failing_sections} 个未达标"
        if s.composite is not None:
            txt += f"，综合差异系数 {s.composite.value:.3f}（≤ {s.composite.limit}）"
        else:
            txt += "，差异系数" + ("全部达标" if not failing_cv else f" {'、'.join(failing_cv)} 超限")
        parts.append(txt)
    passes = all(s.passes for s in stages.values())
    return DimensionResult("resources", dim.name if dim else "资源配置", passes, (), "；".join(parts))


def _item_dimension(st: Standard, key: str, ctx: ItemContext, checklist: Checklist) -> DimensionResult | None:
    dim = st.dimension(key)
    if dim is None:
        return None
    items: list[ItemResult] = []
    for it in dim.items:
        j = checklist.get(it.key, Judgement())
        if it.compute is None:
            items.append(ItemResult(it.key, it.name, key, "judgement", j.judgement,
                                    None, j.note or ("待评议" if j.judgement is None else ""), (), j.evidence))
            continue
        fn = COMPUTATIONS.get(it.compute)
        if fn is None:
            raise AssessmentError(f"标准 {st.name} 的条目 {it.key} 使用了未注册的计算：{it.compute}")
        out = fn(ctx, dict(it.params))
        items.append(ItemResult(it.key, it.name, key, out.kind, out.passes, out.value, out.detail,
                                out.failures, j.evidence, out.provenance))
    res = [i.passes for i in items]
    passes = False if False in res else (None if None in res or not res else True)
    summary = (f"{len(items)} 项中 {res.count(True)} 项达标，{res.count(False)} 项未达标，"
               f"{res.count(None)} 项待定")
    return DimensionResult(key, dim.name, passes, tuple(items), summary)


def assess(
    sections: SectionTable | pd.DataFrame,
    standard: str | Standard = "quality_2017",
    *,
    county: CountyInputs | dict | None = None,
    checklist: Checklist | None = None,
) -> Assessment:
    """Assess a county's sections against a standard (every dimension; undecided items are None)."""
    st = load_standard(standard)
    table = sections if isinstance(sections, SectionTable) else SectionTable.from_sections(sections)
    frame = table.sections
    _check_columns(frame, st)
    unknown = sorted(set(frame["stage"]) - set(st.stages))
    if unknown:
        raise AssessmentError(f"未知学段：{'、'.join(map(str, unknown))}（应为 {'、'.join(st.stages)}）")
    if frame.empty:
        raise AssessmentError("没有可评估的学部")
    results = section_results(frame, st, table.notes, _split_lookup(table))
    stage_arr = np.array([r.stage for r in results], dtype=object)
    stages: dict[str, StageResult] = {}
    for stage in st.stages:
        idx = np.flatnonzero(stage_arr == stage)
        if len(idx):
            stages[stage] = stage_result([results[i] for i in idx], stage, st)
    county_inputs = county if isinstance(county, CountyInputs) else CountyInputs.from_mapping(county)
    ctx = ItemContext(table, county_inputs, st)
    dims = {"resources": _resource_dimension(st, stages)}
    for key in ("government", "quality", "social"):
        d = _item_dimension(st, key, ctx, checklist or {})
        if d is not None:
            dims[key] = d
    verdicts = [d.passes for d in dims.values()]
    overall = False if False in verdicts else (None if None in verdicts else True)
    return Assessment(st, stages, dims, bool(dims["resources"].passes), overall, tuple(table.excluded), table)


def assess_county(
    school_year_data: pd.DataFrame,
    standard: str | Standard = "quality_2017",
    *,
    schools: pd.DataFrame | None = None,
    teachers: pd.DataFrame | None = None,
    year: int | None = None,
    county: CountyInputs | dict | None = None,
    checklist: Checklist | None = None,
) -> Assessment:
    """From canonical school_year_data (+ registry schools and teachers): build sections, then assess."""
    st = load_standard(standard)
    data = school_year_data
    if teachers is not None:
        data = fill_teacher_columns(data, teachers, st, year=year)
    table = build_sections(data, st, schools=schools, year=year)
    return assess(table, st, county=county, checklist=checklist)
