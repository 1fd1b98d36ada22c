"""Risk flags (each behind its setting), 残疾儿童少年入学率 arithmetic, aid totals, psychological levels and the
follow-up case deadlines on the 控辍保学 calendar."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.health import api
from junheng.health.core import HealthSettings, aid_totals, enrolment_rate, risk_flags, risk_levels
from junheng.health.core.psych import PsychCase, PsychCaseError, case_steps, close, log_contact
from junheng.retention.core import Contact, TermCalendar

pytestmark = pytest.mark.core


def test_published_keys_are_the_contract_names():
    assert set(api.FIGURES) == {"health.fitness_pass_rate", "health.fitness_excellent_rate",
                                "health.poor_vision_rate", "health.disabled_enrolment_rate"}
    assert [api.school_year(p) for p in ("2024", "2024-2", "2025-1")] == ["2024", "2024", "2024"]


def test_risk_flags_follow_the_settings():
    scored = pd.DataFrame({"student_id": ["A", "B", "C"], "total": [59.9, 60.0, None], "complete": [True, True, False]})
    psych = pd.DataFrame({"student_id": ["B", "C"], "level": ["高风险", "关注"]})
    assert risk_flags(scored, psych) == {"A": ["体质测试不及格"], "B": ["心理测评高风险"]}
    assert risk_flags(scored, psych, HealthSettings(risk_psych_high=False)) == {"A": ["体质测试不及格"]}
    assert risk_flags(scored, psych, HealthSettings(risk_fitness_fail=False, risk_psych_high=False)) == {}


def test_enrolment_rate_arithmetic():
    reg = pd.DataFrame({"placement": ["随班就读"] * 5 + ["送教上门"] * 2 + ["特教学校"] + ["未入学"] * 2})
    e = enrolment_rate(reg)
    assert e["value"] == 0.8 and (e["placed"], e["registered"]) == (8, 10)
    assert e["arithmetic"] == "（随班就读 5＋送教上门 2＋特教学校 1）÷ 登记适龄残疾儿童少年 10 人 = 8/10 = 80.0%"
    assert enrolment_rate(reg.iloc[0:0])["value"] is None


def test_aid_totals():
    aid = pd.DataFrame({"school_id": ["s1", "s1", "s2"], "amount": [500.0, 625.0, 400.0]})
    out = aid_totals(aid, ["school_id"]).set_index("school_id")
    assert out.loc["s1", "times"] == 2 and out.loc["s1", "amount"] == 1125.0 and out.loc["s2", "times"] == 1


@pytest.mark.parametrize(("scale", "total", "level"), [("PHQ-9", 9, "正常"), ("PHQ-9", 10, "关注"), ("PHQ-9", 14, "关注"),
                                                       ("PHQ-9", 15, "高风险"), ("MHT", 55, "正常"), ("MHT", 56, "关注"),
                                                       ("MHT", 65, "高风险")])
def test_psych_levels_at_the_cut_offs(scale, total, level):
    assert risk_levels(pd.DataFrame({"scale": [scale], "total": [total]})).iloc[0] == level


def test_follow_up_case_deadlines_in_working_days():
    cal = TermCalendar(holidays=frozenset({dt.date(2024, 10, 1)}))
    s = HealthSettings()
    case = PsychCase("XL-1", "G1", "s1", dt.date(2024, 9, 27), "PHQ-9", 18)   # a Friday
    steps = {x.key: x for x in case_steps(case, calendar=cal, settings=s, today=dt.date(2024, 10, 8))}
    # 3 working days after Fri 27 Sep, skipping the weekend and the 1 Oct holiday: Mon 30, Wed 2, Thu 3
    assert steps["first_contact"].due == dt.date(2024, 10, 3) and steps["first_contact"].overdue
    case = log_contact(case, Contact(dt.date(2024, 10, 2), "约谈", "约谈学生，了解情况"))
    steps = {x.key: x for x in case_steps(case, calendar=cal, settings=s, today=dt.date(2024, 10, 8))}
    assert steps["first_contact"].state == "on_time" and case.status == "跟进中" and "revisit" in steps
    with pytest.raises(PsychCaseError):
        log_contact(case, Contact(dt.date(2024, 9, 1), "约谈", "早于建档的记录"))
    done = close(case, dt.date(2024, 11, 1), "评估正常")
    assert all(x.state != "overdue" for x in case_steps(done, calendar=cal, settings=s, today=dt.date(2025, 1, 1)))
