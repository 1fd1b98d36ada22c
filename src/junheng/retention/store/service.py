"""The retention module's database-facing service API for other modules and the pages.

- ``consolidation_rate(session, year)`` — 巩固率 figures (初中三年, 小学六年) for the graduation year ``year``:
  what the balance module's 教育质量 dimension reads (DESIGN §4.1: 初中三年巩固率 ≥ 95%).
- ``load_settings(data_dir)`` — the county's 控辍保学 rules: ``<data_dir>/retention.yaml`` if present, else defaults.
- ``today()`` — the date every deadline is judged on (one place, so tests can fix it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import yaml
from sqlalchemy.orm import Session

from junheng.retention.core.rates import retention_rates
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.store.cohort import cohort_figures

SETTINGS_FILE = "retention.yaml"
SECTION_KEYS = {"junior": "初中", "primary": "小学"}


def today() -> dt.date:
    return dt.date.today()


def load_settings(data_dir: Path | None) -> RetentionSettings:
    """``retention.yaml`` in the data directory (any field of ``RetentionSettings``), else the defaults."""
    path = Path(data_dir) / SETTINGS_FILE if data_dir is not None else None
    if path is None or not path.exists():
        return RetentionSettings()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return RetentionSettings(**data)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _figures(row: pd.Series) -> dict:
    out = {k: int(row[k]) for k in ("intake", "transfers_in", "transfers_out", "deaths", "graduates", "base")}
    out["rate"] = _number(row["retention_rate"])
    if "meets_threshold" in row:
        out["meets_threshold"] = None if out["rate"] is None else bool(row["meets_threshold"])
    return out


def section_rates(session: Session, section: str, year: int, settings: RetentionSettings | None = None) -> dict:
    """巩固率 of one section for the county, each township and each school, with the figures behind it."""
    settings = settings or RetentionSettings()
    frame, source = cohort_figures(session, section, year)
    if frame is None:
        return {"section": section, "year": year, "available": False, "source": "", "rate": None,
                "townships": [], "schools": []}
    county = retention_rates(frame, "county", section=section, settings=settings).iloc[0]
    towns = retention_rates(frame, "township", section=section, settings=settings)
    schools = retention_rates(frame, "school", section=section, settings=settings)
    names = frame.set_index("school_id")["school_name"]
    return {
        "section": section, "year": year, "available": True, "source": source, **_figures(county),
        "townships": [{"township_code": r["township_code"], **_figures(r)} for _, r in towns.iterrows()],
        "schools": [{"school_id": r["school_id"], "school_name": names.get(r["school_id"], ""), **_figures(r)}
                    for _, r in schools.iterrows()],
    }


def consolidation_rate(session: Session, year: int, settings: RetentionSettings | None = None) -> dict:
    """巩固率 for the cohorts graduating in ``year``.

    Returns ``{"year", "threshold", "deduct_deaths", "junior": {...}, "primary": {...}}``; each section has
    ``available`` (False when neither imported figures nor a complete run of rosters exist), ``rate`` (0–1 or
    None), the county figures ``intake, transfers_in, transfers_out, deaths, graduates, base``, ``source``, and
    lists ``townships`` and ``schools`` with the same figures. ``junior`` also has ``meets_threshold``
    (rate ≥ ``junior_retention_threshold``, 95% by default).
    """
    settings = settings or RetentionSettings()
    out = {"year": year, "threshold": settings.junior_retention_threshold, "deduct_deaths": settings.deduct_deaths}
    for key, section in SECTION_KEYS.items():
        out[key] = section_rates(session, section, year, settings)
    return out
