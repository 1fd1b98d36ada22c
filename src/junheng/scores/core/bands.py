"""Score bands (分数段): counts per band of ``width`` points, per class, school and county (DESIGN §4.3).

Band b holds scores in [b·w, (b+1)·w); the top band is closed and holds full marks
(with w = 10 and full marks 120: …, [100, 110), [110, 120]).
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pandas as pd
from ibis.backends import BaseBackend

from junheng.analytics import engines
from junheng.scores.core.frame import ExamFrame

BAND_COLUMNS = ["level", "school", "class", "subject", "band", "band_low", "band_high", "count"]


def band_index(scores: np.ndarray, full_marks: float, width: float) -> np.ndarray:
    """Band of each score (numpy reference of the engine expression).

    >>> band_index(np.array([0.0, 9.5, 10.0, 119.0, 120.0]), 120, 10).tolist()
    [0, 0, 1, 11, 11]
    """
    top = top_band(full_marks, width)
    return np.minimum(np.floor(np.asarray(scores) / width), top).astype(np.int64)


def top_band(full_marks: float, width: float) -> int:
    """Index of the highest band (the one that holds full marks)."""
    return max(math.ceil(round(full_marks / width, 9)) - 1, 0)


def class_bands(ef: ExamFrame, table: ibis.Table, backend: BaseBackend, width: float) -> pd.DataFrame:
    """Counts per (class code, subject index, band) from one engine query (a union of grouped counts)."""
    parts = []
    for k, full in enumerate(ef.full_marks):
        x = table[f"s{k}"]
        band = ibis.least((x / width).floor(), top_band(float(full), width)).cast("int32")
        part = (
            table.filter(x.notnull())
            .group_by([table.cls, band.name("band")])
            .aggregate(count=table.cls.count())
            .mutate(subject=ibis.literal(k, type="int16"))
        )
        parts.append(part)
    result = engines.to_pandas(backend, ibis.union(*parts))
    result = result.astype({"cls": np.int32, "band": np.int32, "count": np.int64, "subject": np.int16})
    # engines return groups in any order: class rows by subject, class, band
    return result.sort_values(["subject", "cls", "band"], kind="stable", ignore_index=True)


def band_table(ef: ExamFrame, counts: pd.DataFrame, width: float) -> pd.DataFrame:
    """Band counts for the county, each school and each class. County and school rows list every band
    (zeros included); class rows list the bands their students are in."""
    school_of_class = ef.class_table["school_code"].to_numpy()
    cls_code = counts["cls"].to_numpy()
    subject = counts["subject"].to_numpy().astype(np.int64)
    band = counts["band"].to_numpy().astype(np.int64)
    count = counts["count"].to_numpy()
    n_subjects, n_schools = len(ef.subjects), len(ef.school_names)
    n_bands = np.array([top_band(float(f), width) + 1 for f in ef.full_marks])
    width_all = int(n_bands.max())
    # school × subject × band grid by bincount (every band listed)
    key = (school_of_class[cls_code].astype(np.int64) * n_subjects + subject) * width_all + band
    grid = np.bincount(key, weights=count, minlength=n_schools * n_subjects * width_all)
    grid = grid.reshape(n_schools, n_subjects, width_all)
    valid = np.arange(width_all)[None, :] < n_bands[:, None]  # (subject, band)
    s_idx, b_idx = np.nonzero(valid)
    n_grid, n_class_rows = s_idx.size, cls_code.size  # class rows stay in engine order
    school_codes, class_codes = ef.class_labels()
    none_school, none_class = len(school_codes.categories) - 1, len(class_codes.categories) - 1
    levels = ["county", "school", "class"]
    parts = {
        "level": np.repeat(np.arange(3, dtype=np.int8), [n_grid, n_grid * n_schools, n_class_rows]),
        "school": np.concatenate(
            [np.full(n_grid, none_school), np.repeat(np.arange(n_schools), n_grid), school_codes.codes[cls_code]]
        ),
        "class": np.concatenate([np.full(n_grid * (1 + n_schools), none_class), class_codes.codes[cls_code]]),
        "subject": np.concatenate([s_idx, np.tile(s_idx, n_schools), subject]),
        "band": np.concatenate([b_idx, np.tile(b_idx, n_schools), band]),
        "count": np.concatenate(
            [grid.sum(axis=0)[s_idx, b_idx], grid[:, s_idx, b_idx].ravel(), count]
        ).astype(np.int64),
    }
    codes = parts["subject"]
    out = pd.DataFrame(
        {
            "level": pd.Categorical.from_codes(parts["level"], categories=levels),
            "school": pd.Categorical.from_codes(parts["school"], categories=school_codes.categories),
            "class": pd.Categorical.from_codes(parts["class"], categories=class_codes.categories),
            "subject": pd.Categorical.from_codes(codes, categories=ef.subjects),
            "band": parts["band"].astype(np.int32),
            "band_low": parts["band"] * width,
            "band_high": np.minimum((parts["band"] + 1) * width, ef.full_marks[codes]),
            "count": parts["count"],
        },
        copy=False,
    )
    return out[BAND_COLUMNS]
