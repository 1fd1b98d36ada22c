"""Registry of computed items of 政府保障程度 / 教育质量 / 社会认可度 (DESIGN §4.1).

A standard file names the computation (``compute: class_size``) and its figures (``params``); this module holds
one small function per computation. A province file can reuse them with other figures; a new kind of
computation is one more registered function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.balance.core.fmt import num, pct
from junheng.balance.core.inputs import COUNTY_INPUT_LABELS, CountyInputs
from junheng.balance.core.results import ItemFailure, Provenance
from junheng.balance.core.sections import SectionTable
from junheng.standards import Standard


@dataclass(frozen=True)
class ItemContext:
    table: SectionTable
    county: CountyInputs
    standard: Standard


@dataclass(frozen=True)
class Outcome:
    passes: bool | None
    value: float | None
    detail: str
    failures: tuple[ItemFailure, ...] = ()
    provenance: Provenance | None = None
    kind: str = "computed"


Compute = Callable[[ItemContext, dict], Outcome]
COMPUTATIONS: dict[str, Compute] = {}


def register(name: str) -> Callable[[Compute], Compute]:
    """Register a computation under the name used in standard files."""

    def deco(fn: Compute) -> Compute:
        COMPUTATIONS[name] = fn
        return fn

    return deco


def verdict(fail: np.ndarray | pd.Series, missing: np.ndarray | pd.Series) -> bool | None:
    """Failing anywhere → False; otherwise missing data anywhere → None (待定); else True."""
    if bool(np.any(fail)):
        return False
    if bool(np.any(missing)) or len(fail) == 0:
        return None
    return True


def _failures(frame: pd.DataFrame, mask, texts) -> tuple[ItemFailure, ...]:
    sub = frame[np.asarray(mask)]
    stage = sub["stage"] if "stage" in sub else [None] * len(sub)
    return tuple(ItemFailure(str(s), str(n), st, t) for s, n, st, t in
                 zip(sub["school_id"], sub["school_name"], stage, np.asarray(texts)[np.asarray(mask)],
                     strict=True))


def _schools(ctx: ItemContext, kinds=None) -> pd.DataFrame:
    sch = ctx.table.schools
    if sch is None:  # contract path: schools from sections
        sch = ctx.table.sections.groupby("school_id", as_index=False).agg(
            school_name=("school_name", "first"), kind=("kind", "first"))
    if kinds is not None:
        sch = sch[sch["kind"].isin(list(kinds))]
    return sch.reset_index(drop=True)


def _col(frame: pd.DataFrame, c: str) -> pd.Series:
    return frame[c].astype(float) if c in frame else pd.Series(np.nan, index=frame.index)


@register("music_art_rooms")
def music_art_rooms(ctx: ItemContext, p: dict) -> Outcome:
    """One music and one art room per 12 classes (rounded up), music ≥ 96 ㎡ and art ≥ 90 ㎡ per room."""
    sch = _schools(ctx, p.get("kinds"))
    per = float(p.get("classes_per_room", 12))
    cls = _col(sch, "compulsory_classes")
    need = np.ceil(cls / per)
    checks = [("music_rooms", "音乐专用教室", need), ("art_rooms", "美术专用教室", need)]
    fail = np.zeros(len(sch), bool)
    missing = cls.isna().to_numpy().copy()
    texts = [""] * len(sch)
    for col, name, req in checks:
        have = _col(sch, col)
        bad = (have < req).to_numpy()
        missing |= have.isna().to_numpy()
        for i in np.flatnonzero(bad):
            texts[i] += f"{name}需 {num(req[i])} 间，现有 {num(have[i])} 间；"
        fail |= bad
    for col, name, lim in (("music_room_area_min", "音乐专用教室", p.get("music_room_area", 96)),
                           ("art_room_area_min", "美术专用教室", p.get("art_room_area", 90))):
        area = _col(sch, col)
        bad = (area < float(lim)).to_numpy()
        for i in np.flatnonzero(bad):
            texts[i] += f"最小一间{name} {num(area[i])} ㎡ < {num(lim)} ㎡；"
        fail |= bad
    return Outcome(verdict(fail, missing), float((~fail & ~missing).sum()),
                   f"{len(sch)} 所学校中 {int(fail.sum())} 所未达标，{int((missing & ~fail).sum())} 所缺数据",
                   _failures(sch, fail, texts))


@register("school_size")
def school_size(ctx: ItemContext, p: dict) -> Outcome:
    """Compulsory enrolment ≤ 2000 (小学, 初中) or ≤ 2500 (九年一贯制, 十二年一贯制)."""
    combined = set(p.get("combined_kinds", ("九年一贯制", "十二年一贯制")))
    sch = _schools(ctx)
    sch = sch[~sch["kind"].isin(["教学点", "特殊教育学校", "职业学校", "高中"])].reset_index(drop=True)
    if "compulsory_students" not in sch:
        sch = sch.merge(ctx.table.sections.groupby("school_id", as_index=False)["students"].sum()
                        .rename(columns={"students": "compulsory_students"}), on="school_id")
    lim = np.where(sch["kind"].isin(combined), float(p.get("combined", 2500)), float(p.get("single_stage", 2000)))
    size = sch["compulsory_students"].astype(float).to_numpy()
    fail = size > lim
    texts = [f"义务教育阶段在校生 {num(s)} 人，超过 {num(limit)} 人" for s, limit in zip(size, lim, strict=True)]
    return Outcome(verdict(fail, np.isnan(size)), float(np.nanmax(size)) if len(size) else None,
                   f"{len(sch)} 所学校中 {int(fail.sum())} 所超规模", _failures(sch, fail, texts))


@register("class_size")
def class_size(ctx: ItemContext, p: dict) -> Outcome:
    """Every class ≤ 45 (小学) / ≤ 50 (初中): the section's largest class against the limit."""
    limits = {str(k): float(v) for k, v in dict(p["limits"]).items()}
    rows = ctx.table.rows if ctx.table.rows is not None else ctx.table.sections
    rows = rows[rows["stage"].isin(list(limits)) & ~rows["kind"].isin(["特殊教育学校"])].reset_index(drop=True)
    size = _col(rows, "max_class_size").to_numpy()
    lim = rows["stage"].map(limits).to_numpy(dtype=float)
    fail = size > lim
    texts = [f"最大班额 {num(s)} 人，超过 {num(limit)} 人" for s, limit in zip(size, lim, strict=True)]
    return Outcome(verdict(fail, np.isnan(size)), float(np.nanmax(size)) if np.isfinite(size).any() else None,
                   f"{len(rows)} 个学部中 {int(fail.sum())} 个有超额班级", _failures(rows, fail, texts))


