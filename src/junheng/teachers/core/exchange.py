"""交流轮岗 (优质均衡 政府保障程度 第10项): who is eligible, who moved, and the quota per school and county.

The rule (settings): a full-time teacher is eligible in school year Y when, on the first day of Y, they have
taught at their school without a break for at least ``exchange_min_years`` whole years and are at least
``retirement_exclusion_years`` years from the statutory retirement age (retirement year − Y ≥ N). The exchanged
teachers of Y are those who started a post of an ``exchange_kinds`` kind within Y; each counts once, at the
school they came from. Rate = exchanged ÷ eligible ≥ 10 %; backbone share = backbone teachers (recognised 县级+
on the day they moved) among the exchanged ≥ 20 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.teachers.core.history import History, backbone_on, posts_on, tenure_start, years_between
from junheng.teachers.core.settings import TeacherSettings

ELIGIBILITY_COLUMNS = {"teacher_id": object, "school_id": object, "section": object, "subject": object,
                       "name": object, "gender": object, "full_time": bool, "tenure_start": "datetime64[ns]",
                       "tenure_years": int, "age": float, "years_to_retire": float, "eligible": bool, "why": object,
                       "backbone": bool}


def eligibility(h: History, year: int, settings: TeacherSettings | None = None) -> pd.DataFrame:
    """One row per teacher in post on the first day of ``year``: school, section, tenure, age, eligible, why."""
    st = settings or TeacherSettings()
    day = st.year_window(year)[0]
    on = posts_on(h, day, st)
    if on.empty:   # nobody in post on that day (a year before the records begin)
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in ELIGIBILITY_COLUMNS.items()})
    t = h.teachers.set_index("teacher_id")
    out = on[["teacher_id", "school_id", "section", "subject"]].copy()
    out["name"] = out["teacher_id"].map(t["name"])
    out["gender"] = out["teacher_id"].map(t["gender"])
    out["full_time"] = out["teacher_id"].map(t["full_time"]).fillna("是").eq("是").to_numpy()
    out["tenure_start"] = out["teacher_id"].map(tenure_start(h, day, st))
    out["tenure_years"] = years_between(out["tenure_start"], day)
    birth = pd.to_numeric(out["teacher_id"].map(t["birth_year"]), errors="coerce")
    out["age"] = (year - birth).to_numpy()
    retire = np.where(out["gender"].eq("女"), st.retirement_age_female, st.retirement_age_male)
    out["years_to_retire"] = (birth + retire - year).to_numpy()
    long_enough = out["tenure_years"] >= st.exchange_min_years
    not_retiring = out["years_to_retire"] >= st.retirement_exclusion_years
    public = _public(h, out["school_id"]) if st.public_only else np.ones(len(out), bool)
    out["eligible"] = out["full_time"] & long_enough & not_retiring & public
    out["why"] = np.select(
        [~out["full_time"], ~public, ~long_enough, ~not_retiring],
        ["非专任教师", "民办学校", f"在本校连续任教不满 {st.exchange_min_years} 年",
         f"距法定退休年龄不足 {st.retirement_exclusion_years} 年"],
        f"在本校连续任教满 {st.exchange_min_years} 年，距退休 {st.retirement_exclusion_years} 年及以上")
    bb = backbone_on(h, day, st).set_index("teacher_id")
    out["backbone"] = out["teacher_id"].isin(bb.index).to_numpy()
    return out.reset_index(drop=True)


def _public(h: History, school_ids: pd.Series) -> np.ndarray:
    own = dict(zip(h.schools["school_id"].astype(str), h.schools["ownership"]))
    return school_ids.map(own).fillna("公办").ne("民办").to_numpy()


def exchanges(h: History, year: int, settings: TeacherSettings | None = None,
              eligible: pd.DataFrame | None = None) -> pd.DataFrame:
    """The teachers who started an exchange post within ``year`` (first such move of each teacher):
    teacher_id, kind, start, from_school_id, to_school_id, section, direction, backbone (on the day), eligible."""
    st = settings or TeacherSettings()
    first, last = (pd.Timestamp(d) for d in st.year_window(year))
    p = h.posts
    moves = p[p["kind"].isin(st.exchange_kinds) & (p["start"] >= first) & (p["start"] <= last)]
    moves = moves.sort_values(["start", "teacher_id"], kind="stable").drop_duplicates("teacher_id")
    moves = moves.rename(columns={"school_id": "to_school_id"})
    counting = p[~p["kind"].isin(st.non_counting_kinds)].dropna(subset=["start"]).sort_values("start")
    before = pd.merge_asof(moves.sort_values("start"), counting[["teacher_id", "start", "school_id", "section"]]
                           .rename(columns={"school_id": "prev_school_id", "section": "prev_section"}),
                           on="start", by="teacher_id", allow_exact_matches=False)
    given = before["from_school_id"].where(before["from_school_id"].notna() & (before["from_school_id"] != ""))
    before["from_school_id"] = given.fillna(before["prev_school_id"])
    before["section"] = before["prev_section"].fillna(before["section"])
    before = before[before["from_school_id"].notna()]
    if st.public_only:
        before = before[_public(h, before["from_school_id"])]
    r = h.recognitions
    bb_ids = set()
    if len(before) and len(r):
        m = before[["teacher_id", "start"]].merge(r, on="teacher_id", suffixes=("", "_r"))
        ok = m["kind"].isin(st.backbone_kinds) & m["level"].isin(st.backbone_levels) & \
            (m["start_r"] <= m["start"]) & (m["end"].isna() | (m["end"] >= m["start"]))
        bb_ids = set(m.loc[ok, "teacher_id"])
    before["backbone"] = before["teacher_id"].isin(bb_ids).to_numpy()
    el = eligibility(h, year, st) if eligible is None else eligible
    before["eligible"] = before["teacher_id"].isin(set(el.loc[el["eligible"], "teacher_id"])).to_numpy()
    before["direction"] = _direction(h, before)
    cols = ["teacher_id", "kind", "start", "from_school_id", "to_school_id", "section", "subject", "direction",
            "backbone", "eligible"]
    return before[cols].sort_values(["from_school_id", "teacher_id"]).reset_index(drop=True)


def _direction(h: History, moves: pd.DataFrame) -> pd.Series:
    """The recorded direction, or one derived from the schools' 城乡类别 (城区→乡村, 城区→镇区, 镇区→乡村, …)."""
    loc = dict(zip(h.schools["school_id"].astype(str), h.schools["location"]))
    a = moves["from_school_id"].map(loc).astype(object)
    b = moves["to_school_id"].map(loc).astype(object)
    arrow = [f"{x}→{y}" for x, y in zip(a.fillna(""), b.fillna(""), strict=True)]
    derived = np.where(a.isna() | b.isna(), "其他", np.where(a == b, "同类学校之间", np.array(arrow, dtype=object)))
    given = moves["direction"] if "direction" in moves else pd.Series(None, index=moves.index)
    return given.where(given.notna() & (given != ""), pd.Series(derived, index=moves.index))


