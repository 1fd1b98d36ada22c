"""The machine-readable CLI contract of issue 3 (`junheng balance assess … --json`), and bad input → exit 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from junheng.balance.cli.files import app

pytestmark = pytest.mark.core
runner = CliRunner()
HEAD = ("school_id,school_name,stage,students,teachers_above_required,backbone_teachers,pe_arts_teachers,"
        "teaching_room_area,sports_area,equipment_value,multimedia_rooms")
GOOD = [
    "A,甲小学,小学,500,21,5,5,2500,4000,1100000,12",
    "B,乙小学,小学,300,10,3,2,1200,2000,500000,6",
    "C,丙中学,初中,400,22,4,4,2400,4100,1000000,10",
    "D,丁中学,初中,200,12,2,2,1200,2100,510000,5",
]


def write(tmp_path, lines, head=HEAD, name="sections.csv"):
    p = tmp_path / name
    p.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return p


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_contract_quality(tmp_path):
    out = tmp_path / "out.json"
    res = run("assess", "--input", write(tmp_path, GOOD), "--standard", "quality_2017", "--json", out)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"standard", "pass", "stages"}
    assert data["standard"] == "quality_2017" and data["pass"] is False
    assert set(data["stages"]) == {"小学", "初中"}
    p = data["stages"]["小学"]
    assert set(p) == {"pass", "cv", "sections"}
    assert list(p["cv"]) == [f"L{i}" for i in range(1, 8)]
    assert set(p["cv"]["L1"]) == {"value", "limit", "pass"} and p["cv"]["L1"]["limit"] == 0.5
    a = next(s for s in p["sections"] if s["school_id"] == "A")
    assert set(a) == {"school_id", "values", "met", "pass"}
    assert a["values"]["L1"] == pytest.approx(4.2) and a["values"]["L4"] == pytest.approx(5.0)
    assert a["values"]["L6"] == pytest.approx(2200) and a["values"]["L7"] == pytest.approx(2.4)
    assert (a["met"], a["pass"]) == (7, True)
    b = next(s for s in p["sections"] if s["school_id"] == "B")
    assert b["pass"] is False
    # CVs unrounded: equal to the weighted formula
    x, w = [21 / 5, 10 / 3], [500, 300]
    m = (21 + 10) / 800 * 100
    sd = (sum(wi / 800 * (xi - m) ** 2 for xi, wi in zip(x, w, strict=True))) ** 0.5
    assert p["cv"]["L1"]["value"] == pytest.approx(sd / m, rel=1e-12)


def test_empty_stage_is_absent(tmp_path):
    out = tmp_path / "out.json"
    assert run("assess", "-i", write(tmp_path, GOOD[:2]), "--json", out).exit_code == 0
    assert set(json.loads(out.read_text())["stages"]) == {"小学"}


def test_contract_basic(tmp_path):
    head = HEAD + ",computers,books,teachers,teachers_mid_title"
    lines = [line + extra for line, extra in zip(GOOD, [",60,15000,30,15", ",20,6000,16,8", ",50,14000,30,20",
                                                        ",30,7000,15,6"], strict=True)]
    out = tmp_path / "basic.json"
    res = run("assess", "-i", write(tmp_path, lines, head), "-s", "basic_2012", "--json", out)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    st = data["stages"]["小学"]
    assert list(st["cv"]) == [f"B{i}" for i in range(1, 9)]
    comp = st["composite_cv"]
    assert comp["limit"] == 0.65
    assert comp["value"] == pytest.approx(sum(c["value"] for c in st["cv"].values()) / 8)
    assert data["pass"] is (comp["pass"] and data["stages"]["初中"]["composite_cv"]["pass"])


@pytest.mark.parametrize(("lines", "head", "message"), [
    pytest.param(GOOD, HEAD.replace(",multimedia_rooms", ""), "multimedia_rooms", id="missing-column"),
    pytest.param([GOOD[0].replace(",21,", ",二十一,")], HEAD, "不是数字", id="non-number"),
    pytest.param([GOOD[0].replace(",500,", ",0,")], HEAD, "必须大于 0", id="zero-students"),
    pytest.param([GOOD[0].replace(",500,", ",-5,")], HEAD, "负数", id="negative-students"),
    pytest.param([GOOD[0].replace(",2500,", ",,")], HEAD, "不能为空", id="blank"),
    pytest.param([GOOD[0], GOOD[0]], HEAD, "重复", id="duplicate"),
    pytest.param([GOOD[0].replace("小学", "高中")], HEAD, "学段", id="bad-stage"),
    pytest.param([], HEAD, "没有数据", id="no-rows"),
])
def test_bad_input_exits_2(tmp_path, lines, head, message):
    res = run("assess", "-i", write(tmp_path, lines, head), "--json", tmp_path / "o.json")
    assert res.exit_code == 2
    assert message in res.output
    assert not (tmp_path / "o.json").exists()


def test_error_names_file_row_and_column(tmp_path):
    res = run("assess", "-i", write(tmp_path, [GOOD[0], GOOD[1].replace(",300,", ",x,")]))
    assert res.exit_code == 2
    assert "文件 sections.csv，第 3 行，列 students" in res.output


@pytest.mark.parametrize("args", [
    pytest.param(["-i", "/nonexistent/x.csv"], id="no-file"),
    pytest.param(["-s", "no_such_standard"], id="unknown-standard"),
])
def test_other_errors_exit_2(tmp_path, args):
    base = ["assess", "-i", str(write(tmp_path, GOOD))]
    res = run(*base, *args)
    assert res.exit_code == 2


def test_gbk_file_is_read(tmp_path):
    p = tmp_path / "gbk.csv"
    p.write_text("\n".join([HEAD, *GOOD]) + "\n", encoding="gbk")
    assert run("assess", "-i", p).exit_code == 0


def test_shortfalls_and_plan_commands(tmp_path):
    src = write(tmp_path, GOOD)
    out = tmp_path / "sf.json"
    res = run("shortfalls", "-i", src, "--json", out)
    assert res.exit_code == 0 and "需增加" in res.output
    assert json.loads(out.read_text())["shortfalls"]
    plan_out = tmp_path / "plan.json"
    res = run("plan", "-i", src, "--json", plan_out, "--scope", "none")
    assert res.exit_code == 0, res.output
    plan = json.loads(plan_out.read_text())
    assert plan["pass_after"] is True and plan["cost"] > 0
    assert pd.DataFrame(plan["actions"])["action"].isin(["transfer_in"]).sum() == 0
