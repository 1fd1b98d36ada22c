"""Absent scores are NULL on every engine, whether they came as NaN or null, from a frame or a lake file; the
exam analysis and value-added statistics give the same figures (1e-9) and identical ranks and lists on DuckDB,
PostgreSQL and Spark, against the in-memory reference (numpy ranks, DuckDB statistics).

One file, so that under ``--dist loadfile`` one worker (one Spark session) runs them all."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandas.testing import assert_frame_equal

from junheng.analytics import engines
from junheng.scores.core import Exam
from junheng.scores.core.analyze import analyze_exam
from junheng.scores.core.value_added import link_exams, value_added
from tests.scores.core.test_value_added_engine import FIGURES, assert_same_statistics

NAN = float("nan")


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


# absent as NaN and as None; ties within and across classes; 3班 of 一中 sat no 数学 (an empty group);
# 三中 has one student; Chinese names throughout
TRICKY = pd.DataFrame({
    "student_id": [f"G{i:02d}" for i in range(12)],
    "name": ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞", "徐明", "孙丽"],
    "school": ["一中"] * 6 + ["二中"] * 5 + ["三中"],
    "class": ["1班", "1班", "2班", "2班", "3班", "3班", "1班", "1班", "1班", "2班", "2班", "1班"],
    "语文": [98.5, 98.5, 72, None, 60, 60, 98.5, 110, NAN, 35.5, 72, 88],
    "数学": [100, 100, 59.5, 60, NAN, None, 100, 0, 88, 88, 60, 120],
})
TRICKY_EXAM = Exam("一致性测试", {"语文": 120, "数学": 120})


def assert_same_analysis(result, reference):
    for name in ("units", "bands", "standings"):
        got, want = getattr(result, name), getattr(reference, name)
        assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-9, obj=name)
    ranks = ["rank", "school_rank", "class_rank"]
    assert (result.standings[ranks].to_numpy() == reference.standings[ranks].to_numpy()).all()
    assert result.units["rank"].equals(reference.units["rank"])
    assert result.units["index_rank"].equals(reference.units["index_rank"])


def test_tricky_exam(backend):
    reference = analyze_exam(TRICKY, TRICKY_EXAM)
    result = analyze_exam(TRICKY, TRICKY_EXAM, backend=backend, rank_method="engine")
    assert_same_analysis(result, reference)
    empty = result.level("class", "数学").set_index(["school", "class"]).loc[("一中", "3班")]
    assert empty["n"] == 0 and empty["absent"] == 2 and np.isnan(empty["mean"]) and pd.isna(empty["rank"])
    chinese = result.student_table("语文").set_index("name")
    assert chinese.loc[["张伟", "王芳", "赵敏"], "rank"].tolist() == [2, 2, 2]  # a three-way tie
    assert chinese.loc["黄勇", "rank"] == 1 and "周杰" not in chinese.index and "刘洋" not in chinese.index


def test_demo_exam_and_value_added(backend, county):
    exams = county.exams.set_index("exam_id")
    current_id, prior_id = "2024-2025-1-g8-final", "2024-2025-1-g8-mid"
    exam = Exam("期末", exams.loc[current_id, "subjects"])
    current, prior = county.scores[current_id], county.scores[prior_id]
    reference = analyze_exam(current, exam)
    result = analyze_exam(current, exam, backend=backend, rank_method="engine")
    assert_same_analysis(result, reference)

    linked, names, _ = link_exams(current, [prior], "数学")
    school = pd.factorize(linked["school"], sort=True)[0]
    groups = pd.factorize(linked["school"] + "\x1f" + linked["class"], sort=True)[0]
    assert_same_statistics(backend, linked["current"].to_numpy(float), linked[names].to_numpy(float), school, groups)
    fast = value_added(current, [prior], "数学", class_effects=True)
    portable = value_added(current, [prior], "数学", class_effects=True, backend=backend, stats_method="engine")
    for a, b in [(fast.schools, portable.schools), (fast.classes, portable.classes)]:
        # the statistics agree to 1e-9 (above); the two-parameter likelihood maximum is located only to about
        # 1e-5 (L-BFGS-B on forward differences), so the fitted effects agree to that, ranks and lists exactly
        np.testing.assert_allclose(b[FIGURES].to_numpy(float), a[FIGURES].to_numpy(float), rtol=1e-4, atol=1e-4)
        assert b["rank"].tolist() == a["rank"].tolist()
        assert b.loc[b["status"] == "样本不足"].index.tolist() == a.loc[a["status"] == "样本不足"].index.tolist()


def test_a_single_school_and_all_absent_subject(backend):
    frame = TRICKY[TRICKY["school"] == "三中"].assign(数学=None)
    reference = analyze_exam(frame, TRICKY_EXAM)
    result = analyze_exam(frame, TRICKY_EXAM, backend=backend, rank_method="engine")
    assert_same_analysis(result, reference)
    assert result.county("数学")["n"] == 0 and len(result.student_table("数学")) == 0
