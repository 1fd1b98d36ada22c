"""Monthly zero-report (月度零报告, DESIGN §4.4): every school reports each month, even when it has no dropout.

A month's report is due by ``zero_report_due_day`` of the following month. Per school: 已报送 (with 零报告 when it
reported no dropout) or 未报送; a report after the due day is late; a missing report after the due day is
overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from junheng.retention.core.settings import RetentionSettings


def report_due(month: str, settings: RetentionSettings) -> dt.date:
    """Due day of the report for ``month`` (``YYYY-MM``).

    >>> report_due("2024-12", RetentionSettings())
    datetime.date(2025, 1, 5)
    """
    try:
        year, mon = (int(x) for x in month.split("-"))
        dt.date(year, mon, 1)
    except ValueError:
        raise ValueError(f"月份「{month}」无效，应为 YYYY-MM") from None
    year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return dt.date(year, mon, settings.zero_report_due_day)


def zero_report_status(schools: Iterable[str], submissions: pd.DataFrame, month: str, *, today: dt.date,
                       settings: RetentionSettings | None = None) -> pd.DataFrame:
    """Per school, the report for ``month``. ``submissions``: ``school_id, month, submitted_on, dropouts``
    (dropouts = number reported; 0 is a 零报告). A school's latest submission for the month counts."""
    settings = settings or RetentionSettings()
    due = report_due(month, settings)
    subs = submissions[submissions["month"].astype("str") == month].copy()
    subs["submitted_on"] = pd.to_datetime(subs["submitted_on"]).dt.date
    subs = subs.sort_values(["school_id", "submitted_on"]).drop_duplicates("school_id", keep="last")
    table = pd.DataFrame({"school_id": sorted(set(schools))}).merge(
        subs[["school_id", "submitted_on", "dropouts"]], on="school_id", how="left")
    submitted = table["submitted_on"].notna().to_numpy()
    table["month"] = month
    table["due"] = due
    table["status"] = np.where(submitted, "已报送", "未报送")
    table["zero_report"] = submitted & (table["dropouts"].fillna(-1).to_numpy() == 0)
    table["late"] = submitted & (pd.to_datetime(table["submitted_on"]) > pd.Timestamp(due)).to_numpy()
    table["overdue"] = ~submitted & (today > due)
    return table[["school_id", "month", "due", "status", "submitted_on", "dropouts", "zero_report", "late",
                  "overdue"]]
