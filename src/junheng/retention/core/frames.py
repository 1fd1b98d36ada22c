"""Small vectorised helpers for large text columns (pandas 3 Arrow strings).

Measured on 1,000,000 rows here: ``Series.isin(<another large Series>)`` on Arrow strings loops in Python
(seconds), ``str.split`` ≈ 1 s, ``Series.map(dict)`` ≈ 0.4 s — so large membership tests go through
``pyarrow.compute.is_in`` and per-value parsing runs on the distinct values only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def on_distinct(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``func(values)`` computed on the distinct values only (``func`` must be elementwise and vectorised).

    >>> on_distinct(pd.Series(["a", "b", "a", None]), lambda s: s.str.upper()).tolist()
    ['A', 'B', 'A', nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(uniques).reindex(range(len(uniques) + 1))  # last entry: the missing value
    result = func(distinct).reset_index(drop=True)
    return pd.Series(result.take(np.where(codes < 0, len(uniques), codes)).array, index=values.index)


def _arrow(values: pd.Series) -> pa.ChunkedArray | pa.Array:
    return pa.array(values.astype("str"), type=pa.large_string())


def isin_text(values: pd.Series, members: Iterable[str] | pd.Series) -> pd.Series:
    """``values.isin(members)`` for text, fast when both sides are large; missing values are never members.

    >>> isin_text(pd.Series(["a", "b", None]), ["b", "c"]).tolist()
    [False, True, False]
    """
    pool = members if isinstance(members, pd.Series) else pd.Series(list(members), dtype="str")
    hit = pc.is_in(_arrow(values), value_set=pc.unique(_arrow(pool.dropna())), skip_nulls=True)
    return pd.Series(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool), index=values.index)
