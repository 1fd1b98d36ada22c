"""Population reconciliation (DESIGN §4.4, the strongest check): every child of compulsory-school age on the
household registry's school-age list who is on no school's roll is a case.

1. Age: whole years on the reference date (default 31 August of ``year``); of age when
   ``compulsory_min_age ≤ age ≤ compulsory_max_age`` (settings, default 6–15).
2. Exact match: the ID number against every on-roll roster record (在读/休学) of the county.
3. Fuzzy fallback for the rest, producing candidates that a person confirms or rejects (``decisions``):
   same birth date and the same name or a name differing in one character (同音错字), or the same name and a birth
   date within ``date_window_days``. Roster records already matched to someone by ID number are not candidates.
   Score: 0.8 same name and birth date, 0.6 one character off with the same birth date, 0.5 same name and a
   near birth date; +0.2 when the two ID numbers differ in only one or two characters (a typo). Each candidate
   says why.
4. A child with no exact match and no confirmed candidate is ``unenrolled`` when no candidate remains, or
   ``pending`` while candidates await a decision. A record with a leaving status (转出, …) is shown as a hint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.retention.core.idnumber import birth_dates_from_id, normalize_id_numbers, parse_birth_dates
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.vocab import ON_ROLL

NAME_WIDTH = 8


@dataclass
class Reconciliation:
    """``people``: the of-age children with ``match`` (id_number | confirmed | pending | none), ``student_id``,
    ``school`` and ``hint``; ``candidates``: pairs awaiting or past a decision, with ``score`` and ``reason``."""

    people: pd.DataFrame
    candidates: pd.DataFrame

    @property
    def unenrolled(self) -> pd.DataFrame:
        """Children of age enrolled nowhere, with no candidate left: each is a case."""
        return self.people[self.people["match"] == "none"]

    @property
    def pending(self) -> pd.DataFrame:
        return self.people[self.people["match"] == "pending"]


def ages_on(birth: pd.Series, on: dt.date) -> pd.Series:
    """Whole years of age on ``on`` (周岁), vectorised; NaN where the birth date is missing.

    >>> ages_on(pd.Series(pd.to_datetime(["2018-08-31", "2018-09-01"])), dt.date(2024, 8, 31)).tolist()
    [6.0, 5.0]
    """
    b = pd.to_datetime(birth)
    before = (b.dt.month > on.month) | ((b.dt.month == on.month) & (b.dt.day > on.day))
    return (on.year - b.dt.year - before.astype("float64")).astype("float64")


def _name_matrix(names: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    arr = names.to_numpy(dtype=f"U{NAME_WIDTH}")
    return arr.view(np.uint32).reshape(len(arr), NAME_WIDTH), names.str.len().to_numpy()


def name_distance(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Characters that differ between equal-length names (substitutions only); 99 when lengths differ.

    >>> name_distance(pd.Series(["张伟", "李娜", "王小明"]), pd.Series(["张伟", "李那", "王明"])).tolist()
    [0, 1, 99]
    """
    ma, la = _name_matrix(a)
    mb, lb = _name_matrix(b)
    diff = (ma != mb).sum(axis=1)
    too_long = (la > NAME_WIDTH) | (lb > NAME_WIDTH)
    diff = np.where(too_long, np.where(a.to_numpy() == b.to_numpy(), 0, 99), diff)
    return np.where(la == lb, diff, 99)


