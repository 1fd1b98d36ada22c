"""Fitness results summed up by class, school, township, county and sex (vectorised group-bys).

- ``n``: students with a 学年总分 (免测 and incomplete results are not counted);
- ``excellent_rate`` = 优秀 / n; ``good_rate`` = 良好 / n (the 良好 band alone);
  ``pass_rate`` = (优秀 + 良好 + 及格) / n — 及格及以上, the 合格率 of the national reports;
- ``mean_<item>``: mean single-item score of those who took the item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RATES = ("excellent_rate", "good_rate", "pass_rate")


def rates(scored: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One row per group of ``by`` with n, counts per rating, the three rates and the mean total."""
    done = scored[scored["complete"]]
    flags = pd.DataFrame({
        **{k: done[k] for k in by},
        "n": 1,
        "excellent": (done["rating"] == "优秀").astype(int),
        "good": (done["rating"] == "良好").astype(int),
        "passed": (done["rating"] != "不及格").astype(int),
        "failed": (done["rating"] == "不及格").astype(int),
        "total": done["total"],
    })
    if flags.empty:
        return pd.DataFrame(columns=[*by, "n", "excellent", "good", "passed", "failed", "mean_total", *RATES])
    g = flags.groupby(by, sort=True, dropna=False)
    out = g[["n", "excellent", "good", "passed", "failed"]].sum()
    out["mean_total"] = g["total"].mean().round(1)
    out["excellent_rate"] = out["excellent"] / out["n"]
    out["good_rate"] = out["good"] / out["n"]
    out["pass_rate"] = out["passed"] / out["n"]
    return out.reset_index()


def county_rates(scored: pd.DataFrame) -> dict:
    row = rates(scored.assign(_all=1), ["_all"])
    if row.empty:
        return {"n": 0, "excellent_rate": None, "good_rate": None, "pass_rate": None, "mean_total": None}
    r = row.iloc[0]
    return {"n": int(r["n"]), "excellent_rate": float(r["excellent_rate"]), "good_rate": float(r["good_rate"]),
            "pass_rate": float(r["pass_rate"]), "mean_total": float(r["mean_total"])}


def item_means(scored: pd.DataFrame, by: list[str], items: list[str]) -> pd.DataFrame:
    cols = [f"score_{i}" for i in items]
    present = scored[[*by, *cols]]
    out = present.groupby(by, sort=True, dropna=False)[cols].mean().round(1)
    out.columns = [f"mean_{i}" for i in items]
    return out.reset_index()


def rating_counts(scored: pd.DataFrame) -> dict[str, int]:
    done = scored[scored["complete"]]
    counts = done["rating"].value_counts()
    return {r: int(counts.get(r, 0)) for r in ("优秀", "良好", "及格", "不及格")}


def trend(yearly: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rates per year and group (``yearly`` has a ``year`` column) — the series the trend charts show."""
    return rates(yearly, ["year", *by]).sort_values(["year", *by]).reset_index(drop=True)


def below_pass(scored: pd.DataFrame) -> pd.DataFrame:
    """Students whose 学年总分 is 不及格, lowest first (the list each school works through)."""
    out = scored[scored["complete"] & (scored["rating"] == "不及格")]
    return out.sort_values(["total"], kind="stable")


def weakest_item(row_scores: pd.Series, items: list[str]) -> str | None:
    values = {i: row_scores.get(f"score_{i}") for i in items}
    values = {i: v for i, v in values.items() if v is not None and not np.isnan(v)}
    return min(values, key=values.get) if values else None
