"""The rubric as data: the default follows the 2021 指南's five areas; categories from kind and location; the
check warns on 升学率 and rank points; bad rubrics are refused with the place named."""

from __future__ import annotations

import pytest

from junheng.evaluation.core import (
    DEFAULT_RUBRIC,
    RubricError,
    SchoolInfo,
    check_rubric,
    load_rubric,
    parse_rubric,
)
from tests.evaluation.core.test_scoring import RUBRIC

pytestmark = pytest.mark.core


def test_default_rubric_follows_the_2021_guide():
    r = load_rubric(DEFAULT_RUBRIC)
    assert [d.name for d in r.dimensions] == ["办学方向", "课程教学", "教师发展", "学校管理", "学生发展"]
    assert r.total_weight == pytest.approx(100)
    assert {c.name for c in r.categories} == {"城区学校", "乡镇中心校", "村小", "教学点", "九年一贯制"}
    assert check_rubric(r) == []
    assert "evaluation.survey_satisfaction" in r.figure_keys()


@pytest.mark.parametrize(("kind", "location", "central", "name", "category"), [
    pytest.param("教学点", "乡村", False, "某村教学点", "point", id="teaching-point"),
    pytest.param("九年一贯制", "城区", False, "某九年一贯制学校", "nine_year", id="nine-year-before-urban"),
    pytest.param("十二年一贯制", "镇区", False, "某学校", "nine_year", id="twelve-year"),
    pytest.param("小学", "城区", False, "实验小学", "urban", id="urban-primary"),
    pytest.param("初中", "城区", False, "一中", "urban", id="urban-middle"),
    pytest.param("小学", "镇区", False, "镇小", "central", id="town"),
    pytest.param("小学", "乡村", True, "乡中心小学", "central", id="rural-central-school"),
    pytest.param("小学", "乡村", False, "村小", "village", id="village"),
    pytest.param("初中", "乡村", False, "乡中", "central", id="rural-middle-falls-back"),
])
def test_default_categories(kind, location, central, name, category):
    assert load_rubric(DEFAULT_RUBRIC).category_of(SchoolInfo("1", name, kind, location, central)) == category


def test_explicit_school_list_overrides_rules():
    r = parse_rubric({**RUBRIC, "schools": {"9": "B"}})
    assert r.category_of(SchoolInfo("9", "x", "小学", "城区")) == "B"
    assert r.category_of(SchoolInfo("8", "x", "小学", "城区")) == "A"


def test_check_warns_on_promotion_rate_and_rank_points():
    data = {**RUBRIC, "indicators": [*RUBRIC["indicators"],
                                     {"id": "P1", "name": "重点高中升学率", "dimension": "D1", "weight": 10,
                                      "kind": "judgement"}]}
    warnings = check_rubric(parse_rubric(data))
    levels = {(w.level, w.indicator) for w in warnings}
    assert ("错误", "P1") in levels            # 升学率
    assert ("警告", "R1") in levels            # rank points
    assert any("合计为 110" in w.message for w in warnings)


def test_check_warns_when_raw_outcomes_dominate():
    data = {**RUBRIC, "indicators": [{**i, "rule": {"type": "linear", "zero": 0, "full": 1}}
                                     if i["id"] == "R1" else i for i in RUBRIC["indicators"]]}
    assert not any("原始结果" in w.message for w in check_rubric(parse_rubric(data), 40))
    assert any("合计权重 40" in w.message for w in check_rubric(parse_rubric(data), 39.9))


@pytest.mark.parametrize(("change", "message"), [
    pytest.param({"fallback": "Z"}, "fallback 类别「Z」未定义", id="fallback"),
    pytest.param({"indicators": [{**RUBRIC["indicators"][0], "dimension": "X"}]}, "维度「X」未定义", id="dimension"),
    pytest.param({"indicators": [{**RUBRIC["indicators"][0], "source": "foo.bar"}]}, "不是已发布的数据键",
                 id="unknown-key"),
    pytest.param({"indicators": [{**RUBRIC["indicators"][0], "rule": None}]}, "必须有 source 和 rule", id="no-rule"),
    pytest.param({"indicators": [RUBRIC["indicators"][0], RUBRIC["indicators"][0]]}, "指标编号重复", id="dup"),
    pytest.param({"indicators": [{**RUBRIC["indicators"][0], "rule": {"type": "linear", "zero": 1, "full": 1}}]},
                 "不能相等", id="flat-linear"),
])
def test_bad_rubric_is_refused(change, message):
    with pytest.raises(RubricError, match=message):
        parse_rubric({**RUBRIC, **change})


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RubricError, match="找不到考核方案文件"):
        load_rubric(tmp_path / "none.yaml")
    (tmp_path / "bad.yaml").write_text("name: [", encoding="utf-8")
    with pytest.raises(RubricError, match="不是有效的 YAML"):
        load_rubric(tmp_path / "bad.yaml")


@pytest.mark.parametrize(("kind", "text"), [
    pytest.param("linear", "0.8→1", id="linear"), pytest.param("bands", "≥0.9:100；≥0.8:60；其他:20", id="bands-min"),
    pytest.param("bands", "≤0:100；≤1:60；其他:0", id="bands-max"),
    pytest.param("bands", "0.5~0.7:50；其他:0", id="bands-range"),
    pytest.param("rank", "名次:100,80,60；其他:40", id="rank"),
    pytest.param("rank", "名次(低者优先):10,5；其他:0", id="rank-low-first"),
])
def test_rule_text_round_trip(kind, text):
    from junheng.evaluation.core.rubric_text import rule_from_text, rule_to_text

    assert rule_to_text(rule_from_text(kind, text)) == text


@pytest.mark.parametrize(("kind", "text", "message"), [
    pytest.param("线性", "0.8", "零分值→满分值", id="linear"),
    pytest.param("区间", ">0.9:100", "应写作", id="band"),
    pytest.param("积分", "1", "未知的计分规则", id="kind"),
])
def test_rule_text_errors(kind, text, message):
    from junheng.evaluation.core.rubric_text import rule_from_text

    with pytest.raises(ValueError, match=message):
        rule_from_text(kind, text)
