"""Early warning: the additive score with county weights, the reasons per student, and the follow-up measure
that only counts real contacts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.retention.core import (
    FACTORS,
    RetentionSettings,
    TermCalendar,
    classify_contacts,
    follow_up,
    risk_scores,
    warning_list,
)

pytestmark = pytest.mark.core
D = dt.date
STUDENTS = pd.DataFrame({
    "student_id": ["a", "b", "c", "d", "e"], "name": ["甲", "乙", "丙", "丁", "戊"],
    "school_id": ["S1", "S1", "S2", "S2", "S2"], "grade": [7, 7, 3, 5, 1],
    # ages on 31 Aug 2024: 13, 15, 8, 12, 6 → over-age a 1, b 3, c 0, d 2, e 0
    "birth_date": ["2011-05-01", "2009-05-01", "2016-01-01", "2012-01-01", "2018-03-03"],
    "left_behind": ["双亲留守儿童", "非留守儿童", "单亲留守儿童", "非留守儿童", "非留守儿童"],
    "migrant": ["否", "是", "否", "否", "否"], "disability": ["", "", "肢体", "", ""],
    "low_income": ["是", "否", "否", "否", "否"],
})
ABSENCES = pd.DataFrame({"student_id": ["a", "a", "b"], "absent_days": [7, 5, 3]})
EXAMS = pd.DataFrame({"student_id": ["a", "c"], "previous_percentile": [80, 50], "current_percentile": [40, 45]})
LAST_YEAR = pd.DataFrame({"student_id": ["d", "e"], "grade": [5, 0]})


@pytest.fixture
def scores():
    return risk_scores(STUDENTS, year=2024, absences=ABSENCES, exam_change=EXAMS,
                       previous_grades=LAST_YEAR).set_index("student_id")


@pytest.mark.parametrize(("student", "score", "reasons"), [
    pytest.param("a", 7.0, "缺勤12天（+3）；成绩百分位下降40（+2）；双亲留守儿童（+1）；建档立卡或低保家庭（+1）",
                 id="absent-drop-left-behind-low-income"),
    pytest.param("b", 3.0, "超龄3岁（+2）；随迁子女（+1）", id="over-age-migrant"),
    pytest.param("c", 2.0, "单亲留守儿童（+1）；残疾（肢体）（+1）", id="flags-only"),
    pytest.param("d", 4.0, "超龄2岁（+2）；留级或重读（+2）", id="repeated-grade"),
    pytest.param("e", 0.0, "", id="nothing"),
])
def test_score_and_reasons(scores, student, score, reasons):
    assert scores.loc[student, "risk_score"] == score
    assert scores.loc[student, "reasons"] == reasons
    assert scores.loc[student, "flagged"] == (score >= 3)


def test_factor_columns_and_order(scores):
    assert [c for c in scores.columns if c.startswith("factor_")] == [f"factor_{f}" for f in FACTORS]
    listed = warning_list(scores.reset_index(), flagged_on=D(2024, 10, 8))
    assert listed["student_id"].tolist() == ["a", "b", "d"]   # per school, highest score first
    assert (listed["flagged_on"] == D(2024, 10, 8)).all()


def test_county_weights_and_threshold():
    weights = {"absence": 0, "exam_drop": 0, "over_age": 5, "repeated_grade": 0, "left_behind": 0, "migrant": 0,
               "disability": 0, "low_income": 0}
    s = risk_scores(STUDENTS, year=2024, absences=ABSENCES,
                    settings=RetentionSettings(warning_weights=weights, warning_threshold=5)).set_index("student_id")
    assert s["flagged"].to_dict() == {"a": False, "b": True, "c": False, "d": True, "e": False}
    assert s.loc["b", "reasons"] == "超龄3岁（+5）"
    assert bool(s.loc["a", "factor_absence"]) and s.loc["a", "reasons"] == ""  # weight 0: not scored, not listed


def test_without_optional_data_those_factors_are_off():
    s = risk_scores(STUDENTS, year=2024).set_index("student_id")
    assert not s["factor_absence"].any() and not s["factor_exam_drop"].any()
    assert s.loc["a", "risk_score"] == 2.0


CAL = TermCalendar()
FLAGGED = pd.DataFrame({"student_id": ["a", "b", "d", "x", "y", "z"], "school_id": ["S1", "S1", "S2", "S2", "S2",
                                                                                   "S2"],
                        "flagged_on": [D(2024, 10, 8)] * 5 + [D(2024, 10, 16)]})
BOILER = "已开展家访，家长表示支持学校工作"
CONTACTS = pd.DataFrame([
    ("a", "2024-10-09", "电话", "已联系"),                                # too short
    ("a", "2024-10-10", "家访", "与母亲面谈，孩子同意下周一返校上课"),       # counts
    ("b", "2024-10-30", "家访", "家访时孩子在家，答应返校"),                # too late (due 15 Oct)
    ("d", "2024-10-09", "家访", BOILER),                                  # boilerplate (3 students)
    ("x", "2024-10-09", "家访", BOILER),
    ("y", "2024-10-09", "家访", BOILER),
    ("y", "2024-10-07", "电话", "列入预警之前的一次电话，谈了学习情况"),      # before flagging
    ("x", "2024-10-10", "微信", "发了微信，家长回复收到，会督促孩子"),       # not a contact kind
], columns=["student_id", "on", "kind", "note"])


def test_only_real_contacts_count():
    judged = classify_contacts(FLAGGED, CONTACTS, calendar=CAL, settings=RetentionSettings())
    assert judged["why_not"].tolist() == ["说明过短", "", "超出规定天数", "与其他学生的记录说明雷同（套话）",
                                          "与其他学生的记录说明雷同（套话）", "与其他学生的记录说明雷同（套话）",
                                          "联系日期早于列入预警", "联系方式不是家访、电话或信函"]


def test_follow_up_rate_per_school_and_county():
    people, table = follow_up(FLAGGED, CONTACTS, calendar=CAL, today=D(2024, 10, 20))
    assert dict(zip(people["student_id"], people["state"])) == {
        "a": "contacted", "b": "missed", "d": "missed", "x": "missed", "y": "missed", "z": "pending"}
    rates = table.set_index("school_id")
    assert rates.loc["S1", "contact_rate"] == pytest.approx(0.5)
    assert rates.loc["S2", "contact_rate"] == pytest.approx(0.0) and rates.loc["S2", "pending"] == 1
    assert rates.loc["全县", ["flagged", "contacted", "missed", "pending"]].tolist() == [6, 1, 4, 1]
    assert rates.loc["全县", "contact_rate"] == pytest.approx(1 / 5)


def test_follow_up_with_no_contact_logged_yet():
    people, table = follow_up(FLAGGED, CONTACTS.iloc[0:0], calendar=CAL, today=D(2024, 10, 20))
    assert people["first_contact_on"].isna().all() and set(people["state"]) == {"missed", "pending"}
    assert table.set_index("school_id").loc["全县", "contacted"] == 0


def test_health_factors_from_the_health_module_count_without_naming_the_psychological_result():
    flags = {"c": ["体质测试不及格"], "e": ["体质测试不及格", "心理测评高风险"], "zz": ["心理测评高风险"]}
    s = risk_scores(STUDENTS, year=2024, health_flags=flags).set_index("student_id")
    assert s.loc["c", "risk_score"] == 3.0 and s.loc["c", "flagged"]  # 单亲留守 + 残疾 + 体质不及格
    assert s.loc["c", "reasons"].endswith("体质测试不及格（+1）")
    assert s.loc["e", "risk_score"] == 2.0
    assert s.loc["e", "reasons"] == "体质测试不及格（+1）；健康关爱重点对象（+1）"
    assert "心理" not in "".join(s["reasons"])  # the warning list is read by roles without the health permission
    off = RetentionSettings(warning_weights={**dict.fromkeys(FACTORS, 1.0), "health_concern": 0.0})
    assert "健康关爱" not in risk_scores(STUDENTS, year=2024, settings=off, health_flags=flags)["reasons"].str.cat()
