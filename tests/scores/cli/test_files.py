"""The CLI contract of issue 6: analyze and value-added JSON, Chinese errors with exit code 2."""

from __future__ import annotations

import json
import statistics

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from junheng.scores.cli.files import app, parse_full_marks
from tests.scores.core.test_value_added import simulate
from tests.scores.data import HAND

pytestmark = pytest.mark.core
runner = CliRunner()


@pytest.fixture
def hand_csv(tmp_path):
    path = tmp_path / "exam.csv"
    HAND.to_csv(path, index=False)
    return path


def test_analyze_json_contract(hand_csv, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(hand_csv), "--full-marks", "语文=120,数学=100", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["subjects"]) == {"语文", "数学"}
    county = data["subjects"]["语文"]["county"]
    assert set(county) == {"n", "absent", "mean", "sd", "excellent_rate", "pass_rate", "low_rate"}
    values = [102, 72, 48, 47.5, 102, 110]
    assert (county["n"], county["absent"]) == (6, 1)
    assert county["mean"] == pytest.approx(sum(values) / 6)
    assert county["sd"] == pytest.approx(statistics.pstdev(values))
    assert (county["excellent_rate"], county["pass_rate"], county["low_rate"]) == pytest.approx((0.5, 4 / 6, 1 / 6))
    assert data["subjects"]["语文"]["schools"]["丙校"]["n"] == 1
    nobody = data["subjects"]["数学"]["schools"]["丙校"]
    assert nobody["n"] == 0 and nobody["mean"] is None
    assert data["subjects"]["语文"]["classes"]["甲校/2班"]["mean"] == pytest.approx(47.75)
    students = data["students"]
    assert students["s1"] == {"total": 187.0, "rank": 1} and students["s6"]["rank"] == 1
    assert students["s2"] == {"total": 132.0, "rank": 3}
    assert students["s5"] == {"total": None, "rank": None}
    assert data["total"]["county"]["n"] == 5


def test_thresholds_options(hand_csv, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(hand_csv), "--full-marks", "语文=120，数学=100", "--json", str(out),
                                 "--excellent", "90", "--pass", "0.5", "--low", "0.3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    county = json.loads(out.read_text(encoding="utf-8"))["subjects"]["语文"]["county"]  # lines 108, 60, 36
    assert (county["excellent_rate"], county["pass_rate"], county["low_rate"]) == pytest.approx((1 / 6, 4 / 6, 0))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--full-marks", "语文120"], "格式", id="bad-full-marks"),
        pytest.param(["--full-marks", "语文=abc,数学=100"], "不是数字", id="full-marks-not-number"),
        pytest.param(["--full-marks", "语文=100,数学=100"], "超过满分", id="score-above-full"),
        pytest.param(["--full-marks", "语文=120,英语=100"], "英语", id="subject-missing"),
        pytest.param(["--full-marks", "语文=120,数学=100", "--excellent", "1.5"], "优秀线", id="bad-threshold"),
    ],
)
def test_analyze_bad_input_exit_2(hand_csv, args, message):
    result = runner.invoke(app, ["analyze", str(hand_csv), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_analyze_missing_file(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "no.csv"), "--full-marks", "语文=120"])
    assert result.exit_code == 2 and "不存在" in result.output


def test_analyze_error_names_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    HAND.assign(数学=[85, 60, 40, 39.5, 190, 85, None]).to_csv(path, index=False)
    result = runner.invoke(app, ["analyze", str(path), "--full-marks", "语文=120,数学=100"])
    assert result.exit_code == 2
    assert "文件 bad.csv，第 6 行，F 列（数学）：分数 190 超过满分 100" in result.output


