"""The CLI contracts: ``junheng evaluation score`` and ``junheng survey satisfaction`` on files, against the
hand-computed results of the core tests."""

from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from junheng.cli import app
from tests.evaluation.core.test_scoring import RUBRIC
from tests.evaluation.core.test_survey import HEADER, ROWS

pytestmark = pytest.mark.core
runner = CliRunner()


@pytest.fixture
def files(tmp_path):
    (tmp_path / "R.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True), encoding="utf-8")
    (tmp_path / "F.csv").write_text(
        "school,indicator,value,category\n"
        "s1,L1,0.9,A\ns1,scores.pass_rate,95%,A\ns1,R1,80,\n"
        "s2,L1,1.1,甲类\ns2,B1,0.8,\ns2,R1,70,\n"
        "s3,L1,0.7,A\ns3,B1,0.79,\ns3,R1,70,\n"
        "s4,L1,,A\ns4,B1,0.9,\ns4,R1,60,\n"
        "s5,L1,0.8,B\ns5,R1,100,\n", encoding="utf-8-sig")
    (tmp_path / "J.csv").write_text(
        "school,indicator,rater,score\ns1,J1,王,8\ns1,J1,李,9\ns1,J1,张,10\ns2,J1,王,6\ns3,J1,王,10\n"
        "s3,J1,李,10\ns4,J1,王,5\n", encoding="utf-8")
    return tmp_path


def test_score_contract(files):
    out = files / "out.json"
    result = runner.invoke(app, ["evaluation", "score", "--rubric", str(files / "R.yaml"), "--figures",
                                 str(files / "F.csv"), "--judgements", str(files / "J.csv"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))["schools"]
    assert {s: (round(d["total"], 4), d["category"], d["rank"]) for s, d in data.items()} == {
        "s1": (78.0, "A", 2), "s2": (80.0, "A", 1), "s3": (40.0, "A", 4), "s4": (63.3333, "A", 3),
        "s5": (33.3333, "B", 1)}
    assert data["s4"]["indicators"]["L1"] is None and data["s1"]["indicators"]["B1"] == 100.0
    assert data["s5"]["indicators"]["J1"] is None
    assert "缺：L1" in result.output


def test_score_categories_from_school_list(files):
    (files / "F.csv").write_text("school,indicator,value\nx,L1,0.9\ny,L1,1.0\n", encoding="utf-8")
    (files / "S.csv").write_text("school,name,kind,location\nx,一小,小学,城区\ny,一中,初中,城区\n", encoding="utf-8")
    out = files / "o.json"
    result = runner.invoke(app, ["evaluation", "score", "--rubric", str(files / "R.yaml"), "--figures",
                                 str(files / "F.csv"), "--schools", str(files / "S.csv"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))["schools"]
    assert (data["x"]["category"], data["y"]["category"]) == ("A", "B")


def test_score_bad_input_names_row_and_column(files):
    (files / "F.csv").write_text("school,indicator,value,category\ns1,L1,九十,A\ns2,XX,1,A\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluation", "score", "--rubric", str(files / "R.yaml"), "--figures",
                                 str(files / "F.csv")])
    assert result.exit_code == 2
    assert "第 2 行，「value」列：「九十」不是数字" in result.output
    assert "第 3 行，「indicator」列：「XX」不是方案中的数据指标编号或数据键" in result.output


def test_unknown_category_is_refused(files):
    (files / "F.csv").write_text("school,indicator,value\ns1,L1,0.9\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluation", "score", "--rubric", str(files / "R.yaml"), "--figures",
                                 str(files / "F.csv")])
    assert result.exit_code == 2 and "学校 s1 的类别无法确定" in result.output


def test_check_exits_nonzero_on_promotion_rate(tmp_path):
    bad = {**RUBRIC, "indicators": [*RUBRIC["indicators"], {"id": "P", "name": "中考升学率", "dimension": "D1",
                                                             "weight": 5, "kind": "judgement"}]}
    (tmp_path / "R.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["evaluation", "check", "--rubric", str(tmp_path / "R.yaml")])
    assert result.exit_code == 1 and "[错误] P" in result.output
    assert runner.invoke(app, ["evaluation", "check", "--rubric", ("src/junheng/evaluation/core/data/"
                                                                  "default_rubric.yaml")]).exit_code == 0


def test_rubric_excel_round_trip_scores_the_same(files):
    xlsx = files / "R.xlsx"
    assert runner.invoke(app, ["evaluation", "rubric-excel", "-o", str(xlsx), "--rubric",
                               str(files / "R.yaml")]).exit_code == 0
    a, b = files / "a.json", files / "b.json"
    for rubric, out in ((files / "R.yaml", a), (xlsx, b)):
        r = runner.invoke(app, ["evaluation", "score", "--rubric", str(rubric), "--figures", str(files / "F.csv"),
                                "--judgements", str(files / "J.csv"), "--json", str(out)])
        assert r.exit_code == 0, r.output
    assert json.loads(a.read_text(encoding="utf-8")) == json.loads(b.read_text(encoding="utf-8"))


def test_survey_contract(tmp_path):
    q = {"title": "测试问卷", "group_question": 1, "school_question": 2,
         "groups": [{"id": "stu", "name": "学生", "weight": 0.5}, {"id": "par", "name": "家长", "weight": 0.5}],
         "questions": [{"number": 3, "text": "甲"}, {"number": 4, "text": "乙"}]}
    (tmp_path / "Q.yaml").write_text(yaml.safe_dump(q, allow_unicode=True), encoding="utf-8")
    book = Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        book.active.append(row)
    book.save(tmp_path / "R.xlsx")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["survey", "satisfaction", "--questionnaire", str(tmp_path / "Q.yaml"),
                                 "--responses", str(tmp_path / "R.xlsx"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["county"]["n"] == 4 and data["county"]["rate"] == pytest.approx(0.5 * 0.75 + 0.5 * 2 / 3)
    assert data["groups"]["stu"]["rate"] == 0.75 and data["groups"]["par"]["answers"] == 3
    assert data["schools"]["一小"]["n"] == 3 and data["schools"]["二小"]["rate"] == 1.0


def test_survey_bad_answer_is_refused(tmp_path):
    (tmp_path / "R.csv").write_text(",".join(HEADER) + "\n1,t,1秒,微信,,ip,学生,一小,还行,满意\n", encoding="utf-8")
    result = runner.invoke(app, ["survey", "satisfaction", "--questionnaire",
                                 "src/junheng/evaluation/core/data/default_questionnaire.yaml",
                                 "--responses", str(tmp_path / "R.csv")])
    assert result.exit_code == 2 and "第 1 行，「第5题」列：导出文件中没有第 5 题的列" in result.output


def test_default_rubric_excel_round_trip(tmp_path):
    from junheng.evaluation.core import DEFAULT_RUBRIC, load_rubric
    from junheng.evaluation.readers.rubric_excel import read_rubric_excel

    xlsx = tmp_path / "R.xlsx"
    assert runner.invoke(app, ["evaluation", "rubric-excel", "-o", str(xlsx)]).exit_code == 0
    assert read_rubric_excel(xlsx) == load_rubric(DEFAULT_RUBRIC)
