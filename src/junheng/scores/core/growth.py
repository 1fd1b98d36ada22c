"""Student growth percentiles (SGP, DESIGN §4.3) — the second view of value-added.

As the open SGP method does, the conditional quantiles of the current score given prior score(s) are
estimated by quantile regression on a cubic B-spline basis of each prior (interior knots at the 20/40/60/80th
percentiles), for τ = 0.01 … 0.99. A student's SGP is the number of fitted conditional quantiles below their
current score (clipped to 1…99): the percentage of students with the same prior scores who grew less.

The 99 quantile regressions are solved together by Newton steps on the convolution-smoothed check loss
(He, Pan, Tan & Zhou 2021, "conquer"), vectorised over τ; it agrees with statsmodels QuantReg within a small
fraction of the residual SD (tests/scores/test_growth.py) and is ~100× faster. The fit uses at most
``max_fit`` randomly drawn students; percentiles are computed for everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special
from scipy.interpolate import BSpline

from junheng.scores.core.model import ScoresInputError

TAUS = np.arange(1, 100) / 100.0


@dataclass(frozen=True)
class SplineBasis:
    """Additive cubic B-spline basis of several priors (full basis for the first, one column dropped for
    the others so the columns stay linearly independent; B-splines of one prior sum to 1)."""

    knots: tuple[np.ndarray, ...]
    degree: int = 3

    @classmethod
    def fit(cls, priors: np.ndarray, inner: Sequence[float] = (0.2, 0.4, 0.6, 0.8)) -> SplineBasis:
        knots = []
        for j in range(priors.shape[1]):
            column = priors[:, j]
            low, high = float(column.min()), float(column.max())
            if high <= low:
                high = low + 1.0
            interior = np.unique(np.quantile(column, inner))
            interior = interior[(interior > low) & (interior < high)]
            knots.append(np.r_[[low] * 4, interior, [high] * 4])
        return cls(tuple(knots))

    def __call__(self, priors: np.ndarray) -> np.ndarray:
        blocks = []
        for j, t in enumerate(self.knots):
            x = np.clip(priors[:, j], t[0], t[-1])
            block = BSpline.design_matrix(x, t, self.degree).toarray()
            blocks.append(block if j == 0 else block[:, 1:])
        return np.hstack(blocks)


def smoothed_quantile_regression(
    design: np.ndarray,
    y: np.ndarray,
    taus: np.ndarray = TAUS,
    *,
    max_iter: int = 50,
    tol: float = 1e-7,
) -> np.ndarray:
    """Coefficients (len(taus), p) of the convolution-smoothed quantile regression of y on ``design``.

    The design must contain a constant (or columns summing to one). Gaussian kernel, bandwidth
    h = s·max(((log n + p) / n)^0.4, 0.05) with s a robust residual scale.
    """
    n, p = design.shape
    ols = np.linalg.lstsq(design, y, rcond=None)[0]
    resid = y - design @ ols
    iqr = np.subtract(*np.quantile(resid, [0.75, 0.25]))
    scale = min(float(resid.std()), iqr / 1.349) or float(resid.std()) or 1.0
    h = scale * max(((np.log(n) + p) / n) ** 0.4, 0.05)
    intercept = np.linalg.lstsq(design, np.ones(n), rcond=None)[0]  # coefficients giving a constant 1
    beta = ols[None, :] + np.quantile(resid, taus)[:, None] * intercept[None, :]
    outer = (design[:, :, None] * design[:, None, :]).reshape(n, p * p)
    ridge = 1e-10 * np.eye(p) * (outer.sum(axis=0).reshape(p, p).trace() / p)

    root2pi = np.sqrt(2 * np.pi)

    def evaluate(b: np.ndarray, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # smoothed check loss ℓ_h(u) = u·(τ − Φ(−u/h)) + h·φ(u/h) per τ, with Φ(−u/h) and φ(u/h)
        u = y[None, :] - b @ design.T
        cdf = special.ndtr(-u / h)
        pdf = np.exp(-0.5 * (u / h) ** 2) / root2pi
        return (u * (tau[:, None] - cdf) + h * pdf).sum(axis=1), cdf, pdf

    loss, cdf, pdf = evaluate(beta, taus)
    active = np.ones(len(taus), dtype=bool)  # τ still moving
    for _ in range(max_iter):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        grad = (cdf[rows] - taus[rows, None]) @ design
        hess = ((pdf[rows] / h) @ outer).reshape(-1, p, p) + ridge
        step = np.linalg.solve(hess, grad[:, :, None])[:, :, 0]
        size = np.ones(rows.size)
        pending = np.arange(rows.size)  # rows whose trial is not accepted yet
        for _halving in range(12):  # backtracking per τ: accept only steps that do not raise the loss
            sel = rows[pending]
            t_loss, t_cdf, t_pdf = evaluate(beta[sel] - size[pending, None] * step[pending], taus[sel])
            ok = t_loss <= loss[sel] + 1e-10 * np.abs(loss[sel])
            accepted = sel[ok]
            beta[accepted] -= size[pending[ok], None] * step[pending[ok]]
            loss[accepted], cdf[accepted], pdf[accepted] = t_loss[ok], t_cdf[ok], t_pdf[ok]
            pending = pending[~ok]
            if pending.size == 0:
                break
            size[pending] *= 0.5
        moved = np.abs(size[:, None] * step).max(axis=1)
        moved[pending] = 0.0  # no improving step found: converged to the precision of the loss
        active[rows[moved < tol * max(1.0, float(np.abs(beta).max()))]] = False
    return beta


@dataclass(frozen=True)
class GrowthModel:
    """Fitted conditional quantile curves."""

    basis: SplineBasis
    coefficients: np.ndarray  # (99, p)

    def quantiles(self, priors: np.ndarray) -> np.ndarray:
        """Fitted conditional quantiles (n, 99), rearranged to be non-decreasing in τ."""
        return np.sort(self.basis(priors) @ self.coefficients.T, axis=1)

    def percentiles(self, current: np.ndarray, priors: np.ndarray, chunk: int = 100_000) -> np.ndarray:
        """SGP = #(fitted quantiles < current score), clipped to 1…99 (counting needs no rearrangement)."""
        out = np.empty(current.shape[0], dtype=np.int16)
        for start in range(0, current.shape[0], chunk):
            part = slice(start, start + chunk)
            fitted = self.basis(priors[part]) @ self.coefficients.T
            out[part] = np.clip((fitted < current[part, None]).sum(axis=1), 1, 99)
        return out


