"""`--engine`, Parquet lake inputs and `--parquet` results on `scores analyze` and `scores value-added`
(docs/scale.md). The JSON contract is the same whichever engine and input computed it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from junheng.scores.cli.files import app
from tests.scores.core.test_value_added import simulate
from tests.scores.data import HAND

pytestmark = pytest.mark.core
runner = CliRunner()
MARKS = ["--full-marks", "语文=120,数学=100"]


def _lake(frame: pd.DataFrame, path) -> None:
    """A lake table as other tools write it: absent scores as NaN values, not nulls."""
    table = pa.table({c: (pa.array(frame[c].to_numpy(float), from_pandas=False) if frame[c].dtype.kind == "f"
                          else pa.array(frame[c].astype(str).tolist())) for c in frame.columns})
    pq.write_table(table, path)


def test_analyze_parquet_lake_matches_csv_and_writes_per_student_parquet(tmp_path):
    HAND.to_csv(tmp_path / "exam.csv", index=False)
    _lake(HAND.astype({"语文": float, "数学": float}), tmp_path / "exam.parquet")
    runs = {}
    for name in ("exam.csv", "exam.parquet"):
        out = tmp_path / f"{name}.json"
        result = runner.invoke(app, ["analyze", str(tmp_path / name), *MARKS, "--json", str(out), "--engine", "duckdb",
                                     "--parquet", str(tmp_path / f"{name}.students.parquet")])
        assert result.exit_code == 0, result.output
        runs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert runs["exam.csv"] == runs["exam.parquet"]
    assert runs["exam.parquet"]["subjects"]["语文"]["county"]["n"] == 6  # s5's NaN is absent, not a score
    students = pq.read_table(tmp_path / "exam.parquet.students.parquet").to_pandas()
    chinese = students[students["subject"] == "语文"].set_index("student_id")
    assert chinese.loc["s7", ["name", "rank", "school_rank", "class_rank"]].tolist() == ["郑七", 1, 1, 1]
    assert "s5" not in chinese.index and chinese.loc["s1", "rank"] == chinese.loc["s6", "rank"] == 2
    assert set(students["subject"]) == {"语文", "数学", "总分"}


def test_engine_from_the_setting_and_clear_errors(tmp_path, monkeypatch):
    HAND.to_csv(tmp_path / "exam.csv", index=False)
    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "oracle")
    result = runner.invoke(app, ["analyze", str(tmp_path / "exam.csv"), *MARKS])
    assert result.exit_code == 2 and "未知的分析引擎“oracle”" in result.output
    monkeypatch.delenv("JUNHENG_ANALYTICS_PG_URL", raising=False)
    result = runner.invoke(app, ["analyze", str(tmp_path / "exam.csv"), *MARKS, "--engine", "postgres"])
    assert result.exit_code == 2 and "JUNHENG_ANALYTICS_PG_URL" in result.output


def test_lake_table_without_a_subject_names_file_and_column(tmp_path):
    _lake(HAND.drop(columns="数学").astype({"语文": float}), tmp_path / "exam.parquet")
    result = runner.invoke(app, ["analyze", str(tmp_path / "exam.parquet"), *MARKS])
    assert result.exit_code == 2
    assert "成绩表 exam.parquet 缺少列：数学" in result.output


def test_value_added_from_parquet_equals_csv(tmp_path):
    cur, pri, _ = simulate(7, n_schools=8, per_school=(20, 40))
    cur.to_csv(tmp_path / "cur.csv", index=False)
    pri.to_csv(tmp_path / "pri.csv", index=False)
    _lake(cur, tmp_path / "cur.parquet")
    _lake(pri[["student_id", "数学"]], tmp_path / "pri.parquet")
    outs = []
    for ext in ("csv", "parquet"):
        out = tmp_path / f"va_{ext}.json"
        result = runner.invoke(app, ["value-added", "--prior", str(tmp_path / f"pri.{ext}"), "--current",
                                     str(tmp_path / f"cur.{ext}"), "--subject", "数学", "--json", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(json.loads(out.read_text(encoding="utf-8"))["schools"])
    assert outs[0].keys() == outs[1].keys()
    for school, figures in outs[0].items():
        np.testing.assert_allclose(outs[1][school]["effect"], figures["effect"], rtol=1e-9)
