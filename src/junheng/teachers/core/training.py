"""5-year 360-hour training (优质均衡 政府保障程度 第8项): each teacher's hours in the current cycle.

Cycles are ``cycle_years`` calendar years counted from ``cycle_start`` (2021 → 2021–2025, 2026–2030, …). Hours
are attendance records dated inside the cycle and on or before the as-of day; they follow the teacher, so a
teacher who moved mid-cycle keeps the hours earned at the previous school. With ``prorate_new_teachers`` a
teacher whose first post starts inside the cycle owes required × (cycle years left from that year) ÷ cycle
years (a teacher starting in the cycle's 4th year owes 2/5 of 360 = 144 hours).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.teachers.core.history import History
from junheng.teachers.core.settings import TeacherSettings


@dataclass(frozen=True, eq=False)
class Training:
    cycle: tuple[int, int]
    as_of: dt.date
    table: pd.DataFrame  # teacher_id, name, hours, required, complete, behind

    @property
    def teachers(self) -> int:
        return len(self.table)

    @property
    def complete(self) -> int:
        return int(self.table["complete"].sum())

    @property
    def rate(self) -> float | None:
        return self.complete / self.teachers if self.teachers else None

    def behind(self) -> pd.DataFrame:
        """Teachers short of their hours, the largest shortfall first."""
        b = self.table[~self.table["complete"]]
        return b.sort_values(["behind", "teacher_id"], ascending=[False, True]).reset_index(drop=True)

    def as_dict(self) -> dict:
        """The CLI contract: {"county": {teachers, complete, rate}, "teachers": {id: {hours, required, complete}}}."""
        t = self.table
        return {"county": {"teachers": self.teachers, "complete": self.complete, "rate": self.rate},
                "teachers": {str(i): {"hours": float(hv), "required": float(r), "complete": bool(c)}
                             for i, hv, r, c in zip(t["teacher_id"], t["hours"], t["required"], t["complete"])}}


def training(h: History, cycle_year: int, settings: TeacherSettings | None = None,
             as_of: dt.date | None = None, teacher_ids=None) -> Training:
    """Hours of each teacher (``teacher_ids``, default: every full-time teacher) in the cycle holding
    ``cycle_year``, counted up to ``as_of`` (default: the cycle's last day)."""
    st = settings or TeacherSettings()
    first, last = st.cycle_of(cycle_year)
    start, end = pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31)
    upto = min(end, pd.Timestamp(as_of)) if as_of is not None else end
    t = h.teachers
    if teacher_ids is None:
        t = t[t["full_time"].fillna("是").eq("是")]
    else:
        t = t[t["teacher_id"].isin(set(teacher_ids))]
    r = h.training
    r = r[(r["date"] >= start) & (r["date"] <= upto)]
    hours = r.groupby("teacher_id")["hours"].sum()
    out = pd.DataFrame({"teacher_id": t["teacher_id"].to_numpy(), "name": t["name"].to_numpy()})
    out["hours"] = out["teacher_id"].map(hours).fillna(0.0).astype(float).round(2)
    required = np.full(len(out), float(st.required_hours))
    if st.prorate_new_teachers and len(h.posts):
        joined = h.posts.groupby("teacher_id")["start"].min().dt.year
        y = out["teacher_id"].map(joined).to_numpy(dtype=float)
        left = np.clip(last - y + 1, 0, st.cycle_years)
        inside = ~np.isnan(y) & (y > first)
        required = np.where(inside, np.round(st.required_hours * left / st.cycle_years, 2), required)
    out["required"] = required
    out["complete"] = out["hours"] >= out["required"] - 1e-9
    out["behind"] = np.maximum(out["required"] - out["hours"], 0.0).round(2)
    return Training((first, last), upto.date(), out.reset_index(drop=True))
