"""``junheng retention census`` — the machine-readable contract of issue 4 — and ``reconcile``; bad input exits 2
with a Chinese message naming file, row and column."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from junheng.retention.cli.files import app
from tests.retention.county import COLUMNS, CURRENT, ID, PREVIOUS, expected_contract, idn


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def files(tmp_path):
    old, new = tmp_path / "OLD.csv", tmp_path / "NEW.csv"
    PREVIOUS.to_csv(old, index=False)
    CURRENT.to_csv(new, index=False)
    return old, new, tmp_path / "OUT.json"


def test_contract(files):
    old, new, out = files
    result = run("census", "--previous", old, "--current", new, "--json", out)
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == expected_contract()
    assert "疑似辍学" in result.stdout


def test_report_by_and_details(files, tmp_path):
    old, new, out = files
    settings = tmp_path / "settings.yaml"
    settings.write_text("report_days: 2\nholidays: ['2024-09-16..2024-09-17']\n", encoding="utf-8")
    result = run("census", "--previous", old, "--current", new, "--json", out, "--term-start", "2024-09-02",
                 "--census-date", "2024-09-13", "--settings", settings, "--details", "--graduating-grade", "9")
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["census_due"] == "2024-09-18"  # 3–6, 9–13 Sep (9), 16–17 Sep off, 18 Sep (10)
    # found on Friday 13 Sep; two working days after it: 18 and 19 Sep
    assert {d["report_by"] for d in data["suspected_dropouts"]} == {"2024-09-19"}
    assert ID["S21"] in data["graduated"]  # --graduating-grade 9
    assert data["details"]["died"] == [ID["S07"]] and data["details"]["counts"]["new"] == 2


@pytest.mark.parametrize(("content", "fragments"), [
    pytest.param("student_id,name,id_number,birth_date,school,grade,status\nG1,甲,,2015-13-01,X1,3,开除\n",
                 ["OLD.csv，第 2 行，「birth_date」列", "「2015-13-01」不是有效日期", "学籍状态「开除」无法识别"],
                 id="bad-values"),
    pytest.param("student_id,name\nG1,甲\n", ["「学校标识码」列：缺少必需的列"], id="missing-column"),
    pytest.param("foo,bar\n1,2\n", ["没有找到表头"], id="no-header"),
])
def test_bad_input_exits_2_with_chinese_message(files, content, fragments):
    old, new, out = files
    old.write_text(content, encoding="utf-8")
    result = run("census", "--previous", old, "--current", new, "--json", out)
    assert result.exit_code == 2
    for fragment in fragments:
        assert fragment in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [
    pytest.param(["--term-start", "2024-02-30"], id="bad-date"),
    pytest.param(["--settings", "missing.yaml"], id="missing-settings"),
])
def test_bad_options_exit_2(files, args):
    old, new, out = files
    result = run("census", "--previous", old, "--current", new, "--json", out, *args)
    assert result.exit_code == 2 and "错误：" in result.stderr


def test_missing_file_exits_2(files, tmp_path):
    _, new, out = files
    result = run("census", "--previous", tmp_path / "nope.csv", "--current", new, "--json", out)
    assert result.exit_code == 2 and "找不到文件" in result.stderr


def test_invalid_settings_value_exits_2(files, tmp_path):
    old, new, out = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("census_days: -1\n", encoding="utf-8")
    result = run("census", "--previous", old, "--current", new, "--json", out, "--settings", bad)
    assert result.exit_code == 2 and "设置文件 bad.yaml 无效" in result.stderr


def test_reconcile_command(tmp_path):
    a, b = idn("20150301", 1), idn("20160505", 2)
    population = tmp_path / "人口.csv"
    pd.DataFrame({"姓名": ["甲", "乙"], "公民身份号码": [a, b], "乡镇": "青山镇", "村": "石桥村"}).to_csv(
        population, index=False)
    roster = tmp_path / "r.csv"
    pd.DataFrame([["G" + a, "甲", a, "", "X1", "4", ""]], columns=COLUMNS).to_csv(roster, index=False)
    out = tmp_path / "rec.json"
    result = run("reconcile", "--population", population, "--roster", roster, "--json", out, "--year", "2024")
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["matched"] == 1 and [p["id_number"] for p in data["unenrolled"]] == [b]
    assert "未在籍 1 人" in result.stdout


def test_help_texts_exist():
    result = run("--help")
    assert result.exit_code == 0 and "census" in result.stdout and "reconcile" in result.stdout


def test_excel_export(files, tmp_path):
    from openpyxl import load_workbook

    old, new, out = files
    book = tmp_path / "清查.xlsx"
    result = run("census", "--previous", old, "--current", new, "--json", out, "--excel", book,
                 "--term-start", "2024-09-02", "--census-date", "2024-09-04")
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    assert wb.sheetnames == ["汇总", "疑似辍学", "县内转学", "转出县外", "毕业", "死亡", "辍学", "其他", "新增", "提示"]
    rows = list(wb["疑似辍学"].values)
    assert rows[0] == ("学籍号", "姓名", "身份证件号", "学校", "年级", "上学期状态", "上报期限", "上报状态")
    assert sorted(r[0] for r in rows[1:]) == sorted(d["student_id"] for d in expected_contract()["suspected_dropouts"])
    assert {r[6] for r in rows[1:]} == {"2024-09-09"}
    summary = {r[0]: r[1] for r in wb["汇总"].values if r[0] and isinstance(r[1], int)}
    assert summary["疑似辍学"] == 4 and summary["新增"] == 2
