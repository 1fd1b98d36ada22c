"""The cheapest plan that makes every section pass its rule and every stage CV pass its limit.

A MILP (HiGHS) holds the costs, whole teachers and rooms, the 6-of-7 + 85% rule and the transfers
(:mod:`~junheng.balance.core.plan_model`). Each CV limit is a second-order cone in the added resources; it enters as
an outer approximation by tangent cuts of its small disaggregated cones (:mod:`~junheng.balance.core.plan_cones`):
first a cut loop on the LP relaxation, then MILP solves, each followed by cuts wherever a CV still exceeds its
limit. Cuts are valid for the whole cone, so every MILP is a relaxation of the true problem and its dual bound
is a lower bound: the reported gap is (plan cost − bound) ÷ plan cost. Status 'optimal' means the MILP (floor
area and equipment as continuous amounts) was solved to ``mip_rel_gap`` with every CV within its limit; the
amounts are then rounded up to whole ㎡ and 100 元 (``rounding_cost``, included in the gap). Cones use the limit × (1 − 10⁻⁴), and a
plan is accepted once every CV is within the true limit, so the loop ends after finitely many rounds (the
bound is that of the 10⁻⁴-tightened limits: a difference far below any cost figure that matters). Continuous amounts are rounded up to whole ㎡ and
100 元; every returned plan is re-assessed with :func:`~junheng.balance.core.assess.assess` and must pass.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from junheng.balance.core.assess import assess
from junheng.balance.core.cv import weighted_cv
from junheng.balance.core.highs import solve_milp
from junheng.balance.core.plan_cones import ConeSet
from junheng.balance.core.plan_model import TransferPolicy, UnitCosts, build_model
from junheng.balance.core.plan_solution import (
    PlanAction,
    greedy_plan,
    plan_actions,
    repair,
    round_solution,
    section_values,
    z_values,
)
from junheng.balance.core.results import Assessment
from junheng.balance.core.scenarios import Change, apply_changes
from junheng.balance.core.sections import SectionTable
from junheng.balance.core.teachers import teacher_types as registry_types
from junheng.balance.core.teachers import teacher_types_from_totals
from junheng.standards import Standard, load_standard

CUT_MARGIN = 1e-4  # cones are built at limit × (1 − margin); a plan is accepted at the true limit


class PlanError(ValueError):
    """The plan cannot be computed (message in Chinese)."""


@dataclass(frozen=True)
class Plan:
    status: str  # optimal (MILP solved to its gap, before rounding amounts up) | feasible
    cost: float  # yuan, after rounding ㎡ and 元 up
    lower_bound: float
    gap: float  # (cost − lower_bound) ÷ cost, rounding included
    iterations: int  # MILP solves
    cuts: int
    seconds: float
    actions: tuple[PlanAction, ...]
    changes: tuple[Change, ...]
    baseline: Assessment
    assessment: Assessment  # after the plan; it passes
    costs: UnitCosts
    notes: tuple[str, ...] = ()
    rounding_cost: float = 0.0  # what rounding ㎡ and 100 元 amounts up added to the MILP optimum

    def totals(self) -> pd.DataFrame:
        """Amount and cost per action kind."""
        df = pd.DataFrame([(a.action, a.unit, a.amount, a.cost) for a in self.actions if a.action != "transfer_out"],
                          columns=["action", "unit", "amount", "cost"])
        return df.groupby(["action", "unit"], as_index=False)[["amount", "cost"]].sum()


def _cv_targets(sections: pd.DataFrame, st: Standard) -> list[tuple[str, int, np.ndarray, float]]:
    out = []
    stage = sections["stage"].astype(str).to_numpy()
    for s in st.stages:
        idx = np.flatnonzero(stage == s)
        lim = st.cv_limit(s)
        if len(idx) > 1 and lim is not None:
            out += [(s, r, idx, lim) for r in range(len(st.indicators))]
    return out


def _separate(cones: ConeSet, v: np.ndarray, p: np.ndarray) -> int:
    """Cuts for every cone whose CV exceeds its (margin) limit at v."""
    new = 0
    for c in cones.cones:
        x = cones.values(c, v)
        stats = weighted_cv(x, p[c.idx])
        if stats.cv > c.limit * (1 + 1e-9):
            s = v[c.s_vars] if len(v) >= cones.n_vars else None
            new += cones.add_cuts(c, x, stats.mean, s)
    return new


def _cheaper(model, a: np.ndarray, b: np.ndarray | None) -> np.ndarray:
    n = len(model.cost)
    if b is None:
        return a
    return a if float(model.cost @ a[:n]) <= float(model.cost @ b[:n]) else b


def optimise_plan(
    sections: SectionTable | pd.DataFrame,
    standard: str | Standard = "quality_2017",
    *,
    costs: UnitCosts | None = None,
    policy: TransferPolicy | None = None,
    teachers: pd.DataFrame | None = None,
    teacher_types: pd.DataFrame | None = None,
    time_limit: float = 30.0,
    mip_rel_gap: float = 1e-4,
    max_iterations: int = 100,
) -> Plan:
    """Minimum-cost plan (yuan) under the standard; raises PlanError when it cannot be built."""
    t0 = time.perf_counter()
    st = load_standard(standard)
    if st.cv_limits is None:
        raise PlanError(f"标准 {st.name} 使用综合差异系数，方案优化只支持逐项差异系数限值（如 quality_2017）")
    costs = costs or UnitCosts()
    policy = policy or TransferPolicy()
    table = sections if isinstance(sections, SectionTable) else SectionTable.from_sections(sections)
    baseline = assess(table, st)
    frame = table.sections.reset_index(drop=True)
    if teacher_types is None:
        teacher_types = registry_types(teachers, st) if teachers is not None else teacher_types_from_totals(frame)
    model = build_model(frame, st, costs, teacher_types, policy)
    targets = _cv_targets(frame, st)
    true_limits = {(s, r): lim for s, r, _idx, lim in targets}
    cones = ConeSet(frame, st, model.delta, len(model.cost),
                    [(s, r, idx, lim * (1 - CUT_MARGIN)) for s, r, idx, lim in targets])
    missing = {(s, r) for s, r, *_ in targets} - {(c.stage, c.r) for c in cones.cones}
    cost, lower, upper, integer = cones.extend(model.cost, model.lower, model.upper, model.integer)
    base_rows = model.rows.copy()
    base_rows.resize((model.rows.shape[0], cones.n_vars))
    p = frame["students"].to_numpy(dtype=float)

    def system():
        F, fl, fu = cones.fixed_rows()
        C, cl, cu = cones.cuts()
        return (sp.vstack([base_rows, F, C], format="csr"), np.concatenate([model.row_lower, fl, cl]),
                np.concatenate([model.row_upper, fu, cu]))

    zero = np.zeros(cones.n_vars)
    for c in cones.cones:  # seed: tangents at today's values
        x = cones.values(c, zero)
        cones.add_cuts(c, x, float(weighted_cv(x, p[c.idx]).mean))
    relaxed = np.zeros_like(integer)
    last, flat, x_lp = -np.inf, 0, None
    for _ in range(100):  # cut loop on the LP relaxation, until its bound stops rising
        if time.perf_counter() - t0 > time_limit / 4:
            break
        res = solve_milp(cost, lower, upper, relaxed, *system(), time_limit=time_limit)
        if res.x is None:
            break
        x_lp = res.x
        flat = flat + 1 if res.objective <= last * (1 + 1e-7) + 1e-9 else 0
        last = max(last, res.objective)
        if flat >= 3 or not _separate(cones, res.x, p):
            break
    if x_lp is not None:
        cones.prune(x_lp)  # keep the binding cuts only: a much smaller MILP
    greedy = greedy_plan(model, frame, st, targets, 2 * CUT_MARGIN)
    greedy[model.z_offset:] = z_values(model, greedy)
    start = cones.start(greedy)
    if x_lp is not None and model.transfers.n_vars:
        # RENS: transfers and rule binaries kept within floor/ceil of the LP — a small MILP, a near-optimal start
        sl = np.r_[model.transfer_offset:model.transfer_offset + model.transfers.n_vars, model.z_offset:len(model.cost)]
        lo2, up2 = lower.copy(), upper.copy()
        lo2[sl] = np.maximum(lower[sl], np.floor(x_lp[sl] + 1e-9))
        up2[sl] = np.minimum(upper[sl], np.ceil(x_lp[sl] - 1e-9))
        rens = solve_milp(cost, lo2, up2, integer, *system(), mip_rel_gap=1e-3,
                          time_limit=max(1.0, (time_limit - (time.perf_counter() - t0)) / 3))
        if rens.x is not None and rens.objective < float(cost @ start):
            start = rens.x
    lower_bound, v, best, iters, tightened, notes = 0.0, None, None, 0, False, []
    milp_optimal, milp_cost = False, None
    while True:
        iters += 1
        remaining = time_limit - (time.perf_counter() - t0)
        res = solve_milp(cost, lower, upper, integer, *system(), time_limit=max(remaining, 1.0),
                         mip_rel_gap=mip_rel_gap, start=start)
        if res.status == "infeasible":
            raise PlanError("在当前措施与成本设定下无可行方案（请放开某些措施或交流范围）")
        if not tightened:
            lower_bound = max(lower_bound, res.dual_bound)
        if res.x is None or res.status != "optimal":  # out of time: the incumbent (repaired), or greedy
            cand = round_solution(model, res.x) if res.x is not None else best
            v = _cheaper(model, greedy, repair(model, frame, st, cand, targets, 2 * CUT_MARGIN)
                         if cand is not None else None)
            notes.append("求解时间用尽：取当前最好方案（差异系数不足处以“补齐最低学部”修复），可行但未必最优")
            break
        rounded = round_solution(model, res.x)
        best = rounded
        vals = section_values(model, frame, st, rounded)
        over = [c for c in cones.cones
                if weighted_cv(vals[c.r][c.idx], p[c.idx]).cv > true_limits[(c.stage, c.r)]]
        if not over:
            v = rounded
            milp_optimal = res.status == "optimal" and res.gap <= mip_rel_gap * (1 + 1e-6) + 1e-9
            milp_cost = float(model.cost @ res.x[: len(model.cost)])
            break
        new = 0
        for c in over:
            x_u = cones.values(c, res.x)
            if weighted_cv(x_u, p[c.idx]).cv > c.limit * (1 + 1e-9):  # outside the cone: cut there
                new += cones.add_cuts(c, x_u, float(weighted_cv(x_u, p[c.idx]).mean), res.x[c.s_vars])
            else:  # rounding the amounts up pushed it over: tighten this cone by the rounding effect
                cv_r = weighted_cv(vals[c.r][c.idx], p[c.idx]).cv
                cv_u = weighted_cv(x_u, p[c.idx]).cv
                c.limit -= 2 * (cv_r - cv_u) + CUT_MARGIN * c.limit
                tightened = True
                x_r = vals[c.r][c.idx]
                new += cones.add_cuts(c, x_r, float(weighted_cv(x_r, p[c.idx]).mean))
        if time.perf_counter() - t0 > time_limit or iters >= max_iterations or not new:
            v = _cheaper(model, greedy, repair(model, frame, st, rounded, targets, 2 * CUT_MARGIN))
            notes.append("迭代次数或时间用尽：以“补齐最低学部”修复差异系数，方案可行但未必最优")
            break
    acts, changes = plan_actions(model, frame, st, v, costs)
    after = assess(apply_changes(table, changes), st)
    if not after.resource_passes:
        raise PlanError("内部错误：方案复核未通过")  # pragma: no cover — would be a bug
    plan_cost = float(sum(a.cost for a in acts))
    gap = 0.0 if plan_cost <= 0 else max(0.0, (plan_cost - lower_bound) / plan_cost)
    status = "optimal" if milp_optimal or gap <= mip_rel_gap * (1 + 1e-6) + 1e-9 else "feasible"
    rounding = 0.0 if milp_cost is None else max(0.0, plan_cost - milp_cost)
    if teachers is None and model.transfers.n_vars:
        notes.append("交流类型按学部合计推定：骨干、体育艺术教师视为达到规定学历，且互不重复")
    if tightened:
        notes.append("取整后个别差异系数略超限，已收紧该项限值；下界取收紧前的值")
    if missing:
        notes.append("部分差异系数没有可用措施：" + "、".join(f"{s}{st.indicators[r].key}" for s, r in sorted(missing)))
    return Plan(status, plan_cost, float(lower_bound), gap, iters, cones.n_cuts, time.perf_counter() - t0,
                tuple(acts), tuple(changes), baseline, after, costs, tuple(notes), rounding)
