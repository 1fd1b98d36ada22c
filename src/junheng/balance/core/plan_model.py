"""The plan optimiser's mixed-integer model (without the CV cones, which the cutting-plane loop adds).

Variables per section: new hires (qualified; PE/arts; backbone), backbone cultivation, building area (teaching,
sports), equipment value, multimedia rooms; per allowed pair and teacher type: transfers; per section and
indicator: a binary "reaches the full threshold". Rule rows: ``Δ − (1−ρ)·need·z ≥ ρ·need − base`` and
``Σ z ≥ min_met``, so every section meets 6 of 7 and the rest at 85%. Donor capacity bounds the transfers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from junheng.balance.core.plan_transfers import (
    TYPE_COLUMNS,
    TransferBlock,
    pair_block,
    pool_block,
    usable_types,
)
from junheng.standards import Standard


@dataclass(frozen=True)
class UnitCosts:
    """Editable unit costs in yuan (None disables the action). Defaults are typical county figures."""

    new_hire: float | None = 120_000  # 新招聘达到规定学历的专任教师（首年薪酬及社保）
    new_hire_pe_arts: float | None = 120_000  # 新招聘体育、艺术专任教师
    new_hire_backbone: float | None = 200_000  # 引进县级及以上骨干教师
    cultivate_backbone: float | None = 20_000  # 培养认定本校教师为县级骨干教师
    transfer: float | None = 30_000  # 交流轮岗调配一名教师（补助、周转宿舍）
    teaching_area_m2: float | None = 3_500  # 教学及辅助用房，元/㎡
    sports_area_m2: float | None = 400  # 体育运动场馆，元/㎡
    equipment_yuan: float | None = 1.0  # 教学仪器设备，每元
    multimedia_room: float | None = 80_000  # 网络多媒体教室，元/间


@dataclass(frozen=True)
class Action:
    name: str
    cost_attr: str
    effects: dict[str, float]
    integer: bool
    unit: str
    label: str
    step: float = 1.0  # one unit of the variable; continuous amounts are rounded up to whole steps


ACTIONS: tuple[Action, ...] = (
    Action("hire", "new_hire", {"teachers_above_required": 1, "full_time_teachers": 1}, True, "人",
           "新招聘{edu}专任教师"),
    Action("hire_pe_arts", "new_hire_pe_arts",
           {"teachers_above_required": 1, "pe_arts_teachers": 1, "full_time_teachers": 1}, True, "人",
           "新招聘{edu}体育、艺术专任教师"),
    Action("hire_backbone", "new_hire_backbone",
           {"teachers_above_required": 1, "backbone_teachers": 1, "full_time_teachers": 1}, True, "人",
           "引进县级及以上骨干教师"),
    Action("cultivate_backbone", "cultivate_backbone", {"backbone_teachers": 1}, True, "人", "培养认定县级骨干教师"),
    Action("teaching_area", "teaching_area_m2", {"teaching_room_area": 1}, False, "㎡", "新建（改扩建）教学及辅助用房"),
    Action("sports_area", "sports_area_m2", {"sports_area": 1}, False, "㎡", "新建（扩建）体育运动场馆"),
    Action("equipment", "equipment_yuan", {"equipment_value": 1}, False, "元", "购置教学仪器设备", 100.0),
    Action("multimedia_room", "multimedia_room", {"multimedia_rooms": 1}, True, "间", "建设网络多媒体教室"),
)


@dataclass(frozen=True)
class TransferPolicy:
    """Which teacher transfers are allowed: within a stage, and within the township scope and distance."""

    scope: Literal["none", "same_township", "neighbours", "county"] = "neighbours"
    neighbours: Mapping[str, Collection[str]] = field(default_factory=dict)  # township → neighbouring ones
    max_distance_km: float | None = None
    distances: Mapping[tuple[str, str], float] | None = None  # (school_id, school_id) → km; unknown = not allowed
    max_out_share: float | None = None  # at most this share of a donor's teachers leave
    donor_keeps_thresholds: bool = True  # a donor keeps every indicator it meets at the full threshold
    # (False: a donor need only still pass its rule, e.g. 6 of 7 + 85% — a larger, slower model)


def allowed_pairs(sections: pd.DataFrame, policy: TransferPolicy) -> np.ndarray:
    """(donor, receiver) row positions of allowed transfers (same stage, policy scope and distance)."""
    if policy.scope == "none" or len(sections) < 2:
        return np.zeros((0, 2), dtype=int)
    stage = sections["stage"].astype(str).to_numpy()
    town = sections["township_code"].astype(object).to_numpy() if "township_code" in sections \
        else np.full(len(sections), None, dtype=object)
    ids = sections["school_id"].astype(str).to_numpy()
    j, i = np.meshgrid(np.arange(len(sections)), np.arange(len(sections)), indexing="ij")
    j, i = j.ravel(), i.ravel()
    keep = (j != i) & (stage[j] == stage[i]) & (ids[j] != ids[i])
    if policy.scope in ("same_township", "neighbours"):
        codes = np.array([None if pd.isna(t) else str(t) for t in town], dtype=object)
        known = np.array([c is not None for c in codes])
        uniq = sorted({c for c in codes if c is not None})
        pos = {c: k for k, c in enumerate(uniq)}
        adj = np.eye(len(uniq), dtype=bool)
        if policy.scope == "neighbours":
            for a, bs in policy.neighbours.items():
                for b in bs:
                    if a in pos and b in pos:
                        adj[pos[a], pos[b]] = adj[pos[b], pos[a]] = True
        if not uniq:
            return np.zeros((0, 2), dtype=int)
        t = np.array([pos.get(c, 0) for c in codes])
        keep &= known[j] & known[i]
        keep &= adj[t[j], t[i]]
    if policy.max_distance_km is not None:
        dist = policy.distances or {}
        d = np.array([dist.get((a, b), dist.get((b, a), np.inf)) for a, b in zip(ids[j], ids[i], strict=True)])
        keep &= d <= policy.max_distance_km
    return np.column_stack([j[keep], i[keep]])


@dataclass
class Model:
    """The MILP in arrays, plus maps from variables to numerator changes per column."""

    n: int
    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    rows: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    delta: dict[str, sp.csr_matrix]  # column → (n_sections × n_vars) numerator change
    action_offsets: dict[str, int]
    transfers: TransferBlock
    transfer_offset: int
    z_offset: int


def transfer_block(sections: pd.DataFrame, types: pd.DataFrame, policy: TransferPolicy,
                   costs: UnitCosts) -> TransferBlock:
    """Pools for township scopes (exact and small); explicit pairs when a distance limit applies."""
    ut = usable_types(sections, types)
    if costs.transfer is None or policy.scope == "none" or ut.empty or len(sections) < 2:
        return TransferBlock()
    if policy.max_distance_km is not None:
        return pair_block(ut, allowed_pairs(sections, policy), float(costs.transfer))
    frame = sections.reset_index(drop=True)
    adjacency: dict[str, set[str]] = {}
    if policy.scope == "county":
        frame = frame.assign(township_code="全县")
    elif policy.scope == "neighbours":
        for a, bs in policy.neighbours.items():
            for b in bs:
                adjacency.setdefault(str(a), set()).add(str(b))
                adjacency.setdefault(str(b), set()).add(str(a))
    if "township_code" not in frame:
        return TransferBlock()
    frame["township_code"] = [None if pd.isna(t) else str(t) for t in frame["township_code"]]
    return pool_block(frame, ut, adjacency, float(costs.transfer))


def build_model(sections: pd.DataFrame, standard: Standard, costs: UnitCosts, types: pd.DataFrame,
                policy: TransferPolicy) -> Model:
    n = len(sections)
    inds = standard.indicators
    columns = {ind.numerator for ind in inds}
    p = sections["students"].to_numpy(dtype=float)
    cost, lower, upper, integer = [], [], [], []
    coo: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
    offsets: dict[str, int] = {}
    nv = 0
    for a in ACTIONS:
        c = getattr(costs, a.cost_attr)
        if c is None or not (set(a.effects) & columns):
            continue
        offsets[a.name] = nv
        ub = np.full(n, np.inf)
        if a.name == "cultivate_backbone":
            ft = sections.get("full_time_teachers", sections["teachers_above_required"]).fillna(0)
            ub = np.maximum(0, np.floor(np.maximum(ft, sections["teachers_above_required"].fillna(0))
                                        - sections["backbone_teachers"].fillna(0))).to_numpy(dtype=float)
        cost.append(np.full(n, float(c) * a.step))
        lower.append(np.zeros(n))
        upper.append(ub)
        integer.append(np.full(n, a.integer))
        for col, coef in a.effects.items():
            coo.setdefault(col, []).append((np.arange(n), nv + np.arange(n), np.full(n, float(coef) * a.step)))
        nv += n
    blk = transfer_block(sections, types, policy, costs)
    t_off = nv
    if blk.n_vars:
        cost.append(blk.cost)
        lower.append(np.zeros(blk.n_vars))
        upper.append(blk.upper)
        integer.append(np.ones(blk.n_vars, bool))
        for col, rws, var, coef in blk.effects:
            coo.setdefault(col, []).append((rws, t_off + var, coef))
        nv += blk.n_vars
    # z binaries: section i reaches the full threshold of indicator r
    k = len(inds)
    z_off = nv
    thr = np.array([[ind.threshold(s) if ind.threshold(s) is not None else np.nan for ind in inds]
                    for s in sections["stage"]], dtype=float).reshape(n, k)
    base = np.column_stack([sections[ind.numerator].fillna(0).to_numpy(dtype=float) for ind in inds])
    per = np.array([ind.per for ind in inds])
    need = thr * p[:, None] / per[None, :]
    cost.append(np.zeros(n * k))
    lower.append(np.zeros(n * k))
    upper.append(np.ones(n * k))
    integer.append(np.ones(n * k, bool))
    nv += n * k
    delta = {col: sp.csr_matrix((np.concatenate([x[2] for x in parts]),
                                 (np.concatenate([x[0] for x in parts]), np.concatenate([x[1] for x in parts]))),
                                shape=(n, nv))
             for col, parts in coo.items()}
    lo_arr = np.concatenate(lower)
    int_arr = np.concatenate(integer)
    whole = {col: bool(np.all(int_arr[m_.indices] if len(m_.indices) else True)
                       and np.allclose(m_.data, np.round(m_.data))) for col, m_ in delta.items()}
    # fix z = 1 where the indicator is already met and cannot fall (no transfer out touches it)
    can_fall = np.zeros((n, k), bool)
    dv = blk.donor_vars
    for r, ind in enumerate(inds):
        flag = {v: f for f, v in TYPE_COLUMNS.items()}.get(ind.numerator)
        if flag is not None and len(dv):
            can_fall[dv.loc[dv[flag].astype(bool), "section"].unique(), r] = True
    has = ~np.isnan(need)
    already = has & (base >= np.where(has, need, 0) * (1 + 1e-9))
    fix = already & ~can_fall if not policy.donor_keeps_thresholds else already  # z = 1
    z_idx = z_off + np.arange(n * k).reshape(n, k)
    lo_arr[z_idx[fix]] = 1.0
    up_arr = np.concatenate(upper)
    up_arr[z_idx[~has]] = 0.0  # no threshold: never counts as met (as in the assessment)
    rows, rl, ru = [], [], []
    rho = standard.section_rule.near_miss_ratio
    for r, ind in enumerate(inds):
        sel = np.flatnonzero(has[:, r] & (~already[:, r] | can_fall[:, r]))
        if not len(sel):
            continue
        d = delta.get(ind.numerator, sp.csr_matrix((n, nv)))[sel]
        full = need[sel, r] - base[sel, r]  # Δ ≥ full when z = 1
        near = rho * need[sel, r] - base[sel, r]  # Δ ≥ near when z = 0
        if whole.get(ind.numerator, False):  # Δ is a whole number: round both up (a much tighter relaxation)
            full = np.ceil(full - 1e-9 * np.maximum(1.0, need[sel, r]))
            near = np.ceil(near - 1e-9 * np.maximum(1.0, need[sel, r]))
        zc = sp.csr_matrix((-(full - near), (np.arange(len(sel)), z_idx[sel, r])), shape=(len(sel), nv))
        rows.append(d + zc)
        rl.append(near)
        ru.append(np.full(len(sel), np.inf))
    free = ~(fix | ~has).all(axis=1)
    if free.any() and standard.section_rule.min_met > 0:
        sel = np.flatnonzero(free)
        zz = z_idx[sel].ravel()
        rows.append(sp.csr_matrix((np.ones(len(zz)), (np.repeat(np.arange(len(sel)), k), zz)), shape=(len(sel), nv)))
        rl.append(np.full(len(sel), float(standard.section_rule.min_met)))
        ru.append(np.full(len(sel), np.inf))
    if blk.rows is not None and blk.rows.shape[0]:  # donor capacity / pool conservation
        link = sp.csr_matrix(blk.rows)
        link = sp.csr_matrix((link.data, link.indices + t_off, link.indptr), shape=(link.shape[0], nv))
        rows.append(link)
        rl.append(blk.row_lower)
        ru.append(blk.row_upper)
    if policy.max_out_share is not None and len(dv):
        ft = sections.get("full_time_teachers", sections["teachers_above_required"]).fillna(0).to_numpy(float)
        donors, inv = np.unique(dv["section"].to_numpy(), return_inverse=True)
        rows.append(sp.csr_matrix((np.ones(len(dv)), (inv, t_off + dv["var"].to_numpy())), shape=(len(donors), nv)))
        rl.append(np.full(len(donors), -np.inf))
        ru.append(np.floor(policy.max_out_share * ft[donors] + 1e-9))
    A = sp.vstack(rows, format="csr") if rows else sp.csr_matrix((0, nv))
    return Model(n, np.concatenate(cost), lo_arr, up_arr, int_arr, A,
                 np.concatenate(rl) if rl else np.zeros(0), np.concatenate(ru) if ru else np.zeros(0),
                 delta, offsets, blk, t_off, z_off)
