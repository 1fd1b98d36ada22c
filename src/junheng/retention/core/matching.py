"""Link each previous-term student to their current-term record: by 学籍号 (student_id) first, then by ID number.

Rules (issue 4, vectorised):
1. A roster may list one 学籍号 twice — e.g. the old school's 转出 row and the new school's 在读 row in a
   county-wide export. One record per 学籍号 is kept, the one on roll (在读/休学) first; two schools holding the
   same student on roll is a 重复学籍 warning.
2. Previous students are joined to current records on ``student_id``.
3. Those not found — or found only with a leaving record (转出, …) — are looked up by ``id_number`` among
   current records whose 学籍号 was unknown last term ("unclaimed"). This finds the student who changed
   school *and* 学籍号 but kept the ID number. An on-roll record always beats a leaving record; an ID number shared
   by two previous students is ambiguous and not used (a warning).

Text keys are factorised once into integer codes (``_sid``, ``_pid``): joins and membership tests on two million
rows then run on int64 arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.retention.core.frames import isin_text
from junheng.retention.core.vocab import ON_ROLL

CURRENT = ("student_id", "school", "grade", "status", "status_label")
WARNING_COLUMNS = ("kind", "student_id", "id_number", "schools", "detail")


def _empty_warnings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="str") for c in WARNING_COLUMNS})


def _warnings(kind: str, frame: pd.DataFrame, key: str, detail: str) -> pd.DataFrame:
    """One warning per conflicting key, naming every school involved (few rows reach here)."""
    pairs = frame.drop_duplicates([key, "school"]).sort_values([key, "school"])
    schools = pairs.groupby(key, sort=True)["school"].agg("、".join)
    first = pairs.drop_duplicates(key)
    return pd.DataFrame({"kind": kind, "student_id": first["student_id"].to_numpy(),
                         "id_number": first["id_number"].to_numpy(),
                         "schools": schools.reindex(first[key].to_numpy()).to_numpy(), "detail": detail})


def _codes(*columns: pd.Series) -> list[np.ndarray]:
    """Shared integer codes for text keys across frames (one hash pass over all of them)."""
    joined = pd.concat(columns, ignore_index=True)
    codes, _ = pd.factorize(joined, use_na_sentinel=True)
    out, start = [], 0
    for col in columns:
        out.append(codes[start:start + len(col)].astype(np.int64))
        start += len(col)
    return out


def pick_one(frame: pd.DataFrame, key: str, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per integer ``key`` (-1 = blank, never merged): on-roll rows first, then by school id.
    Returns (rows, warnings of double enrolment)."""
    dup = frame[key].duplicated(keep=False).to_numpy() & (frame[key].to_numpy() >= 0)
    if not dup.any():
        return frame, _empty_warnings()
    d = frame[dup].assign(_off=~frame.loc[dup, "status"].isin(ON_ROLL))
    d = d.sort_values([key, "_off", "school"], kind="stable")
    chosen = d.drop_duplicates(key).drop(columns="_off")
    on = d[~d["_off"]]
    schools_per_key = on.groupby(key)["school"].nunique()
    clash = on[on[key].isin(schools_per_key.index[schools_per_key > 1])]
    label = "学籍号" if key == "_sid" else "身份证件号"
    key_name = "student_id" if key == "_sid" else "id_number"
    warn = (_warnings("重复学籍", clash, key_name, f"{what}中同一{label}在多所学校同时在籍，已按学校标识码取第一所")
            if len(clash) else _empty_warnings())
    return pd.concat([frame[~dup], chosen]), warn


def link_terms(previous: pd.DataFrame, current: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Join normalised rosters. Returns (previous students with ``current_*`` columns and ``matched_by``,
    current records that no previous student claimed, warnings)."""
    previous, current = previous.reset_index(drop=True), current.reset_index(drop=True)
    p_sid, c_sid = _codes(previous["student_id"], current["student_id"])
    prev, w1 = pick_one(previous.assign(_sid=p_sid), "_sid", "上学期花名册")
    cur, w2 = pick_one(current.assign(_sid=c_sid), "_sid", "本学期花名册")

    cur_sub = cur[[*CURRENT, "_sid"]].rename(columns={c: f"current_{c}" for c in CURRENT})
    linked = prev.merge(cur_sub, how="left", on="_sid", sort=False)
    linked["matched_by"] = np.where(linked["current_student_id"].notna(), "student_id", "")

    # second pass, by ID number, on the few students still unaccounted for (small frames from here on)
    unclaimed = cur[~np.isin(cur["_sid"].to_numpy(), prev["_sid"].to_numpy()) & (cur["id_number"] != "")]
    seeking = (linked["current_student_id"].isna() | ~linked["current_status"].isin(ON_ROLL)) \
        & (linked["id_number"] != "")
    wanted = isin_text(prev["id_number"], linked.loc[seeking, "id_number"])
    sharing = prev[wanted]
    sharing = sharing[sharing["id_number"].duplicated(keep=False)]
    w4 = (_warnings("身份证件号重复", sharing, "id_number",
                    "上学期花名册中多个学籍号共用同一身份证件号，未按身份证件号匹配")
          if len(sharing) else _empty_warnings())
    seeking &= ~linked["id_number"].isin(set(sharing["id_number"]))
    (pid,) = _codes(unclaimed["id_number"])
    by_id, w3 = pick_one(unclaimed.assign(_pid=pid), "_pid", "本学期花名册")
    by_id = by_id[[*CURRENT, "id_number"]].rename(columns={c: f"current_{c}" for c in CURRENT})
    found = linked.loc[seeking, ["id_number"]].reset_index().merge(by_id, on="id_number", how="inner")
    found = found.set_index("index")
    # an on-roll record found by ID number replaces a leaving record found by 学籍号
    found = found[linked.loc[found.index, "current_student_id"].isna() | found["current_status"].isin(ON_ROLL)]
    for c in (f"current_{c}" for c in CURRENT):
        linked.loc[found.index, c] = found[c]
    linked.loc[found.index, "matched_by"] = "id_number"

    # every unclaimed record of a person found by ID number belongs to that person, not to a new student
    taken = unclaimed.index[unclaimed["id_number"].isin(set(found["id_number"]))]
    claimed = np.isin(cur["_sid"].to_numpy(), prev["_sid"].to_numpy()) | cur.index.isin(taken)
    rest = cur[~claimed]
    warns = [w for w in (w1, w2, w3, w4) if len(w)]
    warnings = pd.concat(warns, ignore_index=True) if warns else _empty_warnings()
    return linked.drop(columns=["_sid"]), rest.drop(columns=["_sid"]), warnings
