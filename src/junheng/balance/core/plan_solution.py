"""Reading a plan out of the solver's vector: rounding, section values, fallback repair, actions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.balance.core.cv import raise_floor_to_limit, weighted_cv
from junheng.balance.core.fmt import num
from junheng.balance.core.plan_model import ACTIONS, Model, UnitCosts
from junheng.balance.core.plan_transfers import decode
from junheng.balance.core.scenarios import Change
from junheng.standards import Standard


@dataclass(frozen=True)
class PlanAction:
    school_id: str
    school_name: str
    stage: str
    action: str  # hire, hire_pe_arts, hire_backbone, cultivate_backbone, teaching_area, …, transfer_in/out
    amount: float
    unit: str
    cost: float
    text: str
    counterpart: str | None = None  # the other school of a transfer


def round_solution(model: Model, v: np.ndarray) -> np.ndarray:
    """Whole numbers where the variable is integer (the solver returns 2.9999999 for 3); continuous amounts
    (㎡, 100 元) rounded up to whole steps, so thresholds stay met."""
    out = np.asarray(v[: len(model.cost)], dtype=float).copy()
    out[model.integer] = np.round(out[model.integer])
    cont = ~model.integer
    out[cont] = np.ceil(out[cont] - 1e-6)
    return np.maximum(out, 0)


def section_values(model: Model, sections: pd.DataFrame, st: Standard, v: np.ndarray) -> dict[int, np.ndarray]:
    """Indicator values of every section after the plan ``v`` (indicator position → array)."""
    p = sections["students"].to_numpy(dtype=float)
    v = v[: len(model.cost)]
    out = {}
    for r, ind in enumerate(st.indicators):
        base = sections[ind.numerator].fillna(0).to_numpy(dtype=float)
        d = model.delta[ind.numerator] @ v if ind.numerator in model.delta else 0.0
        out[r] = (base + d) * ind.per / p
    return out


def repair(model: Model, sections: pd.DataFrame, st: Standard, v: np.ndarray, targets, margin: float) -> np.ndarray:
    """Fallback when the loop runs out of time: raise the lowest sections (water-filling) with the cheapest
    action that adds to each failing indicator, until every CV passes."""
    p = sections["students"].to_numpy(dtype=float)
    v = v.copy()
    for _ in range(10):
        vals = section_values(model, sections, st, v)
        bad = [(r, idx, lim) for _s, r, idx, lim in targets if weighted_cv(vals[r][idx], p[idx]).cv > lim]
        if not bad:
            break
        for r, idx, lim in bad:
            ind = st.indicators[r]
            x = vals[r]
            floor = raise_floor_to_limit(x[idx], p[idx], lim * (1 - margin))
            acts = [a for a in ACTIONS if a.name in model.action_offsets and ind.numerator in a.effects]
            if floor is None or not acts:
                continue
            a = min(acts, key=lambda a: model.cost[model.action_offsets[a.name]])
            add = np.maximum(floor - x[idx], 0) * p[idx] / ind.per / a.step
            v[model.action_offsets[a.name] + idx] += np.ceil(add - 1e-9)
    return v


def plan_actions(model: Model, sections: pd.DataFrame, st: Standard, v: np.ndarray,
                 costs: UnitCosts) -> tuple[list[PlanAction], list[Change]]:
    """The plan as actions (with Chinese text and cost) and as changes to the sections."""
    acts: list[PlanAction] = []
    changes: list[Change] = []
    ids = sections["school_id"].astype(str).to_numpy()
    names = sections["school_name"].astype(str).to_numpy()
    stages = sections["stage"].astype(str).to_numpy()
    edu = {s: f"{e}及以上学历" for s, e in st.sections.required_education.items()}
    for a in ACTIONS:
        if a.name not in model.action_offsets:
            continue
        off = model.action_offsets[a.name]
        unit_cost = float(getattr(costs, a.cost_attr))
        for i in np.flatnonzero(v[off:off + model.n] > 1e-9):
            amt = float(v[off + i]) * a.step
            acts.append(PlanAction(ids[i], names[i], stages[i], a.name, amt, a.unit, amt * unit_cost,
                                   f"{a.label.format(edu=edu.get(stages[i], ''))} {num(amt, 2)} {a.unit}"))
            changes += [Change(ids[i], stages[i], c, coef * amt, a.label) for c, coef in a.effects.items()]
    blk = model.transfers
    moves = decode(blk, v[model.transfer_offset:model.transfer_offset + blk.n_vars]) if blk.n_vars else []
    for j, i, (above, backbone, pe_arts), amt in moves:
        kind = "、".join(k for k, f in (("达到规定学历", above), ("骨干", backbone), ("体育艺术", pe_arts)) if f)
        acts.append(PlanAction(ids[i], names[i], stages[i], "transfer_in", amt, "人", amt * float(costs.transfer),
                               f"由 {names[j]} 交流调入{kind}教师 {num(amt)} 人", ids[j]))
        acts.append(PlanAction(ids[j], names[j], stages[j], "transfer_out", amt, "人", 0.0,
                               f"交流调出{kind}教师 {num(amt)} 人至 {names[i]}", ids[i]))
        cols = ["full_time_teachers"] + [c for f, c in ((above, "teachers_above_required"),
                                                        (backbone, "backbone_teachers"),
                                                        (pe_arts, "pe_arts_teachers")) if f]
        for c in cols:
            changes += [Change(ids[i], stages[i], c, amt, "交流调入"), Change(ids[j], stages[j], c, -amt, "交流调出")]
    return acts, changes


def greedy_plan(model: Model, sections: pd.DataFrame, st: Standard, targets, margin: float) -> np.ndarray:
    """A feasible plan without transfers: every section brought to every threshold with the cheapest action
    per unit, then the CVs repaired by raising the lowest sections. An upper bound and a MILP start."""
    v = np.zeros(len(model.cost))
    p = sections["students"].to_numpy(dtype=float)
    order = sorted(range(len(st.indicators)), key=lambda r: {"pe_arts_teachers": 0, "backbone_teachers": 1,
                                                             "teachers_above_required": 2}.get(
        st.indicators[r].numerator, 3))
    for r in order:
        ind = st.indicators[r]
        thr = np.array([ind.threshold(s) if ind.threshold(s) is not None else np.nan
                        for s in sections["stage"]], dtype=float)
        acts = sorted((a for a in ACTIONS if a.name in model.action_offsets and ind.numerator in a.effects),
                      key=lambda a: model.cost[model.action_offsets[a.name]] / (a.step * a.effects[ind.numerator]))
        for a in acts:
            cur = section_values(model, sections, st, v)[r]
            gap = np.where(np.isnan(thr), 0.0, np.maximum(thr - cur, 0.0)) * p / ind.per
            units = np.ceil(gap / (a.step * a.effects[ind.numerator]) - 1e-9)
            off = model.action_offsets[a.name]
            room = model.upper[off:off + model.n] - v[off:off + model.n]
            v[off:off + model.n] += np.minimum(units, room)
    return repair(model, sections, st, v, targets, margin)


def z_values(model: Model, v: np.ndarray) -> np.ndarray:
    """The rule binaries implied by a plan: the largest z (within bounds) that keeps every rule row satisfied."""
    n_z = len(model.cost) - model.z_offset
    z = model.upper[model.z_offset:].copy()
    x = v.copy()
    x[model.z_offset:] = z
    act = model.rows @ x
    short = act < model.row_lower - 1e-7
    if short.any():  # a rule row fails with z = 1: that z must be 0
        sub = model.rows[np.flatnonzero(short)][:, model.z_offset:]
        z[np.unique(sub.nonzero()[1])] = 0.0
    return np.maximum(z, model.lower[model.z_offset:])[:n_z]
