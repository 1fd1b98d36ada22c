"""Survey rates and Wilson intervals against hand computation and an independent quadratic oracle."""

from __future__ import annotations

import math

import pytest

from junheng.evaluation.core import (
    DEFAULT_QUESTIONNAIRE,
    load_questionnaire,
    parse_responses,
    satisfaction,
    wilson,
)
from junheng.evaluation.core.survey import Questionnaire, question_number

pytestmark = pytest.mark.core

Q = Questionnaire.model_validate({
    "title": "测试问卷", "group_question": 1, "school_question": 2,
    "groups": [{"id": "stu", "name": "学生", "weight": 0.5}, {"id": "par", "name": "家长", "weight": 0.5},
               {"id": "rep", "name": "人大代表", "weight": 1, "school_level": False}],
    "questions": [{"number": 3, "text": "甲"}, {"number": 4, "text": "乙"}],
})
HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是？", "2、您所在的学校是？",
          "3、您对学校的办学条件满意吗？", "4、您对教学质量满意吗？"]
FIXED = ["2024-11-02 10:00:00", "95秒", "微信", "N/A", "1.2.3.4(湖南-长沙)"]
ROWS = [
    ["1", *FIXED, "学生", "一小", "非常满意", "不满意"],
    ["2", *FIXED, "学生", "二小", "满意", "基本满意"],
    ["3", *FIXED, "家长", "一小", 5, "(跳过)"],
    ["4", *FIXED, "家长", "一小", "1", 2.0],
]


def oracle(x: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's interval as the roots of (p̂ − p)² = z² p (1 − p) / n, solved as a quadratic in p."""
    ph = x / n
    a = 1 + z * z / n
    b = -(2 * ph + z * z / n)
    c = ph * ph
    d = math.sqrt(b * b - 4 * a * c)
    return (-b - d) / (2 * a), (-b + d) / (2 * a)


@pytest.mark.parametrize(("x", "n"), [pytest.param(3, 4, id="3of4"), pytest.param(85, 100, id="85of100"),
                                      pytest.param(0, 10, id="none"), pytest.param(10, 10, id="all"),
                                      pytest.param(412, 480, id="412of480")])
def test_wilson_against_quadratic(x, n):
    low, high = wilson(x, n)
    o_low, o_high = oracle(x, n)
    assert low == pytest.approx(max(0.0, o_low), abs=1e-12) and high == pytest.approx(min(1.0, o_high), abs=1e-12)


def test_hand_computed_rates():
    responses, problems = parse_responses(Q, HEADER, ROWS, "问卷.xlsx", "Sheet1")
    assert problems == []
    r = satisfaction(Q, responses)
    # 学生: 非常满意 ✓ 不满意 ✗ 满意 ✓ 基本满意 ✓ → 3/4; 家长: 5=非常不满意 ✗, 跳过, 1=非常满意 ✓, 2=满意 ✓ → 2/3
    assert (r.groups["stu"].satisfied, r.groups["stu"].answers, r.groups["stu"].respondents) == (3, 4, 2)
    assert (r.groups["par"].satisfied, r.groups["par"].answers) == (2, 3)
    assert r.groups["rep"].rate is None
    assert r.county.rate == pytest.approx(0.5 * 0.75 + 0.5 * 2 / 3)          # 人大代表 has no answers: re-weighted
    assert r.county.respondents == 4
    var = 0.25 * 0.75 * 0.25 / 4 + 0.25 * (2 / 3) * (1 / 3) / 3
    assert r.county.low == pytest.approx(r.county.rate - 1.96 * math.sqrt(var))
    one = r.schools["一小"]
    assert one.groups["stu"].rate == pytest.approx(0.5) and one.groups["par"].rate == pytest.approx(2 / 3)
    assert one.rate == pytest.approx(0.5 * 0.5 + 0.5 * 2 / 3) and one.respondents == 3
    assert r.schools["二小"].rate == pytest.approx(1.0)
    assert "无答卷的群体" in r.county.arithmetic
    contract = r.as_contract()
    assert contract["county"]["n"] == 4 and set(contract["schools"]) == {"一小", "二小"}


def test_county_only_group_counts_for_county_not_school():
    rows = [*ROWS, ["5", *FIXED, "人大代表", "一小", "不满意", "不满意"]]
    r = satisfaction(Q, parse_responses(Q, HEADER, rows, "f", "s")[0])
    assert r.groups["rep"].rate == 0.0
    assert r.county.rate == pytest.approx((0.5 * 0.75 + 0.5 * 2 / 3 + 0) / 2)
    assert r.schools["一小"].respondents == 3


def test_bad_answers_name_row_and_column():
    rows = [["1", *FIXED, "老师", "一小", "满意", "满意"], ["2", *FIXED, "学生", "一小", "还行", 9]]
    _, problems = parse_responses(Q, HEADER, rows, "问卷.xlsx", "Sheet1")
    assert [(p.row, p.reason[:6]) for p in problems] == [(2, "身份「老师」"), (3, "「还行」不是"), (3, "「9」不是问")]
    assert "第 3 行" in str(problems[1]) and "问卷.xlsx" in str(problems[1])


def test_missing_question_column():
    _, problems = parse_responses(Q, HEADER[:-1], [r[:-1] for r in ROWS], "f.xlsx", "s")
    assert len(problems) == 1 and "第 4 题" in problems[0].reason


def test_overall_measure_counts_one_answer_per_respondent():
    q = Q.model_copy(update={"measure": "overall", "overall_question": 4})
    r = satisfaction(q, parse_responses(q, HEADER, ROWS, "f", "s")[0])
    assert (r.groups["stu"].satisfied, r.groups["stu"].answers) == (1, 2)
    assert (r.groups["par"].satisfied, r.groups["par"].answers, r.groups["par"].respondents) == (1, 1, 1)


@pytest.mark.parametrize(("header", "n"), [("1、您的身份", 1), ("12、题目", 12), ("Q3. 题", 3), ("3.题", 3),
                                           ("序号", None), ("来自IP", None)])
def test_question_number(header, n):
    assert question_number(header) == n


def test_default_questionnaire_loads():
    q = load_questionnaire(DEFAULT_QUESTIONNAIRE)
    assert [g.name for g in q.groups][:4] == ["学生", "家长", "教师", "校长"]
    assert q.group_of("政协委员").id == "deputy"
