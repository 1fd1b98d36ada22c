"""A filled school-data workbook reads back as the same frame, with no issues."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from junheng.balance.core.columns import NUMERIC_KEYS
from junheng.balance.reports.excel import HEAD_ROW, KEY_HEADERS, SHEET, read_school_data
from junheng.balance.reports.school_data_template import write_school_data
from tests.balance.county import school_year_data


def _full_frame() -> pd.DataFrame:
    """Every school_year_data column, integer (pandas Int64 with NA) and float columns, a 全校 row, blanks."""
    df = school_year_data()
    rng = np.random.default_rng(7)
    for c in NUMERIC_KEYS:
        if c not in df:
            df[c] = rng.integers(0, 500, len(df)).astype(float)
    df.loc[df["section"] == "全校", "classes"] = np.nan
    df["students"] = df["students"].astype("Int64")
    df["books"] = df["books"].astype("Int64")
    df["equipment_value"] = df["equipment_value"].astype(float) + 0.5  # a non-integer figure survives
    df.loc[0, "backbone_teachers"] = np.nan  # teacher columns may be blank
    df["school_name"] = df["school_id"] + "校"
    return df


def _compare(read: pd.DataFrame, wrote: pd.DataFrame) -> None:
    assert list(read["school_id"]) == list(wrote["school_id"].astype(str))
    assert list(read["section"]) == list(wrote["section"])
    assert list(read["year"].astype(int)) == list(wrote["year"].astype(int))
    for c in NUMERIC_KEYS:
        got = read[c].to_numpy(dtype=float)
        want = pd.to_numeric(wrote[c], errors="coerce").astype(float).to_numpy()
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=c)
        np.testing.assert_allclose(got[~np.isnan(got)], want[~np.isnan(want)], err_msg=c)


def test_round_trip_every_column(tmp_path):
    frame = _full_frame()
    path = write_school_data(frame, tmp_path / "办学条件.xlsx")
    read, issues = read_school_data(path)
    assert issues == []
    _compare(read, frame)
    assert list(read["school_name"]) == list(frame["school_name"])


def test_layout_matches_template(tmp_path):
    path = write_school_data(school_year_data(), tmp_path / "t.xlsx", names={"S1": "城关小学"})
    wb = load_workbook(path)
    assert wb.sheetnames[0] == SHEET
    ws = wb[SHEET]
    assert [ws.cell(HEAD_ROW, j).value for j in range(1, len(KEY_HEADERS) + 1)] == [h for _k, h in KEY_HEADERS]
    assert "2024年度" in ws.cell(1, 1).value
    first = HEAD_ROW + 1
    assert ws.cell(first, 1).value == "S1" and ws.cell(first, 1).number_format == "@"
    assert ws.cell(first, 2).value == "城关小学"


@pytest.mark.parametrize("ids", [pytest.param(["0012345678"], id="leading-zeros"),
                                 pytest.param(["2133010001"], id="ten-digits")])
def test_school_ids_stay_text(tmp_path, ids):
    frame = pd.DataFrame({"school_id": ids, "year": 2024, "section": "小学", "students": 100})
    read, issues = read_school_data(write_school_data(frame, tmp_path / "ids.xlsx"))
    assert issues == [] and list(read["school_id"]) == ids


def test_demo_frame_round_trip(tmp_path):
    """The demo generator's frame (Int64 columns with NA on 全校 rows, no names) reads back unchanged."""
    from junheng.demo import generate_county

    county = generate_county()
    frame = county.school_year_data[county.school_year_data["year"] == 2024].reset_index(drop=True)
    read, issues = read_school_data(write_school_data(frame, tmp_path / "办学条件_2024.xlsx"))
    assert issues == []
    _compare(read, frame)
