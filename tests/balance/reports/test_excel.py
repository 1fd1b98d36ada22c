"""School data template, reading it back with errors that name file, sheet, row and column; result export."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from junheng.balance.core import assess_county
from junheng.balance.core.shortfalls import cv_drivers, shortfalls
from junheng.balance.reports.excel import (
    HEAD_ROW,
    KEY_HEADERS,
    SHEET,
    export_results,
    read_school_data,
    write_school_data_template,
)
from tests.balance.county import SCHOOLS, school_year_data


def fill(path, frame: pd.DataFrame):
    wb = load_workbook(path)
    ws = wb[SHEET]
    for r, row in enumerate(frame.to_dict("records"), start=HEAD_ROW + 1):
        for j, (k, _h) in enumerate(KEY_HEADERS, start=1):
            v = row.get(k)
            ws.cell(r, j, None if v is None or (isinstance(v, float) and math.isnan(v)) else v)
    wb.save(path)
    return wb


def test_template_layout(tmp_path):
    p = write_school_data_template(tmp_path / "t.xlsx", 2024, SCHOOLS)
    wb = load_workbook(p)
    assert wb.sheetnames == [SHEET, "填表说明"]
    ws = wb[SHEET]
    heads = [ws.cell(HEAD_ROW, j).value for j in range(1, len(KEY_HEADERS) + 1)]
    assert heads[:4] == ["学校标识码", "学校名称", "年度", "学部"]
    assert "在校学生数（人）" in heads and "教学及辅助用房面积（不含室内体育用房）（㎡）" in heads
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "全校" in lists[0].formula1
    # prefilled: S2 (九年一贯制) gets 小学, 初中 and 全校 rows
    rows = [(ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(HEAD_ROW + 1, HEAD_ROW + 12)]
    assert ("S2", "全校") in rows and ("S2", "初中") in rows
    assert "全校" in wb["填表说明"].cell(2, 1).value


def test_round_trip(tmp_path):
    p = write_school_data_template(tmp_path / "t.xlsx", 2024)
    fill(p, school_year_data())
    df, issues = read_school_data(p)
    assert issues == []
    assert len(df) == len(school_year_data())
    a = assess_county(df, schools=SCHOOLS, year=2024)
    assert a.section("S2", "初中").indicators["L6"].value == pytest.approx(2200)


@pytest.mark.parametrize(("row", "col", "value", "reason"), [
    pytest.param(0, "students", "很多", "不是数字", id="non-number"),
    pytest.param(1, "teaching_room_area", -5, "不能为负数", id="negative"),
    pytest.param(2, "section", "初三", "学部", id="bad-section"),
    pytest.param(3, "school_id", "S2", "重复", id="duplicate"),
])
def test_errors_name_file_sheet_row_column(tmp_path, row, col, value, reason):
    data = school_year_data().astype(object)
    data.loc[row, col] = value
    if col == "school_id":
        data.loc[row, "section"] = data.loc[1, "section"]
    p = write_school_data_template(tmp_path / "bad.xlsx", 2024)
    fill(p, data)
    _df, issues = read_school_data(p)
    hit = [i for i in issues if reason in i.reason]
    assert hit, [i.text() for i in issues]
    assert hit[0].file == "bad.xlsx" and hit[0].sheet == SHEET
    assert hit[0].row == HEAD_ROW + 1 + row or (reason == "重复" and hit[0].row in (HEAD_ROW + 2, HEAD_ROW + 1 + row))
    assert f"第 {hit[0].row} 行" in hit[0].text() and "工作表 办学条件采集表" in hit[0].text()


def test_missing_column_and_missing_file(tmp_path):
    p = tmp_path / "x.xlsx"
    pd.DataFrame({"学校标识码": ["S1"], "学部": ["小学"]}).to_excel(p, index=False)
    _df, issues = read_school_data(p)
    assert any(i.column == "students" and "缺少" in i.reason for i in issues)
    _df, issues = read_school_data(tmp_path / "none.xlsx")
    assert issues and "不存在" in issues[0].reason


def test_export_results(tmp_path):
    a = assess_county(school_year_data(), schools=SCHOOLS, year=2024)
    p = export_results(tmp_path / "r.xlsx", a, shortfalls=shortfalls(a), drivers=cv_drivers(a))
    wb = load_workbook(p)
    assert {"县域结论", "学部指标", "差异系数", "短板清单", "其他条目"} <= set(wb.sheetnames)
    sf = pd.read_excel(p, sheet_name="短板清单")
    assert "需增加教学及辅助用房 60 ㎡" in set(sf["短板"])
