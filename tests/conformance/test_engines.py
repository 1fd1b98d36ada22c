"""Every engine sees absent values as NULL, whether they came as NaN or as null, from a frame or a file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from junheng.analytics import engines


def _counts(backend, table):
    expr = table.group_by("school").aggregate(n=table.x.count(), s=table.x.sum(), listed=table.school.count())
    return engines.to_pandas(backend, expr).sort_values("school", ignore_index=True)


def test_nan_and_null_from_a_frame_are_absent(backend):
    frame = pd.DataFrame({"school": ["一中", "一中", "一中", "二中"], "x": [1.0, np.nan, 3.0, np.nan]})
    nulls = pa.table({"school": ["一中", "一中", "一中", "二中"], "x": pa.array([1.0, None, 3.0, np.nan])})
    for data in (frame, nulls):
        table = engines.table(backend, data)
        out = _counts(backend, table)
        engines.drop(backend, table)
        assert out["school"].tolist() == ["一中", "二中"]
        assert out["n"].tolist() == [2, 0]  # the Spark failure was n = 3
        assert out["s"].iloc[0] == 4.0 and pd.isna(out["s"].iloc[1])
        assert out["listed"].tolist() == [3, 1]


def test_lake_files_parquet_with_nan_and_csv_with_blanks(backend, tmp_path):
    parquet = tmp_path / "lake.parquet"
    pq.write_table(pa.table({"school": ["一中", "一中", "一中", "二中"], "x": pa.array([1.0, np.nan, 3.0, None])}),
                   parquet)
    csv = tmp_path / "lake.csv"
    csv.write_text("school,x\n一中,1\n一中,\n一中,3\n二中,\n", encoding="utf-8")
    for path in (parquet, csv):
        table = engines.read(backend, path)
        out = _counts(backend, table)
        engines.drop(backend, table)
        assert out["n"].tolist() == [2, 0] and out["listed"].tolist() == [3, 1], path.name
