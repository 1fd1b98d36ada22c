"""Student-weighted coefficient of variation (差异系数), DESIGN §4.1.

With Xᵢ a section's value, Pᵢ its enrolment and P = ΣPᵢ:

    X̄ = Σ PᵢXᵢ / P          (the pooled county ratio: county total of the resource ÷ county students)
    S  = √( Σ (Pᵢ/P)·(Xᵢ − X̄)² )
    CV = S / X̄

Not the plain mean and standard deviation of the school values (public worked example: 0.515, where the
unweighted population CV is 0.489 and the sample CV 0.546).

>>> round(weighted_cv([279/45, 137/37, 935/89, 160/76, 402/55], [45, 37, 89, 76, 55]).cv, 3)
0.515
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FORMULA = "X̄ = ΣPᵢXᵢ / ΣPᵢ；S = √(Σ(Pᵢ/P)(Xᵢ − X̄)²)；CV = S / X̄"


@dataclass(frozen=True)
class CVStats:
    """The weighted CV and its parts; ``terms`` are the per-section (Pᵢ/P)(Xᵢ − X̄)²."""

    cv: float
    mean: float
    sd: float
    total_weight: float
    weights: np.ndarray
    terms: np.ndarray

    @property
    def shares(self) -> np.ndarray:
        """Each section's share of the weighted variance (sums to 1; zeros when the variance is 0)."""
        var = float(self.terms.sum())
        return self.terms / var if var > 0 else np.zeros_like(self.terms)


def weighted_cv(values: Sequence[float] | np.ndarray, students: Sequence[float] | np.ndarray) -> CVStats:
    """Student-weighted CV of section values (DESIGN §4.1). Zero when every value is equal."""
    x = np.asarray(values, dtype=float)
    p = np.asarray(students, dtype=float)
    if x.shape != p.shape or x.ndim != 1 or x.size == 0:
        raise ValueError("values 与 students 须为等长的非空一维数组")
    if np.any(p <= 0):
        raise ValueError("学生数须大于 0")
    total = float(p.sum())
    w = p / total
    mean = float(np.dot(w, x))
    dev = x - mean
    # values equal up to rounding: the CV is exactly 0 (scale-aware tolerance)
    scale = max(abs(mean), float(np.abs(x).max()))
    if scale == 0 or float(np.abs(dev).max()) <= 1e-12 * scale:
        dev = np.zeros_like(x)
    terms = w * dev * dev
    sd = float(np.sqrt(terms.sum()))
    if mean > 0:
        cv = sd / mean
    else:
        cv = 0.0 if sd == 0 else float("inf")
    return CVStats(cv=cv, mean=mean, sd=sd, total_weight=total, weights=w, terms=terms)


def cv_without_each(values: np.ndarray, students: np.ndarray) -> np.ndarray:
    """The weighted CV with each section left out in turn (vectorised; NaN when one section remains)."""
    x = np.asarray(values, dtype=float)
    p = np.asarray(students, dtype=float)
    tot_p = p.sum()
    sum_px = float(np.dot(p, x))
    sum_pxx = float(np.dot(p, x * x))
    rest_p = tot_p - p
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (sum_px - p * x) / rest_p
        var = (sum_pxx - p * x * x) / rest_p - mean * mean
        out = np.sqrt(np.clip(var, 0.0, None)) / mean
    out[rest_p <= 0] = np.nan
    return out


def raise_floor_to_limit(values: np.ndarray, students: np.ndarray, limit: float) -> float | None:
    """Smallest floor f such that raising every section below f up to f brings the CV to ``limit``.

    The CV falls strictly as the floor rises (raised sections stay below the mean), so bisection finds it.
    Returns None when the CV already passes.
    """
    x = np.asarray(values, dtype=float)
    p = np.asarray(students, dtype=float)
    if weighted_cv(x, p).cv <= limit:
        return None
    lo, hi = float(x.min()), float(x.max())
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if weighted_cv(np.maximum(x, mid), p).cv <= limit:
            hi = mid
        else:
            lo = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return hi
