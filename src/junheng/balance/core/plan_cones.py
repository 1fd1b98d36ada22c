"""Outer approximation of the CV cones for the plan MILP, in the extended (disaggregated) form.

For a stage and indicator with sections j, values xⱼ (affine in the plan), weights wⱼ = Pⱼ/P and limit c:

    CV ≤ c  ⇔  Σⱼ wⱼ(xⱼ − m)² ≤ (c·m)²  with  m = Σⱼ wⱼxⱼ  (the county value X̄, a variable here)
            ⇔  yⱼ² ≤ sⱼ·c·m for all j,  Σⱼ sⱼ ≤ c·m,  where yⱼ = √wⱼ (xⱼ − m)

Each yⱼ² / (c·m) is convex and positively homogeneous in (yⱼ, m), so its tangent at any point,
``sⱼ ≥ 2ŷ/(c m̂)·yⱼ − ŷ²/(c m̂²)·m``, is valid everywhere. Cutting each small cone separately converges in far
fewer rounds than tangents of the whole cone (Vielma, Dunning, Huchette, Lubin 2017: extended formulations in
mixed-integer conic quadratic programming). Only sparse rows: sⱼ, m and section j's own plan variables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from junheng.standards import Standard


@dataclass
class Cone:
    stage: str
    r: int  # indicator position
    idx: np.ndarray  # section rows
    limit: float  # c (possibly tightened)
    m_var: int
    s_vars: np.ndarray
    w: np.ndarray  # Pⱼ / P
    a: np.ndarray  # xⱼ = a_j · (bⱼ + Δⱼ), a_j = per / Pⱼ
    base: np.ndarray  # bⱼ
    delta: sp.csr_matrix  # Δⱼ = delta @ v (rows = idx)


class ConeSet:
    """The cone variables, their fixed rows and the growing list of tangent cuts."""

    def __init__(self, frame: pd.DataFrame, st: Standard, delta: dict[str, sp.csr_matrix], n_vars: int,
                 targets: list[tuple[str, int, np.ndarray, float]]):
        self.cones: list[Cone] = []
        p = frame["students"].to_numpy(dtype=float)
        nv = n_vars
        for stage, r, idx, lim in targets:
            ind = st.indicators[r]
            if ind.numerator not in delta:
                continue
            d = delta[ind.numerator][idx]
            w = p[idx] / p[idx].sum()
            base = frame[ind.numerator].fillna(0).to_numpy(dtype=float)[idx]
            self.cones.append(Cone(stage, r, idx, lim, nv, nv + 1 + np.arange(len(idx)), w, ind.per / p[idx],
                                   base, d))
            nv += 1 + len(idx)
        self.n_vars = nv
        self.cut_rows: list[sp.csr_matrix] = []
        self.cut_lower: list[np.ndarray] = []

    def extend(self, cost, lower, upper, integer):
        """Arrays of the plan model extended with the cone variables (m ≥ 0, sⱼ ≥ 0, cost 0)."""
        extra = self.n_vars - len(cost)
        return (np.concatenate([cost, np.zeros(extra)]), np.concatenate([lower, np.zeros(extra)]),
                np.concatenate([upper, np.full(extra, np.inf)]), np.concatenate([integer, np.zeros(extra, bool)]))

    def _x_coeffs(self, c: Cone, nv: int) -> sp.csr_matrix:
        """Rows xⱼ − aⱼbⱼ = aⱼ Δⱼ as a matrix over all variables."""
        d = sp.diags(c.a) @ c.delta
        d.resize((len(c.idx), nv))
        return sp.csr_matrix(d)

    def fixed_rows(self) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """m = Σ wⱼxⱼ (equality) and Σ sⱼ − c·m ≤ 0 for every cone."""
        rows, lo, up = [], [], []
        nv = self.n_vars
        for c in self.cones:
            xc = self._x_coeffs(c, nv)
            mrow = sp.csr_matrix(-(c.w @ xc))  # −Σ wⱼ aⱼ Δⱼ …
            mrow = mrow + sp.csr_matrix(([1.0], ([0], [c.m_var])), shape=(1, nv))
            k = float(c.w @ (c.a * c.base))
            rows.append(mrow)
            lo.append([k])
            up.append([k])
            srow = sp.csr_matrix((np.r_[np.ones(len(c.s_vars)), -c.limit], (np.zeros(len(c.s_vars) + 1, int),
                                  np.r_[c.s_vars, c.m_var])), shape=(1, nv))
            rows.append(srow)
            lo.append([-np.inf])
            up.append([0.0])
        if not rows:
            return sp.csr_matrix((0, nv)), np.zeros(0), np.zeros(0)
        return sp.vstack(rows, format="csr"), np.concatenate(lo), np.concatenate(up)

    def start(self, v: np.ndarray) -> np.ndarray:
        """Extend a plan vector with its cone variables (m = county value, sⱼ = yⱼ²/(c·m)): a MILP start."""
        out = np.concatenate([v, np.zeros(self.n_vars - len(v))])
        for c in self.cones:
            x = self.values(c, out)
            m = float(c.w @ x)
            out[c.m_var] = m
            out[c.s_vars] = c.w * (x - m) ** 2 / (c.limit * m) if m > 0 else 0.0
        return out

    def values(self, c: Cone, v: np.ndarray) -> np.ndarray:
        return c.a * (c.base + c.delta @ v[: c.delta.shape[1]])

    def add_cuts(self, c: Cone, x: np.ndarray, m: float, s: np.ndarray | None = None) -> int:
        """Tangent cuts at (yⱼ, m) for every j whose small cone is violated (all j when s is None)."""
        y = np.sqrt(c.w) * (x - m)
        f = y * y / (c.limit * m)
        sel = np.arange(len(y)) if s is None else np.flatnonzero(f > s * (1 + 1e-9) + 1e-12)
        if not len(sel):
            return 0
        yh = y[sel]
        alpha = 2 * yh / (c.limit * m)
        beta = yh * yh / (c.limit * m * m)
        sw = np.sqrt(c.w[sel])
        nv = self.n_vars
        xc = self._x_coeffs(c, nv)[sel]  # xⱼ = aⱼbⱼ + xc·v
        # sⱼ − α·√wⱼ·xⱼ + (α√wⱼ + β)·m ≥ 0
        rows = sp.diags(-alpha * sw) @ xc
        k = len(sel)
        rows = rows + sp.csr_matrix((np.ones(k), (np.arange(k), c.s_vars[sel])), shape=(k, nv))
        rows = rows + sp.csr_matrix((alpha * sw + beta, (np.arange(k), np.full(k, c.m_var))), shape=(k, nv))
        self.cut_rows.append(sp.csr_matrix(rows))
        self.cut_lower.append(alpha * sw * c.a[sel] * c.base[sel])
        return k

    def cuts(self) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        if not self.cut_rows:
            return sp.csr_matrix((0, self.n_vars)), np.zeros(0), np.zeros(0)
        lo = np.concatenate(self.cut_lower)
        return sp.vstack(self.cut_rows, format="csr"), lo, np.full(len(lo), np.inf)

    def prune(self, v: np.ndarray, tol: float = 1e-6) -> int:
        """Drop cuts that are slack at v (they stay valid; separation re-adds any that become needed)."""
        if not self.cut_rows:
            return 0
        C, lo, _ = self.cuts()
        slack = C @ v - lo
        keep = slack <= tol * (1.0 + np.abs(lo)) + tol
        dropped = int((~keep).sum())
        self.cut_rows, self.cut_lower = [C[keep]], [lo[keep]]
        self.total_cuts = getattr(self, "total_cuts", 0)
        return dropped

    @property
    def n_cuts(self) -> int:
        return int(sum(r.shape[0] for r in self.cut_rows))