@register("public_funds")
def public_funds(ctx: ItemContext, p: dict) -> Outcome:
    """Public funds ≥ benchmark × students; schools under 100 pupils (村小学, 教学点) funded as 100;
    special-education schools ≥ 6000 yuan per student."""
    rates = {str(k): float(v) for k, v in dict(p["per_student"]).items()}
    sch = _schools(ctx)
    stud = {s: _col(sch, f"students_{s}").fillna(0) for s in ("小学", "初中", "高中")}
    required = sum(stud[s] * rates.get(s, 0.0) for s in stud)
    total = stud["小学"] + stud["初中"] + stud["高中"]
    small_kind = sch["kind"].isin(list(p.get("small_school_kinds", ["教学点"])))
    if p.get("village_primary", True):
        loc = sch["location"] if "location" in sch else pd.Series(np.nan, index=sch.index)
        small_kind |= (sch["kind"] == "小学") & (loc == "乡村")
    small = small_kind & (total < float(p.get("min_students", 100)))
    required = required.where(~small, rates.get("小学", 0.0) * float(p.get("min_students", 100)))
    special = sch["kind"] == "特殊教育学校"
    required = required.where(~special, total * float(p.get("special_education_per_student", 6000)))
    funds = _col(sch, "public_funds")
    fail = (funds < required - 1e-6).to_numpy()
    texts = [f"公用经费 {num(f)} 元，应不低于 {num(r)} 元" for f, r in zip(funds, required, strict=True)]
    return Outcome(verdict(fail, funds.isna().to_numpy()), None,
                   f"{len(sch)} 所学校中 {int(fail.sum())} 所公用经费不足", _failures(sch, fail, texts))


@register("teacher_rate")
def teacher_rate(ctx: ItemContext, p: dict) -> Outcome:
    """County share of full-time teachers with a property (certificate, 360-hour training) ≥ min."""
    sch = _schools(ctx)
    n, d = _col(sch, p["numerator"]), _col(sch, p["denominator"])
    if d.isna().all() or n.isna().all():
        return Outcome(None, None, "缺少教师数据")
    rate = n.sum() / d.sum() if d.sum() > 0 else float("nan")
    lo = float(p.get("min", 1.0))
    fail = (n < d * lo - 1e-9).to_numpy()
    texts = [f"{num(a)} / {num(b)}" for a, b in zip(n, d, strict=True)]
    prov = Provenance(f"比例 ≥ {pct(lo)}", (("分子合计", num(n.sum())), ("分母合计", num(d.sum()))),
                      f"{num(n.sum())} ÷ {num(d.sum())} = {pct(rate)}", float(rate))
    ok = bool(rate >= lo - 1e-12) and not fail.any()
    passes = False if not ok else (None if bool((n.isna() | d.isna()).any()) else True)
    return Outcome(passes, float(rate),
                   f"全县 {pct(rate)}，{int(fail.sum())} 所学校未达到 {pct(lo)}", _failures(sch, fail, texts), prov)


def _get(ctx: ItemContext, name: str) -> float | None:
    return getattr(ctx.county, name)


