"""The census in the engine (Ibis on DuckDB here; PostgreSQL and Spark in tests/conformance) gives exactly the
pandas path's result: the hand-built county, the demo county, edge cases and random rosters with duplicates."""

from __future__ import annotations

import ibis
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from junheng.retention.core import normalize_roster, run_census
from junheng.retention.core.census_engine import EngineCensus, census, table
from tests.retention.county import CURRENT, PREVIOUS, idn

pytestmark = pytest.mark.core
COLUMNS = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status"]


def roster(rows) -> pd.DataFrame:
    check = normalize_roster(pd.DataFrame(rows, columns=COLUMNS))
    assert check.ok, check.problems
    return check.roster


@pytest.fixture(scope="module")
def duck():
    return ibis.duckdb.connect()


def assert_same(backend, previous, current, **options) -> EngineCensus:
    """The engine's census equals ``run_census`` frame by frame (values, dtypes, row order) and in every list."""
    expected = run_census(previous, current, **options)
    got = census(previous, current, backend=backend, method="engine", **options)
    assert isinstance(got, EngineCensus)
    result = got.collect()
    for name in ("students", "new", "unmatched_records", "warnings"):
        assert_frame_equal(getattr(result, name), getattr(expected, name).reset_index(drop=True), obj=name)
    assert got.to_contract() == expected.to_contract()
    assert got.to_details() == expected.to_details()
    assert got.counts() == expected.counts()
    return got


def test_hand_built_county(duck):
    assert_same(duck, roster(PREVIOUS), roster(CURRENT))


def test_hand_built_county_with_options(duck):
    earlier = roster([["G9", "学生甲", "", "", "X2", "1", ""]])
    assert_same(duck, roster(PREVIOUS), roster(CURRENT), graduating_grades=[9], section_last_grades=[6],
                transfer_proofs=[PREVIOUS["student_id"].iloc[3]], earlier=earlier)


def test_demo_county(duck):
    from junheng.demo.county import generate_county

    county = generate_county(2024)
    prev, cur = (normalize_roster(county.rosters[t].drop(columns="term").astype({"grade": "str"})).roster
                 for t in ("2024-1", "2024-2"))
    got = assert_same(duck, prev, cur)
    assert sum(got.counts()[o] for o in ("continuing", "transferred_within", "graduated")) > 40_000


def test_duplicates_shared_id_numbers_and_chinese_names(duck):
    a, b, c = idn("20150101", 1), idn("20150202", 2), idn("20150303", 3)
    prev = roster([["G1", "欧阳娜娜", a, "", "X1", "3", ""], ["G2", "乙", b, "", "X1", "3", ""],
                   ["G3", "乙", b, "", "X2", "3", ""], ["G4", "丙", c, "", "学校乙", "6", ""],
                   ["G4", "丙", c, "", "学校甲", "6", "转出"]])
    cur = roster([["G1", "欧阳娜娜", a, "", "X2", "4", ""], ["G1", "欧阳娜娜", a, "", "X1", "4", ""],
                  ["L9", "乙", b, "", "X1", "4", ""], ["L4", "丙", c, "", "学校丙", "7", "转出"],
                  ["L5", "丙", c, "", "学校甲", "7", ""], ["L6", "丙", c, "", "学校乙", "7", ""]])
    got = assert_same(duck, prev, cur)
    assert set(got.warnings["kind"]) == {"重复学籍", "身份证件号重复"}


def test_blank_and_missing_values(duck):
    prev = roster([["G1", "甲", "", "", "X1", "", ""], ["G2", "乙", "", "", "X1", "9", "毕业"],
                   ["G3", "丙", "", "", "X1", "6", "休学"]])
    cur = roster([["G1", "甲", "", "", "X1", "", ""], ["G3", "丙", "", "", "M1", "", ""],
                  ["G8", "丁", "", "", "X1", "", "辍学"]])
    assert_same(duck, prev, cur)


@pytest.mark.parametrize("empty", ["previous", "current", "both"])
def test_empty_rosters(duck, empty):
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    assert_same(duck, prev.head(0) if empty != "current" else prev, cur.head(0) if empty != "previous" else cur)


def test_auto_takes_pandas_for_small_frames_and_the_engine_for_tables(duck):
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    assert not isinstance(census(prev, cur, backend=duck), EngineCensus)
    got = census(table(duck, prev), table(duck, cur), backend=duck)
    assert isinstance(got, EngineCensus)
    assert got.to_contract() == run_census(prev, cur).to_contract()


def test_tables_without_row_order_or_id_numbers(duck):
    """A roster from a lake may come without ``_row`` and with NULL ID numbers: NULL is blank."""
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    bare_prev = table(duck, prev).drop("_row")
    bare_cur = table(duck, cur.assign(id_number=cur["id_number"].replace("", None))).drop("_row")
    got = census(bare_prev, bare_cur, backend=duck)
    assert got.to_contract() == run_census(prev, cur).to_contract()


def test_parquet_lists(duck, tmp_path):
    prev, cur = roster(PREVIOUS), roster(CURRENT)
    got = census(prev, cur, backend=duck, method="engine")
    paths = got.write_parquet(tmp_path / "out")
    assert [p.name for p in paths] == ["students.parquet", "new.parquet", "unmatched_records.parquet",
                                       "warnings.parquet"]
    students = pq.read_table(paths[0]).to_pandas()
    assert students["student_id"].tolist() == sorted(prev["student_id"].unique())
    expected = run_census(prev, cur).students.set_index("student_id")["outcome"].astype(str)
    assert students.set_index("student_id")["outcome"].to_dict() == expected.to_dict()
    got.release()


STATUSES = ["在读", "在读", "在读", "休学", "转出", "毕业", "死亡", "辍学", "其他"]


@st.composite
def roster_pairs(draw):
    """Small rosters with repeated 学籍号, shared and blank ID numbers, schools with Chinese names."""
    pool = [idn(f"2012{m:02d}01", m) for m in range(1, 6)] + [""]
    schools = st.sampled_from(["A", "B", "学校甲"])

    def row(sid):
        return [sid, draw(st.sampled_from(["张三", "李四", "王"])), draw(st.sampled_from(pool)), "", draw(schools),
                str(draw(st.integers(1, 9))), draw(st.sampled_from(STATUSES))]

    prev = [row(f"G{draw(st.integers(0, 7))}") for _ in range(draw(st.integers(0, 10)))]
    cur = [row(draw(st.sampled_from(["G", "L", "N"])) + str(draw(st.integers(0, 7))))
           for _ in range(draw(st.integers(0, 10)))]
    return roster(prev), roster(cur)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(roster_pairs())
def test_engine_agrees_with_pandas_on_random_rosters(duck, pair):
    assert_same(duck, *pair)
