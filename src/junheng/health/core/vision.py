"""Vision screening (视力筛查): naked-eye acuity in 5-point notation (五分记录, 4.0–5.3) per eye.

- 视力不良: either eye below ``poor_vision_below`` (5.0);
- 筛查性近视: 视力不良 and spherical equivalent (等效球镜, non-cycloplegic) ≤ ``myopia_se_at_most`` (−0.50 D)
  in the same eye; where no refraction was recorded the student is left out of the myopia denominator;
- change against last year in percentage points, and the national target: a decline of at least
  ``vision_target_decline_pp`` (0.5) points a year;
- newly poor vision: poor now, not poor at the previous screening (the follow-up list).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.health.core.settings import HealthSettings

ACUITY_RANGE = (3.0, 5.3)
DECIMAL_MAX = 2.0


def five_point(value: float) -> float:
    """Acuity in 五分记录: values up to 2.0 are 小数记录 and converted (L = 5 + lg V, to 0.1: 1.0 → 5.0, 0.5 → 4.7);
    3.0–5.3 are already 五分记录; anything else raises ``ValueError``.

    >>> five_point(1.0), five_point(0.5), five_point(1.5), five_point(4.8)
    (5.0, 4.7, 5.2, 4.8)
    """
    if 0 < value <= DECIMAL_MAX:
        return round(5 + float(np.log10(value)), 1)
    if ACUITY_RANGE[0] <= value <= ACUITY_RANGE[1]:
        return round(value, 1)
    raise ValueError(f"{value:g} 既不是五分记录（3.0–5.3）也不是小数记录（0.1–2.0）")


def classify(screening: pd.DataFrame, settings: HealthSettings | None = None) -> pd.DataFrame:
    """Adds ``poor`` (bool), ``myopia`` (bool or NA where no refraction) to a frame with columns ``left``,
    ``right`` (acuity) and optionally ``se_left``, ``se_right``."""
    s = settings or HealthSettings()
    left = pd.to_numeric(screening["left"], errors="coerce").to_numpy(float)
    right = pd.to_numeric(screening["right"], errors="coerce").to_numpy(float)
    cut = round(s.poor_vision_below * 10)
    poor_l = np.round(left * 10) < cut
    poor_r = np.round(right * 10) < cut
    out = screening.copy()
    out["poor"] = poor_l | poor_r
    se_l = pd.to_numeric(screening.get("se_left", pd.Series(np.nan, index=screening.index)), errors="coerce").to_numpy(float)
    se_r = pd.to_numeric(screening.get("se_right", pd.Series(np.nan, index=screening.index)), errors="coerce").to_numpy(float)
    has_se = ~(np.isnan(se_l) & np.isnan(se_r))
    lim = s.myopia_se_at_most + 1e-9
    myopic = (poor_l & (se_l <= lim)) | (poor_r & (se_r <= lim))
    out["myopia"] = pd.array(np.where(has_se, myopic, False), dtype="boolean")
    out.loc[~has_se, "myopia"] = pd.NA
    return out


def vision_rates(classified: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group: screened, poor, 视力不良率, myopia screened (with refraction), myopic, 筛查性近视率."""
    df = classified.assign(_n=1, _poor=classified["poor"].astype(int),
                           _m_n=classified["myopia"].notna().astype(int),
                           _m=classified["myopia"].fillna(False).astype(int))
    if df.empty:
        return pd.DataFrame(columns=[*by, "screened", "poor", "poor_rate", "refracted", "myopic", "myopia_rate"])
    g = df.groupby(by, sort=True, dropna=False)[["_n", "_poor", "_m_n", "_m"]].sum()
    g.columns = ["screened", "poor", "refracted", "myopic"]
    g["poor_rate"] = g["poor"] / g["screened"]
    g["myopia_rate"] = np.where(g["refracted"] > 0, g["myopic"] / g["refracted"].where(g["refracted"] > 0), np.nan)
    return g.reset_index()


def against_last_year(this_year: float | None, last_year: float | None,
                      settings: HealthSettings | None = None) -> dict:
    """Change in percentage points and whether the yearly target decline was met."""
    s = settings or HealthSettings()
    if this_year is None or last_year is None:
        return {"change_pp": None, "target_pp": -s.vision_target_decline_pp, "met": None}
    change = round((this_year - last_year) * 100, 2)
    return {"change_pp": change, "target_pp": -s.vision_target_decline_pp,
            "met": bool(change <= -s.vision_target_decline_pp + 1e-9)}


def newly_poor(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Students poor now whose previous screening was not poor (both classified, keyed by ``student_id``)."""
    before = previous.drop_duplicates("student_id", keep="last").set_index("student_id")["poor"]
    prev = current["student_id"].map(before)
    mask = current["poor"].to_numpy(bool) & prev.eq(False).to_numpy(bool)
    return current[mask]