@register("teacher_exchange")
def teacher_exchange(ctx: ItemContext, p: dict) -> Outcome:
    """Exchanged ≥ 10% of eligible teachers each year; backbone ≥ 20% of those exchanged."""
    sch = _schools(ctx)
    elig, ex, exb = (_col(sch, c).sum(min_count=1) for c in
                     ("exchange_eligible_teachers", "exchanged_teachers", "exchanged_backbone_teachers"))
    if any(pd.isna(v) for v in (elig, ex, exb)) or elig == 0:
        return Outcome(None, None, "缺少交流轮岗数据")
    rate, share = ex / elig, (exb / ex if ex else 0.0)
    ok = rate >= float(p["min_rate"]) - 1e-12 and share >= float(p["min_backbone_share"]) - 1e-12
    prov = Provenance("交流比例 ≥ 10%，骨干占比 ≥ 20%",
                      (("符合条件教师", num(elig)), ("交流轮岗教师", num(ex)), ("其中骨干", num(exb))),
                      f"{num(ex)} ÷ {num(elig)} = {pct(rate)}；{num(exb)} ÷ {num(ex)} = {pct(share)}", float(rate))
    return Outcome(bool(ok), float(rate), f"交流比例 {pct(rate)}，骨干占比 {pct(share)}", (), prov)


@register("county_input")
def county_input(ctx: ItemContext, p: dict) -> Outcome:
    """Figures supplied by the county (surveys, finance, admissions) against their minimums."""
    parts, results, value = [], [], None
    for spec in p["inputs"]:
        name, lo = spec["input"], float(spec["min"])
        v = _get(ctx, name)
        lab = COUNTY_INPUT_LABELS.get(name, name)
        value = v if value is None else value
        if v is None:
            parts.append(f"{lab}：待填报")
            results.append(None)
        else:
            shown = pct(v) if lo <= 1.0 else num(v)
            parts.append(f"{lab} {shown}（要求 ≥ {pct(lo) if lo <= 1.0 else num(lo)}）")
            results.append(v >= lo - 1e-12)
    passes = False if False in results else (None if None in results else True)
    return Outcome(passes, value, "；".join(parts), kind="input")


@register("training_funds")
def training_funds(ctx: ItemContext, p: dict) -> Outcome:
    """Each school's teacher-training funds ≥ 5% of its public-funds budget."""
    sch = _schools(ctx)
    tf, pf = _col(sch, "training_funds"), _col(sch, "public_funds")
    share = float(p.get("min_share", 0.05))
    fail = (tf < pf * share - 1e-6).to_numpy()
    texts = [f"培训经费 {num(a)} 元，占公用经费 {pct(a / b) if b else '—'}" for a, b in zip(tf, pf, strict=True)]
    return Outcome(verdict(fail, (tf.isna() | pf.isna()).to_numpy()), None,
                   f"{len(sch)} 所学校中 {int(fail.sum())} 所低于 {pct(share)}", _failures(sch, fail, texts))


@register("retention_rate")
def retention_rate(ctx: ItemContext, p: dict) -> Outcome:
    """初中三年巩固率 = graduates ÷ (初一 intake three years earlier + transfers in − transfers out [− deaths])."""
    c = ctx.county
    lo = float(p.get("min", 0.95))
    if c.retention_rate_junior is not None:
        r = c.retention_rate_junior
        return Outcome(r >= lo - 1e-12, r, f"初中三年巩固率 {pct(r)}（填报值）", kind="input")
    if c.junior_graduates is None or c.junior_intake is None:
        return Outcome(None, None, "待填报（或由控辍保学数据计算）", kind="input")
    base = c.junior_intake + (c.junior_transfers_in or 0) - (c.junior_transfers_out or 0)
    deaths = (c.junior_deaths or 0) if p.get("deduct_deaths") else 0
    base -= deaths
    r = c.junior_graduates / base if base > 0 else float("nan")
    prov = Provenance(f"巩固率 ≥ {pct(lo)}", (("毕业生", num(c.junior_graduates)), ("初一入学", num(c.junior_intake)),
                      ("转入", num(c.junior_transfers_in or 0)), ("转出", num(c.junior_transfers_out or 0)),
                      ("死亡（扣除）", num(deaths))),
                      f"{num(c.junior_graduates)} ÷ {num(base)} = {pct(r)}", r)
    return Outcome(bool(r >= lo - 1e-12), r, f"初中三年巩固率 {pct(r)}", (), prov)


@register("quality_monitoring")
def quality_monitoring(ctx: ItemContext, p: dict) -> Outcome:
    """National quality monitoring: every subject at level III or above and between-school difference < 0.15."""
    lvl, diff = ctx.county.monitoring_level, ctx.county.monitoring_difference_rate
    if lvl is None or diff is None:
        return Outcome(None, None, "待填报国家义务教育质量监测结果", kind="input")
    ok = lvl >= float(p.get("min_level", 3)) and diff < float(p.get("max_difference_rate", 0.15))
    return Outcome(bool(ok), diff, f"学业水平最低 {num(lvl)} 级，校际差异率 {num(diff)}", kind="input")