def fit_growth(current: np.ndarray, priors: np.ndarray, *, max_fit: int = 20_000, seed: int = 0) -> GrowthModel:
    """Fit the 99 conditional quantile curves (on a random sample of at most ``max_fit`` students)."""
    current = np.asarray(current, dtype=np.float64)
    priors = np.asarray(priors, dtype=np.float64).reshape(current.shape[0], -1)
    if current.shape[0] < 20:
        raise ScoresInputError("学生增长百分位至少需要 20 名有前后成绩的学生")
    if current.shape[0] > max_fit:
        pick = np.random.default_rng(seed).choice(current.shape[0], max_fit, replace=False)
        current, priors = current[pick], priors[pick]
    basis = SplineBasis.fit(priors)
    return GrowthModel(basis, smoothed_quantile_regression(basis(priors), current))


def growth_percentiles(
    current: pd.DataFrame,
    priors: Sequence[pd.DataFrame],
    subject: str,
    *,
    prior_columns: Sequence[str] | None = None,
    max_fit: int = 20_000,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SGP of every linked student and the median SGP (MGP) of each school.

    Returns (students: student_id, school, class, current, priors…, sgp; schools: school, n, median_sgp).
    """
    from junheng.scores.core.value_added import link_exams

    linked, names, _ = link_exams(current, priors, subject, prior_columns)
    y = linked["current"].to_numpy(dtype=np.float64)
    x = linked[names].to_numpy(dtype=np.float64)
    model = fit_growth(y, x, max_fit=max_fit, seed=seed)
    students = linked.assign(sgp=model.percentiles(y, x))
    schools = (
        students.groupby("school", sort=True)["sgp"]
        .agg(n="count", median_sgp="median")
        .reset_index()
    )
    return students, schools
