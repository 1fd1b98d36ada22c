"""``junheng retention census --engine … --parquet …``: rosters from a lake's Parquet give the contract JSON of the
CSV path, the per-student lists are written as Parquet, bad lake input exits 2 naming file, record and column.
(PostgreSQL and Spark: tests/conformance/test_census_engines.py.)"""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from junheng.retention.cli.files import app
from tests.retention.county import CURRENT, PREVIOUS, expected_contract

LISTS = ["students", "new", "unmatched_records", "warnings"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def lake(tmp_path):
    """The county's rosters as CSV and as Parquet (last term's with the 学籍 system's Chinese headers)."""
    PREVIOUS.to_csv(tmp_path / "old.csv", index=False)
    CURRENT.to_csv(tmp_path / "new.csv", index=False)
    PREVIOUS.rename(columns={"student_id": "学籍号", "name": "姓名", "school": "学校标识码", "grade": "年级",
                             "status": "学籍状态"}).to_parquet(tmp_path / "old.parquet")
    folder = tmp_path / "new_parts"  # a folder of Parquet parts, as a lake keeps a big table
    folder.mkdir()
    CURRENT.iloc[:10].to_parquet(folder / "part-0.parquet")
    CURRENT.iloc[10:].to_parquet(folder / "part-1.parquet")
    return tmp_path


def test_parquet_rosters_give_the_same_contract_and_lists(lake):
    csv = run("census", "--previous", lake / "old.csv", "--current", lake / "new.csv", "--json", lake / "a.json",
              "--parquet", lake / "csv_lists", "--details")
    assert csv.exit_code == 0, csv.stderr
    got = run("census", "--previous", lake / "old.parquet", "--current", lake / "new_parts", "--json",
              lake / "b.json", "--parquet", lake / "lake_lists", "--details", "--engine", "duckdb")
    assert got.exit_code == 0, got.stderr
    a, b = (json.loads((lake / f).read_text(encoding="utf-8")) for f in ("a.json", "b.json"))
    assert a == b
    assert {k: v for k, v in b.items() if k != "details"} == expected_contract()
    for name in LISTS:
        left, right = (pq.read_table(lake / d / f"{name}.parquet").to_pandas() for d in ("csv_lists", "lake_lists"))
        assert_frame_equal(left, right, check_dtype=False, obj=name)
    students = pq.read_table(lake / "lake_lists" / "students.parquet").to_pandas()
    assert students["student_id"].tolist() == sorted(PREVIOUS["student_id"])
    assert "疑似辍学" in got.stdout


def test_bad_lake_roster_names_file_record_and_column(lake):
    bad = CURRENT.copy()
    bad.loc[3, "status"] = "开除"
    bad.loc[5, "name"] = " "
    bad.to_parquet(lake / "bad.parquet")
    result = run("census", "--previous", lake / "old.parquet", "--current", lake / "bad.parquet", "--json",
                 lake / "x.json")
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert "bad.parquet，第 4 行，「学籍状态」列：学籍状态「开除」无法识别" in text
    assert "bad.parquet，第 6 行，「姓名」列：必填项为空" in text
    assert not (lake / "x.json").exists()


def test_missing_column_in_lake(lake):
    CURRENT.drop(columns="school").to_parquet(lake / "noschool.parquet")
    result = run("census", "--previous", lake / "old.csv", "--current", lake / "noschool.parquet", "--json",
                 lake / "x.json")
    assert result.exit_code == 2
    assert "「学校标识码」列：缺少必需的列" in " ".join(result.stderr.split())


@pytest.mark.parametrize(("args", "fragment"), [
    (["--engine", "oracle"], "未知的分析引擎"),
    (["--term", "2024-2", "--engine", "duckdb"], "只用于文件比对"),
])
def test_engine_option_errors(lake, args, fragment):
    base = [] if "--term" in args else ["--previous", lake / "old.csv", "--current", lake / "new.csv", "--json",
                                        lake / "x.json"]
    result = run("census", *base, *args)
    assert result.exit_code == 2
    assert fragment in " ".join(result.stderr.split())


def test_engine_setting_is_the_default(lake, monkeypatch):
    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "nonsense")
    result = run("census", "--previous", lake / "old.csv", "--current", lake / "new.csv", "--json", lake / "x.json")
    assert result.exit_code == 2 and "JUNHENG_ANALYTICS_ENGINE" in " ".join(result.stderr.split())
    monkeypatch.setenv("JUNHENG_ANALYTICS_ENGINE", "duckdb")
    result = run("census", "--previous", lake / "old.csv", "--current", lake / "new.csv", "--json", lake / "x.json")
    assert result.exit_code == 0, result.stderr
    assert json.loads((lake / "x.json").read_text(encoding="utf-8")) == expected_contract()


def test_pandas_and_engine_lists_have_the_same_columns(lake):
    run("census", "--previous", lake / "old.csv", "--current", lake / "new.csv", "--json", lake / "a.json",
        "--parquet", lake / "p")
    frame = pd.read_parquet(lake / "p" / "students.parquet")
    assert frame["outcome"].dtype != "category"
    assert set(frame["outcome"]) <= {"continuing", "transferred_within", "transferred_out", "graduated", "died",
                                     "dropped_out", "other", "suspected_dropout"}
