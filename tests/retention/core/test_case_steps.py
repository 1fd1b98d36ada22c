"""A case's life from creation to return: due dates, overdue steps, the notice after three failed persuasions,
and the dashboard board with its township/school scope (hand-worked on a Monday–Friday calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from junheng.retention.core import (
    CaseStatus,
    Contact,
    DropoutCase,
    Responsible,
    RetentionSettings,
    TermCalendar,
    assign,
    case_board,
    case_steps,
    issue_notice,
    log_contact,
    notice_due,
    parse_days,
    record_report,
    transition,
)

pytestmark = pytest.mark.core
D = dt.date
CAL = TermCalendar()
SET = RetentionSettings()


def steps_of(case, today):
    return {s.key: s for s in case_steps(case, calendar=CAL, settings=SET, today=today)}


@pytest.fixture
def opened():
    return DropoutCase("C1", "G1", "李小明", D(2024, 9, 9), source="census", township_code="T1", school_id="X1")


def test_new_case_steps(opened):
    s = steps_of(opened, D(2024, 9, 11))
    assert (s["report"].due, s["assign"].due, s["verify"].due) == (D(2024, 9, 12), D(2024, 9, 12), D(2024, 9, 16))
    assert {k: v.state for k, v in s.items()} == {"report": "pending", "assign": "pending", "verify": "pending"}
    late = steps_of(opened, D(2024, 9, 17))
    assert (late["report"].state, late["report"].days_overdue) == ("overdue", 3)
    assert (late["verify"].state, late["verify"].days_overdue) == ("overdue", 1)
    assert late["verify"].state_label == "逾期未完成"


def life(opened):
    c = record_report(opened, D(2024, 9, 11))
    c = assign(c, on=D(2024, 9, 13), township_official=Responsible("张乡长"), village_official=Responsible("刘支书"),
               school_contact=Responsible("陈校长"), class_teacher=Responsible("赵老师"))
    c = transition(c, "确认辍学", on=D(2024, 9, 13), by="陈校长")
    c = transition(c, "劝返中", on=D(2024, 9, 19), by="张乡长")
    for day, kind in ((D(2024, 9, 20), "家访"), (D(2024, 9, 27), "电话"), (D(2024, 10, 8), "家访")):
        c = log_contact(c, Contact(day, kind, "家长仍不同意孩子返校", by="赵老师"))
    return c


def test_persuasion_steps_and_notice_due(opened):
    c = life(opened)
    s = steps_of(c, D(2024, 10, 17))
    assert (s["report"].state, s["assign"].state, s["assign"].days_overdue) == ("on_time", "late", 1)
    assert (s["verify"].done_on, s["verify"].state) == (D(2024, 9, 13), "on_time")
    assert (s["start_persuasion"].due, s["start_persuasion"].state) == (D(2024, 9, 18), "late")
    assert s["contact"].due == D(2024, 10, 22) and s["contact"].state == "pending"
    assert (s["notice"].due, s["notice"].state, s["notice"].days_overdue) == (D(2024, 10, 15), "overdue", 2)
    assert s["notice"].line == "政府线"
    assert notice_due(c, SET)
    assert not notice_due(c, RetentionSettings(failed_contacts_before_notice=4))


def test_notice_then_return_closes_the_case(opened):
    c = issue_notice(life(opened), D(2024, 10, 14))
    s = steps_of(c, D(2024, 10, 17))
    assert s["notice"].state == "on_time" and not notice_due(c, SET)
    assert s["notice_deadline"].due == D(2024, 11, 4)
    c = transition(c, "已复学", on=D(2024, 10, 30), by="陈校长", note="10月30日返校")
    s = steps_of(c, D(2024, 12, 1))
    assert "contact" not in s
    assert (s["notice_deadline"].done_on, s["notice_deadline"].state) == (D(2024, 10, 30), "on_time")
    assert not any(step.overdue for step in s.values())


def test_notice_deadline_overdue_when_child_does_not_return(opened):
    c = issue_notice(life(opened), D(2024, 10, 14))
    s = steps_of(c, D(2024, 11, 6))
    assert (s["notice_deadline"].state, s["notice_deadline"].days_overdue) == ("overdue", 2)


def test_contact_overdue_after_interval(opened):
    c = transition(transition(assign(opened, on=D(2024, 9, 9), **{k: Responsible(k) for k in (
        "township_official", "village_official", "school_contact", "class_teacher")}),
        "确认辍学", on=D(2024, 9, 10), by="x"), "劝返中", on=D(2024, 9, 10), by="x")
    s = steps_of(c, D(2024, 9, 26))
    assert s["contact"].due == D(2024, 9, 24) and s["contact"].days_overdue == 2


def test_closed_case_does_not_show_never_done_steps_as_overdue(opened):
    c = transition(opened, "已转学核实", on=D(2024, 9, 20), by="陈校长", note="已在外县某校就读，有接收证明")
    s = steps_of(c, D(2024, 10, 30))
    assert s["report"].state == "moot" and s["report"].state_label == "结案时未办"
    assert s["verify"].state == "late"  # it was decided, but after the due day


def test_reopened_case_is_verified_again(opened):
    c = transition(opened, "已复学", on=D(2024, 9, 10), by="x", note="已返校")
    c = transition(c, "核查中", on=D(2024, 10, 8), by="x", note="再次未到校")
    assert steps_of(c, D(2024, 10, 9))["verify"].due == D(2024, 10, 15)


def test_deadlines_follow_the_term_calendar(opened):
    holiday = TermCalendar(parse_days(["2024-09-16..2024-09-17"]), parse_days(["2024-09-14"]))
    s = {x.key: x for x in case_steps(opened, calendar=holiday, settings=SET, today=D(2024, 9, 9))}
    assert s["verify"].due == D(2024, 9, 14)  # 10, 11, 12, 13, Saturday 14 worked
    longer = RetentionSettings(verify_days=7)
    s = {x.key: x for x in case_steps(opened, calendar=holiday, settings=longer, today=D(2024, 9, 9))}
    assert s["verify"].due == D(2024, 9, 19)  # … 14, then 16–17 off, 18, 19


def test_case_board_scope_and_overdue_text(opened):
    other = DropoutCase("C2", "G2", "王芳", D(2024, 9, 9), township_code="T2", school_id="X2")
    board = case_board([opened, other], calendar=CAL, settings=SET, today=D(2024, 9, 17))
    assert board["case_id"].tolist() == ["C1", "C2"] and board["overdue"].all()
    assert board.loc[0, "overdue_steps"] == ("上报教育局和乡镇（逾期3个工作日）；明确两条线责任人（逾期3个工作日）；"
                                             "核实情况（逾期1个工作日）")
    assert case_board([opened, other], calendar=CAL, settings=SET, today=D(2024, 9, 17),
                      township_code="T2")["case_id"].tolist() == ["C2"]
    assert case_board([opened, other], calendar=CAL, settings=SET, today=D(2024, 9, 17),
                      school_id="X1")["case_id"].tolist() == ["C1"]
    assert case_board([], calendar=CAL, settings=SET, today=D(2024, 9, 17)).empty


def test_status_enum_values_are_the_issue_labels():
    assert [s.value for s in CaseStatus] == ["核查中", "确认辍学", "劝返中", "已复学", "已转学核实", "送教上门", "其他"]