def _id_distance(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Differing characters of two 18-character ID numbers; -1 when either is not 18 characters."""
    ok = (a.str.len() == 18).to_numpy() & (b.str.len() == 18).to_numpy()
    ma = a.where(ok, "0" * 18).to_numpy(dtype="U18").view(np.uint32).reshape(len(a), 18)
    mb = b.where(ok, "0" * 18).to_numpy(dtype="U18").view(np.uint32).reshape(len(b), 18)
    return np.where(ok, (ma != mb).sum(axis=1), -1)


def _prepare(population: pd.DataFrame) -> pd.DataFrame:
    people = population.copy()
    people["name"] = people["name"].astype("str").fillna("").str.strip()
    people["id_number"] = normalize_id_numbers(people["id_number"])
    birth = parse_birth_dates(people["birth_date"]) if "birth_date" in people else pd.Series(pd.NaT, people.index)
    people["birth"] = birth.fillna(birth_dates_from_id(people["id_number"]))
    return people


def _candidates(people: pd.DataFrame, pool: pd.DataFrame, window: int) -> pd.DataFrame:
    """Fuzzy candidate pairs (vectorised joins on birth date and on name)."""
    left = people[["id_number", "name", "birth"]].reset_index(drop=True)
    right = pool[["student_id", "name", "birth", "school", "id_number"]].rename(
        columns={"name": "roster_name", "birth": "roster_birth", "id_number": "roster_id_number"})
    by_birth = left.merge(right, left_on="birth", right_on="roster_birth")
    by_birth = by_birth[name_distance(by_birth["name"], by_birth["roster_name"]) <= 1]
    by_name = left.merge(right, left_on="name", right_on="roster_name")
    gap = (by_name["birth"] - by_name["roster_birth"]).abs().dt.days
    by_name = by_name[(gap > 0) & (gap <= window)]
    pairs = pd.concat([by_birth, by_name], ignore_index=True).drop_duplicates(["id_number", "student_id"])
    same_name = (pairs["name"] == pairs["roster_name"]).to_numpy()
    same_birth = (pairs["birth"] == pairs["roster_birth"]).to_numpy()
    ids = _id_distance(pairs["id_number"], pairs["roster_id_number"].fillna(""))
    pairs["score"] = np.round(np.select([same_birth & same_name, same_birth], [0.8, 0.6], 0.5) + np.where(
        np.isin(ids, [1, 2]), 0.2, 0.0), 2)
    reason = np.where(same_name, "姓名相同", "姓名差一字") + np.where(same_birth, "、出生日期相同", "、出生日期相近")
    id_text = np.select([ids < 0, ids == 0], ["；学籍中无有效身份证件号", "；身份证件号相同"],
                        "；身份证件号有" + ids.astype(str) + "位不同")
    pairs["reason"] = reason + id_text
    return pairs.sort_values(["id_number", "score", "student_id"], ascending=[True, False, True])


def reconcile(population: pd.DataFrame, rosters: pd.DataFrame, *, year: int | None = None,
              reference_date: dt.date | None = None, settings: RetentionSettings | None = None,
              decisions: pd.DataFrame | None = None, date_window_days: int = 31) -> Reconciliation:
    """Reconcile the school-age list (``name, id_number, birth_date, township, village``) with the county's
    normalised rosters. ``decisions``: ``id_number, student_id, accepted`` (bool) from the person confirming."""
    settings = settings or RetentionSettings()
    if reference_date is None:
        reference_date = settings.age_reference(year or dt.date.today().year)
    people = _prepare(population)
    people["age"] = ages_on(people["birth"], reference_date)
    people = people[people["age"].between(settings.compulsory_min_age, settings.compulsory_max_age)]
    records = rosters.assign(birth=parse_birth_dates(rosters["birth_date"]))
    on_roll = records[records["status"].isin(ON_ROLL) & (records["student_id"] != "")]
    exact = on_roll[on_roll["id_number"] != ""].drop_duplicates("id_number")[["id_number", "student_id", "school"]]
    people = people.merge(exact, on="id_number", how="left")
    people["match"] = np.where(people["student_id"].notna(), "id_number", "none")
    leaving = records[~records["status"].isin(ON_ROLL) & (records["id_number"] != "")].drop_duplicates("id_number")
    hint = leaving.set_index("id_number")
    people["hint"] = (hint["school"] + "：" + hint["status_label"].where(hint["status_label"] != "", hint["status"])
                      ).reindex(people["id_number"]).fillna("").to_numpy()

    pool = on_roll[~on_roll["id_number"].isin(set(people["id_number"]))]
    candidates = _candidates(people[people["match"] == "none"], pool, date_window_days)
    candidates["decision"] = "待确认"
    if decisions is not None and len(decisions):
        d = decisions.assign(accepted=decisions["accepted"].astype(bool))
        keyed = candidates.merge(d[["id_number", "student_id", "accepted"]], on=["id_number", "student_id"],
                                 how="left")
        candidates["decision"] = np.select([keyed["accepted"].eq(True).to_numpy(),
                                            keyed["accepted"].eq(False).to_numpy()], ["确认", "否定"], "待确认")
        chosen = candidates[candidates["decision"] == "确认"].drop_duplicates("id_number").set_index("id_number")
        hit = people["id_number"].isin(chosen.index) & (people["match"] == "none")
        people.loc[hit, "student_id"] = chosen["student_id"].reindex(people.loc[hit, "id_number"]).to_numpy()
        people.loc[hit, "school"] = chosen["school"].reindex(people.loc[hit, "id_number"]).to_numpy()
        people.loc[hit, "match"] = "confirmed"
    open_ids = set(candidates.loc[candidates["decision"] == "待确认", "id_number"])
    people.loc[(people["match"] == "none") & people["id_number"].isin(open_ids), "match"] = "pending"
    people["birth_date"] = people["birth"].dt.strftime("%Y-%m-%d")
    return Reconciliation(people.drop(columns=["birth"]).reset_index(drop=True),
                          candidates.drop(columns=["birth", "roster_birth"]).reset_index(drop=True))
