"""Cross-check of the ranks another system exported against ours (FORMATS.md: rank columns of other systems
are kept only for this, never used as inputs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from junheng.scores.core.analyze import ExamAnalysis

_OUR_COLUMN = {"county": "rank", "school": "school_rank", "class": "class_rank"}


def cross_check_ranks(analysis: ExamAnalysis, ranks: pd.DataFrame) -> pd.DataFrame:
    """Rows where an imported rank (student_id, subject, level, label, rank) differs from ours.

    Returns student_id, subject, label, theirs, ours. A county-level rank of another system may cover a
    larger population (联考), so only class and school ranks are expected to agree exactly.
    """
    ours = analysis.standings.merge(
        analysis.students[["student", "student_id"]], on="student", how="left"
    )
    ours["student_id"] = ours["student_id"].astype(str)
    ours["subject"] = ours["subject"].astype(str)
    theirs = ranks.dropna(subset=["rank"]).astype({"student_id": str, "subject": str})
    merged = theirs.merge(ours, on=["student_id", "subject"], how="left")
    column = merged["level"].map(_OUR_COLUMN).fillna("rank").to_numpy()
    values = np.select(
        [column == "rank", column == "school_rank", column == "class_rank"],
        [merged["rank_y"].to_numpy(dtype=float, na_value=np.nan), merged["school_rank"].to_numpy(dtype=float, na_value=np.nan),
         merged["class_rank"].to_numpy(dtype=float, na_value=np.nan)],
    )
    merged["ours"] = values
    differs = merged["rank_x"].to_numpy() != merged["ours"].to_numpy()
    out = merged.loc[differs, ["student_id", "subject", "label", "rank_x", "ours"]]
    return out.rename(columns={"rank_x": "theirs"}).reset_index(drop=True)