def test_value_added_json_contract(tmp_path):
    cur, pri, truth = simulate(7, n_schools=12, per_school=(30, 50))
    cur.to_csv(tmp_path / "cur.csv", index=False)
    pri.to_csv(tmp_path / "pri.csv", index=False)
    out = tmp_path / "va.json"
    result = runner.invoke(app, ["value-added", "--prior", str(tmp_path / "pri.csv"), "--current",
                                 str(tmp_path / "cur.csv"), "--subject", "数学", "--json", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    schools = json.loads(out.read_text(encoding="utf-8"))["schools"]
    assert set(schools) == set(truth.index)
    one = schools["学校00"]
    assert {"n", "effect", "se", "ci_low", "ci_high"} <= set(one)
    assert one["ci_low"] < one["effect"] < one["ci_high"] and one["se"] > 0
    est = pd.Series({k: v["effect"] for k, v in schools.items()})
    assert np.corrcoef(est, truth[est.index])[0, 1] > 0.8


def test_value_added_missing_subject(tmp_path):
    cur, pri, _ = simulate(8, n_schools=3)
    cur.to_csv(tmp_path / "cur.csv", index=False)
    pri.drop(columns="数学").assign(语文=1).to_csv(tmp_path / "pri.csv", index=False)
    result = runner.invoke(app, ["value-added", "--prior", str(tmp_path / "pri.csv"), "--current",
                                 str(tmp_path / "cur.csv"), "--subject", "数学"])  # fmt: skip
    assert result.exit_code == 2 and "前测成绩文件 pri.csv 中没有科目“数学”" in result.output


def test_preview_and_items_commands(tmp_path):
    from tests.scores.sheets import write

    rows = [["七年级数学得分明细"], ["准考证号", "姓名", "班级", "总分", "1", "2"]]
    rng = np.random.default_rng(0)
    for i in range(30):
        a, b = int(rng.integers(0, 4)), int(rng.integers(0, 6))
        rows.append([f"0{i}", f"学生{i}", "1班", a + b, a, b])
    path = write(tmp_path / "明细.xlsx", rows, sheet="得分明细")
    preview = runner.invoke(app, ["preview", str(path)])
    assert preview.exit_code == 0 and "D 列“总分” → 科目得分：数学" in preview.output
    out = tmp_path / "items.json"
    items = runner.invoke(app, ["items", str(path), "--json", str(out)])
    assert items.exit_code == 0, items.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["item"] for i in data["数学"]["items"]] == ["1", "2"]


def test_parse_full_marks():
    assert parse_full_marks("语文=120, 数学：150;英语:100") == {"语文": 120, "数学": 150, "英语": 100}


def test_growth_command_and_excel_option(tmp_path, hand_csv):
    cur, pri, _ = simulate(9, n_schools=4, per_school=(40, 60))
    cur.to_csv(tmp_path / "cur.csv", index=False)
    pri.to_csv(tmp_path / "pri.csv", index=False)
    out = tmp_path / "sgp.json"
    result = runner.invoke(app, ["growth", "--prior", str(tmp_path / "pri.csv"), "--current", str(tmp_path / "cur.csv"),
                                 "--subject", "数学", "--json", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["students"]) == len(cur) and set(data["schools"]) == set(cur["school"])
    assert all(1 <= v <= 99 for v in data["students"].values())
    excel = tmp_path / "tables.xlsx"
    result = runner.invoke(app, ["analyze", str(hand_csv), "--full-marks", "语文=120,数学=100", "--excel", str(excel)])
    assert result.exit_code == 0 and excel.stat().st_size > 0


def _zero_file(tmp_path, marked: bool):
    rows = [["1", "甲", "一中", "1班", 90, 80], ["2", "乙", "一中", "1班", 0, 0],
            ["3", "丙", "一中", "1班", "缺考" if marked else 60, 70]]  # fmt: skip
    path = tmp_path / ("marked.csv" if marked else "plain.csv")
    pd.DataFrame(rows, columns=["考号", "姓名", "学校", "班级", "语文", "数学"]).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(("marked", "flags", "n", "said"), [
    (True, [], 3, "按 0 分计入"),
    (False, [], 2, "按缺考处理（文件中没有任何缺考标记"),
    (False, ["--zeros-are-scores"], 3, "按 0 分计入（已选择“0 分都是成绩”）"),
    (True, ["--zeros-are-absent"], 2, "按缺考处理（已选择按缺考处理）"),
], ids=["marked", "unmarked", "zeros-are-scores", "zeros-are-absent"])  # fmt: skip
def test_analyze_prints_the_zero_rule_and_takes_the_flags(tmp_path, marked, flags, n, said):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(_zero_file(tmp_path, marked)), "--full-marks", "语文=120,数学=100",
                                 "--json", str(out), *flags])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"0 分处理（{'marked' if marked else 'plain'}.csv）：1 行各科均为 0，{said}" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["subjects"]["数学"]["county"]["n"] == n


def test_zero_flags_exclude_each_other_and_reach_value_added(tmp_path):
    plain = _zero_file(tmp_path, False)
    both = runner.invoke(app, ["analyze", str(plain), "--full-marks", "语文=120,数学=100", "--zeros-are-scores",
                               "--zeros-are-absent"])  # fmt: skip
    assert both.exit_code == 2 and "只能选一个" in both.output
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"考号": [f"{i:03d}" for i in range(60)], "姓名": [f"生{i}" for i in range(60)],
                          "学校": [f"{i % 3}中" for i in range(60)], "班级": "1班",
                          "语文": np.round(rng.uniform(40, 110, 60)), "数学": np.round(rng.uniform(20, 100, 60))})
    frame.loc[7, ["语文", "数学"]] = 0
    path = tmp_path / "va.csv"
    frame.to_csv(path, index=False)
    for flags, n in (([], 59), (["--zeros-are-scores"], 60)):
        out = tmp_path / "va.json"
        result = runner.invoke(app, ["value-added", "--prior", str(path), "--current", str(path), "--subject", "数学",
                                     "--min-size", "1", "--json", str(out), *flags])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"{n} 名学生" in result.output