@dataclass(frozen=True)
class QuotaLine:
    """One school's (or the county's) exchange figures against the thresholds."""

    eligible: int
    exchanged: int
    backbone_exchanged: int
    rate_min: float
    share_min: float

    @property
    def rate(self) -> float | None:
        return self.exchanged / self.eligible if self.eligible else None

    @property
    def backbone_share(self) -> float | None:
        return self.backbone_exchanged / self.exchanged if self.exchanged else None

    @property
    def passes(self) -> bool:
        r, s = self.rate, self.backbone_share
        return r is not None and s is not None and r >= self.rate_min - 1e-12 and s >= self.share_min - 1e-12

    @property
    def needed(self) -> int:
        """More exchanged teachers needed to reach the rate (whole people)."""
        return max(0, int(np.ceil(self.eligible * self.rate_min - 1e-9)) - self.exchanged)

    @property
    def backbone_needed(self) -> int:
        """More backbone teachers among the exchanged needed for the share (with the rate's number of people)."""
        total = max(self.exchanged, self.exchanged + self.needed)
        return max(0, int(np.ceil(total * self.share_min - 1e-9)) - self.backbone_exchanged)

    def as_dict(self) -> dict:
        return {"eligible": self.eligible, "exchanged": self.exchanged, "rate": self.rate,
                "backbone_exchanged": self.backbone_exchanged, "backbone_share": self.backbone_share,
                "passes": self.passes}

    def arithmetic(self) -> str:
        r = "—" if self.rate is None else f"{self.rate:.1%}"
        s = "—" if self.backbone_share is None else f"{self.backbone_share:.1%}"
        return (f"交流 {self.exchanged} 人 ÷ 符合条件 {self.eligible} 人 = {r}（≥ {self.rate_min:.0%}）；"
                f"其中骨干 {self.backbone_exchanged} ÷ {self.exchanged} = {s}（≥ {self.share_min:.0%}）")


@dataclass(frozen=True, eq=False)
class Quota:
    year: int
    county: QuotaLine
    schools: dict[str, QuotaLine]
    eligible: pd.DataFrame   # eligibility() rows
    moved: pd.DataFrame      # exchanges() rows

    def as_dict(self) -> dict:
        """The CLI contract: {"county": {...}, "schools": {school_id: {...}}}."""
        return {"county": self.county.as_dict(), "schools": {k: v.as_dict() for k, v in sorted(self.schools.items())}}


def quota(h: History, year: int, settings: TeacherSettings | None = None) -> Quota:
    """Eligible and exchanged teachers of ``year`` per school and for the county, against 10 % / 20 %."""
    st = settings or TeacherSettings()
    el = eligibility(h, year, st)
    mv = exchanges(h, year, st, el)
    e = el[el["eligible"]].groupby("school_id").size()
    x = mv.groupby("from_school_id").size()
    b = mv[mv["backbone"]].groupby("from_school_id").size()
    ids = sorted(set(el["school_id"]) | set(mv["from_school_id"]))

    def line(i):
        return QuotaLine(int(e.get(i, 0)), int(x.get(i, 0)), int(b.get(i, 0)), st.exchange_rate_min,
                         st.backbone_share_min)

    county = QuotaLine(int(el["eligible"].sum()), len(mv), int(mv["backbone"].sum()), st.exchange_rate_min,
                       st.backbone_share_min)
    return Quota(year, county, {i: line(i) for i in ids}, el, mv)


def reference_day(settings: TeacherSettings, year: int) -> dt.date:
    return settings.year_window(year)[0]
