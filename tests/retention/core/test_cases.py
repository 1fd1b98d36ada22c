"""The dropout-case state machine: every transition of the matrix, the guards, contacts, notices."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from junheng.retention.core import (
    TRANSITIONS,
    CaseError,
    CaseStatus,
    Contact,
    DropoutCase,
    Responsible,
    assign,
    issue_notice,
    log_contact,
    record_report,
    transition,
)

pytestmark = pytest.mark.core
D = dt.date
S = CaseStatus
PEOPLE = {"township_official": Responsible("张乡长"), "village_official": Responsible("刘支书"),
              "school_contact": Responsible("陈校长"), "class_teacher": Responsible("赵老师")}
ALLOWED = {
    ("核查中", "确认辍学"), ("核查中", "已复学"), ("核查中", "已转学核实"), ("核查中", "送教上门"), ("核查中", "其他"),
    ("确认辍学", "劝返中"), ("确认辍学", "已复学"), ("确认辍学", "已转学核实"), ("确认辍学", "送教上门"),
    ("确认辍学", "其他"),
    ("劝返中", "已复学"), ("劝返中", "已转学核实"), ("劝返中", "送教上门"), ("劝返中", "其他"),
    ("已复学", "核查中"), ("已转学核实", "核查中"), ("其他", "核查中"), ("送教上门", "核查中"), ("送教上门", "已复学"),
}


def case(status=S.VERIFYING, **kw) -> DropoutCase:
    base = dict(case_id="C1", student_id="G1", name="李小明", opened_on=D(2024, 9, 9), source="census",
                status=status, **PEOPLE)
    return DropoutCase(**{**base, **kw})


def test_the_documented_matrix_is_the_implemented_one():
    implemented = {(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets}
    assert implemented == ALLOWED


@pytest.mark.parametrize(("src", "dst"), [pytest.param(a, b, id=f"{a.value}->{b.value}")
                                          for a, b in itertools.product(CaseStatus, CaseStatus)])
def test_every_pair(src, dst):
    c = case(src)
    if (src.value, dst.value) in ALLOWED:
        moved = transition(c, dst, on=D(2024, 9, 20), by="陈校长", note="核实情况说明")
        assert moved.status == dst and moved.status_since == D(2024, 9, 20)
        assert moved.history[-1].from_status == src and moved.history[-1].to_status == dst
        assert c.status == src  # the original is untouched
    else:
        with pytest.raises(CaseError, match="不能改为"):
            transition(c, dst, on=D(2024, 9, 20), by="陈校长", note="说明")


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"to": "已复学", "note": ""}, "必须填写说明", id="closing-needs-note"),
    pytest.param({"to": "辍学啦", "note": "x"}, "状态「辍学啦」无效", id="unknown-status"),
    pytest.param({"to": "确认辍学", "by": " "}, "须填写操作人", id="needs-actor"),
    pytest.param({"to": "确认辍学", "on": D(2024, 9, 1)}, "早于上一次变更日期", id="date-before-last-change"),
])
def test_guards(kwargs, message):
    args = {"on": D(2024, 9, 20), "by": "陈校长", "note": ""} | kwargs
    with pytest.raises(CaseError, match=message):
        transition(case(), **args)


def test_persuasion_needs_both_lines_named():
    bare = case(S.CONFIRMED, township_official=None, class_teacher=Responsible(" "))
    with pytest.raises(CaseError, match="尚缺：乡镇责任人、班主任"):
        transition(bare, "劝返中", on=D(2024, 9, 20), by="陈校长")


def test_assign_sets_assigned_on_only_when_both_lines_are_complete():
    c = case(township_official=None, village_official=None, school_contact=None, class_teacher=None)
    assert c.missing_responsibles() == ["乡镇责任人", "村（社区）责任人", "学校责任人", "班主任"]
    half = assign(c, on=D(2024, 9, 10), school_contact=Responsible("陈校长"), class_teacher=Responsible("赵老师"))
    assert half.assigned_on is None and half.missing_responsibles() == ["乡镇责任人", "村（社区）责任人"]
    full = assign(half, on=D(2024, 9, 12), township_official=Responsible("张乡长"),
                  village_official=Responsible("刘支书"))
    assert full.assigned_on == D(2024, 9, 12) and full.missing_responsibles() == []
    assert assign(full, on=D(2024, 9, 20), class_teacher=Responsible("钱老师")).assigned_on == D(2024, 9, 12)


@pytest.mark.parametrize(("contact", "message"), [
    pytest.param(Contact(D(2024, 9, 10), "微信", "说明"), "联系方式「微信」无效", id="kind"),
    pytest.param(Contact(D(2024, 9, 1), "家访", "说明"), "早于立案日期", id="before-opening"),
    pytest.param(Contact(D(2024, 9, 10), "电话", "  "), "须写明情况", id="empty-note"),
])
def test_contact_guards(contact, message):
    with pytest.raises(CaseError, match=message):
        log_contact(case(), contact)


def test_failed_contacts_count_only_since_persuasion_started():
    c = log_contact(case(S.CONFIRMED), Contact(D(2024, 9, 10), "电话", "核实时联系家长"))
    c = transition(c, "劝返中", on=D(2024, 9, 12), by="陈校长")
    c = log_contact(c, Contact(D(2024, 9, 13), "家访", "家长不同意返校"))
    c = log_contact(c, Contact(D(2024, 9, 20), "电话", "家长同意下周返校", agreed=True))
    c = log_contact(c, Contact(D(2024, 9, 18), "信函", "寄送劝返信"))
    assert [x.on for x in c.failed_contacts()] == [D(2024, 9, 13), D(2024, 9, 18)]
    assert case().failed_contacts() == []


def test_report_and_notice():
    c = record_report(case(), D(2024, 9, 11))
    assert record_report(c, D(2024, 9, 12)).reported_on == D(2024, 9, 11)
    with pytest.raises(CaseError, match="早于立案日期"):
        record_report(case(), D(2024, 9, 1))
    with pytest.raises(CaseError, match="只有确认辍学或劝返中"):
        issue_notice(case(), D(2024, 9, 20))
    persuading = case(S.PERSUADING, status_since=D(2024, 9, 15))
    assert issue_notice(persuading, D(2024, 9, 30)).notice_issued_on == D(2024, 9, 30)
    with pytest.raises(CaseError, match="早于当前状态"):
        issue_notice(persuading, D(2024, 9, 14))


def test_source_is_checked():
    with pytest.raises(CaseError, match="个案来源"):
        case(source="电话举报")
