"""Dropout rates and 巩固率 (retention rates), pooled by school, township and county.

Pooled means a group's rate is its summed numerator over its summed denominator — never the mean of school
rates.

- Annual dropout rate (年辍学率) = dropouts during the school year ÷ students enrolled at its start. The dropouts
  are either counted from cases/census (``dropouts``) or, as the statistics forms do, derived from the balance
  ``start − end + transfers in − transfers out − deaths`` (``dropouts_from_balance``).
- 巩固率 (DESIGN §4.1): graduates this year ÷ (the cohort's intake — 初一 three years earlier for 初中, 一年级 six
  years earlier for 小学 — + transfers in − transfers out), deducting deaths too when ``deduct_deaths`` is set.
  初中三年巩固率 must reach ``junior_retention_threshold`` (95%) for 优质均衡.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from junheng.retention.core.settings import RetentionSettings

LEVELS = {"school": ["school_id"], "township": ["township_code"], "county": []}


def _group(frame: pd.DataFrame, level: str, columns: Sequence[str]) -> pd.DataFrame:
    if level not in LEVELS:
        raise ValueError(f"汇总层级「{level}」无效，应为：{'、'.join(LEVELS)}")
    keys = LEVELS[level]
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ValueError(f"缺少列：{'、'.join(missing)}")
    if not keys:
        return frame[list(columns)].sum().to_frame().T.assign(county="全县")[["county", *columns]]
    return frame.groupby(keys, sort=True, as_index=False)[list(columns)].sum()


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num, den = numerator.astype("float64"), denominator.astype("float64")
    return pd.Series(np.where(den > 0, num / den.where(den > 0, 1.0), np.nan), index=numerator.index)


def dropouts_from_balance(counts: pd.DataFrame) -> pd.Series:
    """Dropouts implied by the enrolment balance of the statistics forms:
    ``start_enrolment − end_enrolment + transfers_in − transfers_out − deaths`` (never below zero)."""
    d = (counts["start_enrolment"] - counts["end_enrolment"] + counts["transfers_in"] - counts["transfers_out"]
         - counts["deaths"])
    return d.clip(lower=0)


def dropout_rates(counts: pd.DataFrame, level: str = "school") -> pd.DataFrame:
    """Annual dropout rate per ``level`` (school, township or county) from ``start_enrolment`` and ``dropouts``
    per school (plus ``school_id``/``township_code`` as the level needs)."""
    table = _group(counts, level, ["start_enrolment", "dropouts"])
    table["dropout_rate"] = _ratio(table["dropouts"], table["start_enrolment"])
    return table


def retention_rates(cohorts: pd.DataFrame, level: str = "school", *, section: str = "初中",
                    settings: RetentionSettings | None = None) -> pd.DataFrame:
    """巩固率 per ``level`` from ``intake, transfers_in, transfers_out, deaths, graduates`` per school.

    ``section`` is 初中 (三年巩固率; checked against the threshold) or 小学 (六年巩固率)."""
    settings = settings or RetentionSettings()
    if section not in ("初中", "小学"):
        raise ValueError(f"学段「{section}」无效，应为 初中 或 小学")
    table = _group(cohorts, level, ["intake", "transfers_in", "transfers_out", "deaths", "graduates"])
    base = table["intake"] + table["transfers_in"] - table["transfers_out"]
    if settings.deduct_deaths:
        base = base - table["deaths"]
    table["base"] = base
    table["retention_rate"] = _ratio(table["graduates"], base)
    table["section"] = section
    if section == "初中":
        table["meets_threshold"] = table["retention_rate"] >= settings.junior_retention_threshold
    return table


def census_dropout_counts(census, schools: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per school of last term, from a ``CensusResult`` between the start and end of a school year: students on
    roll at the start, suspected dropouts, recorded dropouts (辍学) and their sum as ``dropouts``. ``schools``
    (``school_id, township_code``) adds the township."""
    s = census.students
    on_roll_start = s["status"].isin(["在读", "休学"])
    frame = pd.DataFrame({
        "school_id": s["school"],
        "start_enrolment": on_roll_start.astype("int64"),
        "suspected_dropouts": (s["outcome"] == "suspected_dropout").astype("int64"),
        "recorded_dropouts": (s["outcome"] == "dropped_out").astype("int64"),
    })
    table = frame.groupby("school_id", sort=True, as_index=False).sum()
    table["dropouts"] = table["suspected_dropouts"] + table["recorded_dropouts"]
    if schools is not None:
        table = table.merge(schools[["school_id", "township_code"]], on="school_id", how="left")
    return table
