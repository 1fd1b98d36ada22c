"""The term census gives the pandas path's exact result on DuckDB, PostgreSQL and Spark: the same per-student
frames (values, types, order), contract lists, details, counts and warnings — on the hand-built county, the demo
county, edge cases (blank and NULL values, repeated 学籍号, shared ID numbers, Chinese school names, empty
rosters) and a lake's Parquet roster read by the engine itself."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.retention.core import normalize_roster, run_census
from junheng.retention.core.census_engine import census, normalize_roster_table, table
from tests.retention.core.test_census_engine import assert_same, roster
from tests.retention.county import CURRENT, PREVIOUS, idn


@pytest.fixture(scope="module")
def county():
    from junheng.demo.county import generate_county

    return generate_county(2024)


def test_hand_built_county(backend):
    assert_same(backend, roster(PREVIOUS), roster(CURRENT), graduating_grades=[9],
                transfer_proofs=[PREVIOUS["student_id"].iloc[3]])


def test_demo_county(backend, county):
    """The demo county's two terms (some 44,000 students each; one school in eight on Spark, for time)."""
    prev, cur = (county.rosters[t].drop(columns="term").astype({"grade": "str"}) for t in ("2024-1", "2024-2"))
    if backend.name == "pyspark":
        schools = sorted(prev["school"].unique())[::8]
        prev, cur = prev[prev["school"].isin(schools)], cur[cur["school"].isin(schools)]
    got = assert_same(backend, normalize_roster(prev).roster, normalize_roster(cur).roster)
    assert got.counts()["continuing"] > 1000


def test_duplicates_shared_ids_and_chinese_school_names(backend):
    a, b, c = idn("20150101", 1), idn("20150202", 2), idn("20150303", 3)
    prev = roster([["G1", "欧阳娜娜", a, "", "石桥小学", "3", ""], ["G2", "乙", b, "", "X1", "3", ""],
                   ["G3", "乙", b, "", "X2", "3", ""], ["G4", "丙", c, "", "白水小学", "6", ""],
                   ["G4", "丙", c, "", "青山小学", "6", "转出"], ["G5", "丁", "", "", "青山小学", "", "休学"]])
    cur = roster([["G1", "欧阳娜娜", a, "", "青山小学", "4", ""], ["G1", "欧阳娜娜", a, "", "白水小学", "4", ""],
                  ["L9", "乙", b, "", "X1", "4", ""], ["L4", "丙", c, "", "石桥中学", "7", "转出"],
                  ["L5", "丙", c, "", "青山中学", "7", ""], ["L6", "丙", c, "", "白水中学", "7", ""],
                  ["G5", "丁", "", "", "青山小学", "", ""], ["G8", "戊", "", "", "X1", "", "辍学"]])
    got = assert_same(backend, prev, cur)
    assert list(got.warnings["kind"]) == ["重复学籍", "重复学籍", "身份证件号重复"]


@pytest.mark.parametrize("empty", ["previous", "current"])
def test_empty_roster(backend, empty):
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    assert_same(backend, prev.head(0) if empty == "previous" else prev, cur.head(0) if empty == "current" else cur)


def test_null_id_numbers_are_blank(backend):
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    nulls = table(backend, cur.assign(id_number=cur["id_number"].replace("", None)))
    got = census(table(backend, prev), nulls, backend=backend)
    assert got.to_contract() == run_census(prev, cur).to_contract()


def test_lake_parquet_read_by_the_engine(backend, tmp_path):
    """Rosters as a province keeps them: Parquet with the 学籍 system's headers and labels, read by the engine."""
    from junheng.analytics import engines

    headers = {"student_id": "学籍号", "name": "姓名", "school": "学校标识码", "grade": "年级", "status": "学籍状态"}
    old = PREVIOUS.assign(grade=PREVIOUS["grade"].map({"6": "六年级", "9": "初三"}).fillna(PREVIOUS["grade"]))
    old.rename(columns=headers).to_parquet(tmp_path / "old.parquet")
    CURRENT.to_parquet(tmp_path / "new.parquet")
    checks = [normalize_roster_table(backend, engines.read(backend, tmp_path / f), source=f)
              for f in ("old.parquet", "new.parquet")]
    assert all(c.ok for c in checks), [c.problems for c in checks]
    got = census(checks[0].roster, checks[1].roster, backend=backend)
    assert got.to_contract() == run_census(roster(PREVIOUS), roster(CURRENT)).to_contract()
    assert got.counts() == run_census(roster(PREVIOUS), roster(CURRENT)).counts()
    assert isinstance(got.warnings, pd.DataFrame) and got.warnings.empty
