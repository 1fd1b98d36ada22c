"""Teacher-derived columns from the registry's teachers (DATA.md), vectorised.

Working definitions (DESIGN §4.1): "above the required education" = the stage's 规定学历 or higher (专科 for
小学, 本科 for 初中) among full-time teachers (专任教师); backbone = recognised at 县级 or above; PE and arts =
full-time teachers of 体育与健康, 音乐, 美术; mid-level titles = 正高级, 高级, 一级; training completed = at
least 360 hours in five years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.standards import EDUCATION_ORDER, Standard, load_standard

RANK = {e: i for i, e in enumerate(EDUCATION_ORDER)}


def teacher_flags(teachers: pd.DataFrame, standard: str | Standard = "quality_2017",
                  year: int | None = None) -> pd.DataFrame:
    """One row per teacher with boolean flags: full_time, above_required, backbone, pe_arts, mid_title, …"""
    st = load_standard(standard)
    t = teachers
    out = pd.DataFrame({"school_id": t["school_id"].astype(str), "stage": t["section"].astype(str)})
    full = (t["full_time"] == "是") if "full_time" in t else pd.Series(True, index=t.index)
    out["full_time"] = full.to_numpy()
    req = out["stage"].map({k: RANK[v] for k, v in st.sections.required_education.items()})
    rank = t["education"].map(RANK) if "education" in t else pd.Series(np.nan, index=t.index)
    out["above_required"] = full.to_numpy() & (rank >= req).to_numpy()
    backbone = t["backbone_level"].isin(list(st.sections.backbone_levels)) if "backbone_level" in t else False
    out["backbone"] = full.to_numpy() & np.asarray(backbone, dtype=bool)
    pe = t["subject"].isin(list(st.sections.pe_arts_subjects)) if "subject" in t else False
    out["pe_arts"] = full.to_numpy() & np.asarray(pe, dtype=bool)
    mid = t["title"].isin(list(st.sections.mid_titles)) if "title" in t else False
    out["mid_title"] = full.to_numpy() & np.asarray(mid, dtype=bool)
    cert = (t["certificate"] == "是") if "certificate" in t else False
    out["certified"] = full.to_numpy() & np.asarray(cert, dtype=bool)
    hours = pd.to_numeric(t["training_hours_5y"], errors="coerce") if "training_hours_5y" in t else np.nan
    out["trained"] = full.to_numpy() & np.asarray(hours >= st.sections.training_hours_required, dtype=bool)
    if year is not None and "last_exchange_year" in t:
        ex = pd.to_numeric(t["last_exchange_year"], errors="coerce") == int(year)
    else:
        ex = pd.Series(False, index=t.index)
    out["exchanged"] = ex.to_numpy()
    out["exchanged_backbone"] = ex.to_numpy() & out["backbone"].to_numpy()
    return out


DERIVED = {
    "full_time_teachers": "full_time",
    "teachers_above_required": "above_required",
    "backbone_teachers": "backbone",
    "pe_arts_teachers": "pe_arts",
    "mid_title_teachers": "mid_title",
    "certified_teachers": "certified",
    "training_completed_teachers": "trained",
}
DERIVED_WITH_YEAR = {"exchanged_teachers": "exchanged", "exchanged_backbone_teachers": "exchanged_backbone"}


def derive_teacher_columns(teachers: pd.DataFrame, standard: str | Standard = "quality_2017",
                           year: int | None = None) -> pd.DataFrame:
    """Counts per (school_id, section) of the teacher columns of school_year_data."""
    flags = teacher_flags(teachers, standard, year)
    mapping = dict(DERIVED, **(DERIVED_WITH_YEAR if year is not None else {}))
    agg = flags.groupby(["school_id", "stage"])[list(mapping.values())].sum()
    agg.columns = list(mapping)
    return agg.reset_index().rename(columns={"stage": "section"})


def fill_teacher_columns(data: pd.DataFrame, teachers: pd.DataFrame, standard: str | Standard = "quality_2017",
                         year: int | None = None) -> pd.DataFrame:
    """Fill blank teacher columns of school_year_data section rows from the registry (typed values win)."""
    derived = derive_teacher_columns(teachers, standard, year)
    df = data.copy()
    df["school_id"] = df["school_id"].astype(str)
    key = df["section"] if "section" in df else df["stage"]
    merged = pd.DataFrame({"school_id": df["school_id"], "section": key}).merge(
        derived, on=["school_id", "section"], how="left")
    for c in derived.columns.drop(["school_id", "section"]):
        filled = merged[c].to_numpy(dtype=float)
        if c in df:
            cur = pd.to_numeric(df[c], errors="coerce").to_numpy(dtype=float)
            df[c] = np.where(np.isnan(cur), filled, cur)
        else:
            df[c] = filled
    return df


def teacher_types(teachers: pd.DataFrame, standard: str | Standard = "quality_2017") -> pd.DataFrame:
    """Teachers per (school_id, stage, above_required, backbone, pe_arts) — the optimiser's transfer types."""
    flags = teacher_flags(teachers, standard)
    flags = flags[flags["full_time"]]
    g = flags.groupby(["school_id", "stage", "above_required", "backbone", "pe_arts"]).size()
    return g.rename("count").reset_index()


def teacher_types_from_totals(sections: pd.DataFrame) -> pd.DataFrame:
    """Transfer types when only section totals are known (no registry).

    Assumption (stated in the plan): backbone and PE/arts teachers hold the required education as far as the
    counts allow, and are different people; the rest of the above-required teachers are a third type.
    """
    a = sections["teachers_above_required"].fillna(0).to_numpy(dtype=float)
    b = sections["backbone_teachers"].fillna(0).to_numpy(dtype=float)
    e = sections["pe_arts_teachers"].fillna(0).to_numpy(dtype=float)
    b_a = np.minimum(b, a)
    e_a = np.minimum(e, a - b_a)
    parts = [
        (b_a, True, True, False), (b - b_a, False, True, False),
        (e_a, True, False, True), (e - e_a, False, False, True),
        (a - b_a - e_a, True, False, False),
    ]
    frames = [pd.DataFrame({"school_id": sections["school_id"].astype(str).to_numpy(),
                            "stage": sections["stage"].to_numpy(), "above_required": ab, "backbone": bb,
                            "pe_arts": pe, "count": np.floor(n + 1e-9).astype(int)})
              for n, ab, bb, pe in parts]
    out = pd.concat(frames, ignore_index=True)
    return out[out["count"] > 0].reset_index(drop=True)
