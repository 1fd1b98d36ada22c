"""A thin wrapper over HiGHS (highspy) for the plan optimiser: arrays in, solution and bounds out."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class MilpResult:
    status: str  # optimal | time_limit | infeasible | other
    x: np.ndarray | None
    objective: float
    dual_bound: float
    gap: float


@contextlib.contextmanager
def _quiet_stdout():
    """HiGHS prints its banner from C++ on file descriptor 1 when an instance is created; silence it."""
    try:
        sys.stdout.flush()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def solve_milp(cost: np.ndarray, lower: np.ndarray, upper: np.ndarray, integer: np.ndarray, A: sp.spmatrix,
               row_lower: np.ndarray, row_upper: np.ndarray, *, time_limit: float = 60.0,
               mip_rel_gap: float = 1e-4, threads: int | None = None,
               start: np.ndarray | None = None, options: dict | None = None) -> MilpResult:
    """min cost·x subject to row_lower ≤ A x ≤ row_upper, lower ≤ x ≤ upper, x integer where flagged."""
    import highspy

    with _quiet_stdout():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    if threads:
        h.setOptionValue("threads", int(threads))
    for k, v in (options or {}).items():
        h.setOptionValue(k, v)
    inf = highspy.kHighsInf
    csc = sp.csc_matrix(A)
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = csc.shape[0]
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.where(np.isinf(upper), inf, upper).astype(float)
    lp.row_lower_ = np.where(np.isinf(row_lower), -inf, row_lower).astype(float)
    lp.row_upper_ = np.where(np.isinf(row_upper), inf, row_upper).astype(float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    lp.integrality_ = [highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous for f in integer]
    h.passModel(lp)
    if start is not None and integer.any():
        sol = highspy.HighsSolution()
        sol.col_value = np.asarray(start, dtype=float)
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    ms = h.getModelStatus()
    info = h.getInfo()
    M = highspy.HighsModelStatus
    if ms == M.kOptimal:
        status = "optimal"
    elif ms == M.kTimeLimit:
        status = "time_limit"
    elif ms in (M.kInfeasible, M.kUnboundedOrInfeasible):
        status = "infeasible"
    else:
        status = str(ms)
    has_x = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(h.getSolution().col_value, dtype=float) if has_x else None
    obj = float(info.objective_function_value) if has_x else float("nan")
    if integer.any():
        bound, gap = float(info.mip_dual_bound), float(info.mip_gap)
    else:
        bound, gap = obj, 0.0
    return MilpResult(status, x, obj, bound, gap)
