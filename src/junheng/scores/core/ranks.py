"""Competition ranks, percentile ranks and standard scores (DESIGN §4.3).

Ranks are computed by counting, not by sorting rows: scores take few distinct values, so the rank of a score in
its group is 1 + the number of scores in the group that are strictly higher — a ``bincount`` over
(group, distinct value) followed by a cumulative sum. This is O(n) and measured 4× faster than DuckDB window
functions on 9,000,000 scores (benchmarks/scores.py); a sort-based path takes over when groups × distinct values
would need too much memory.
"""

from __future__ import annotations

import numpy as np

_MAX_CELLS = 1 << 24  # bincount table limit (16M counters = 128 MiB)


def value_codes(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Dense codes of the distinct values, 0 = the highest value, and the number of codes.

    Scores on a grid of 1/q points (q = 1, 2, 4, 5, 10, 20, 100) are coded in O(n) as ``rint(x·q)``; other
    values by ``np.unique``. Codes only need to preserve order and ties; on the grid, values closer than
    1e-7 point are the same score (0.1 + 0.2 ties with 0.3: floating-point noise is not a difference).
    """
    values = np.asarray(values, dtype=np.float64)
    if values.size and np.isfinite(values).all():
        low, high = float(values.min()), float(values.max())
        for q in (1, 2, 4, 5, 10, 20, 100):
            if (high - low) * q > 4_000_000:
                break
            scaled = values * q
            grid = np.rint(scaled)
            if np.abs(scaled - grid).max() <= 1e-7:
                top = np.rint(high * q)
                return (top - grid).astype(np.int64), int(top - np.rint(low * q)) + 1
    uniques, inverse = np.unique(values, return_inverse=True)
    return (uniques.shape[0] - 1 - inverse).astype(np.int64), int(uniques.shape[0])


def competition_rank(values: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """Competition rank (1, 2, 2, 4), highest value = 1, within each group.

    ``values`` must hold no NaN (absent students are not ranked); ``groups`` are non-negative integer codes.

    >>> competition_rank(np.array([90.0, 80.0, 90.0, 70.0])).tolist()
    [1, 3, 1, 4]
    >>> competition_rank(np.array([5.0, 6.0, 6.0, 1.0]), np.array([0, 0, 1, 1])).tolist()
    [2, 1, 1, 2]
    """
    values = np.asarray(values, dtype=np.float64)
    if values.shape[0] == 0:
        return np.zeros(0, dtype=np.int32)
    if np.isnan(values).any():
        raise ValueError("competition_rank: values contain NaN")
    code, n_values = value_codes(values)
    return ranks_from_codes(code, n_values, groups)


def ranks_from_codes(code: np.ndarray, n_values: int, groups: np.ndarray | None = None) -> np.ndarray:
    """Competition ranks from :func:`value_codes` (reuse the codes for several groupings of one subject)."""
    if groups is None:
        counts = np.bincount(code, minlength=n_values)
        higher = np.cumsum(counts) - counts
        return (higher[code] + 1).astype(np.int32)
    groups = np.asarray(groups, dtype=np.int64)
    n_groups = int(groups.max()) + 1 if groups.size else 1
    if n_groups * n_values <= _MAX_CELLS:
        key = groups * n_values + code
        counts = np.bincount(key, minlength=n_groups * n_values).reshape(n_groups, n_values)
        higher = np.cumsum(counts, axis=1) - counts
        return (higher.ravel()[key] + 1).astype(np.int32)
    return _rank_by_sorting(code, groups)


def _rank_by_sorting(code: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Sort-based grouped competition rank (used when the counting table would be too large)."""
    order = np.lexsort((code, groups))
    g_sorted = groups[order]
    c_sorted = code[order]
    n = order.shape[0]
    position = np.arange(n, dtype=np.int64)
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = g_sorted[1:] != g_sorted[:-1]
    new_value = new_group.copy()
    new_value[1:] |= c_sorted[1:] != c_sorted[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    value_start = np.maximum.accumulate(np.where(new_value, position, 0))
    ranks = np.empty(n, dtype=np.int32)
    ranks[order] = (value_start - group_start + 1).astype(np.int32)
    return ranks


def group_sizes(groups: np.ndarray | None, n: int) -> np.ndarray:
    """Size of each element's group (n everywhere when ``groups`` is None)."""
    if groups is None:
        return np.full(n, n, dtype=np.int64)
    groups = np.asarray(groups, dtype=np.int64)
    return np.bincount(groups)[groups]


def percentile_rank(ranks: np.ndarray, sizes: np.ndarray | int) -> np.ndarray:
    """百分等级 PR = 100 − (100·R − 50) / N for competition rank R among N students.

    The best of 100 students gets 99.5, the worst 0.5; a single student gets 50.

    >>> percentile_rank(np.array([1, 100]), 100).tolist()
    [99.5, 0.5]
    """
    return 100.0 - (100.0 * np.asarray(ranks, dtype=np.float64) - 50.0) / np.asarray(sizes, dtype=np.float64)


def z_scores(values: np.ndarray, mean: float, sd: float) -> np.ndarray:
    """Standard score Z = (x − mean) / SD (population SD); 0 for everyone when SD is 0."""
    values = np.asarray(values, dtype=np.float64)
    if not sd > 0:
        return np.zeros_like(values)
    return (values - mean) / sd


def t_scores(z: np.ndarray) -> np.ndarray:
    """T score = 50 + 10·Z.

    >>> t_scores(np.array([-1.0, 0.0, 2.0])).tolist()
    [40.0, 50.0, 70.0]
    """
    return 50.0 + 10.0 * np.asarray(z, dtype=np.float64)
