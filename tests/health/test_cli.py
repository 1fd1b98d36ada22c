"""The CLI contract: ``junheng health score --results R.xlsx --json out.json`` and ``junheng template health``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from junheng.cli import app
from tests.health.workbook import GOOD, HEADERS, write_rows

pytestmark = pytest.mark.core
runner = CliRunner()


def test_score_contract(tmp_path):
    src = write_rows(tmp_path / "R.xlsx", GOOD)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["health", "score", "--results", str(src), "--json", str(out), "--school", "2133010001"])
    assert result.exit_code == 0, result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["students"]["G002"] == {
        "total": 93.7, "extra": 8.0, "grade": "优秀",
        "items": {"体重指数（BMI）": 100.0, "肺活量": 70.0, "50米跑": 78.0, "坐位体前屈": 70.0, "立定跳远": 76.0,
                  "一分钟仰卧起坐": 100.0, "800米跑": 100.0}}
    assert payload["students"]["G001"]["total"] == 120.0 and payload["students"]["G001"]["extra"] == 20.0
    assert payload["students"]["G003"]["grade"] == "不及格"
    assert payload["schools"] == {"2133010001": {"n": 3, "excellent_rate": pytest.approx(2 / 3, abs=1e-6),
                                                 "good_rate": 0.0, "pass_rate": pytest.approx(2 / 3, abs=1e-6)}}


def test_score_bad_file_exits_2_with_located_errors(tmp_path):
    bad = list(GOOD[0])
    bad[HEADERS.index("50米跑")] = 2
    src = write_rows(tmp_path / "2133010001.xlsx", [bad])
    result = runner.invoke(app, ["health", "score", "--results", str(src), "--json", str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert "第 2 行" in result.output and "50米跑" in result.output and not (tmp_path / "o.json").exists()


def test_template(tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", "health", "-o", str(out)]).exit_code == 0
    wb = CalamineWorkbook.from_path(str(out))
    header = wb.get_sheet_by_name("体测成绩").to_python()[0]
    assert header[:9] == HEADERS[:9] and header[9:] == HEADERS[9:]


def test_register_templates_round_trip_through_the_reader(tmp_path):
    from junheng.health.readers.registers import SPECS
    from junheng.io.problems import Problem
    from junheng.io.reader import read_sheet

    out = tmp_path / "r.xlsx"
    assert runner.invoke(app, ["template", "health-registers", "-o", str(out)]).exit_code == 0
    for spec in SPECS.values():
        problems: list[Problem] = []
        read_sheet(out, spec, problems)
        assert problems == [], spec.name          # every sheet is there with every column
