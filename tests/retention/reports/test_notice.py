"""The 复学通知书 and the weekly report as Word: read back what was written."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from docx import Document

from junheng.retention.core import (
    Contact,
    DropoutCase,
    Guardian,
    Responsible,
    RetentionSettings,
    TermCalendar,
    assign,
    issue_notice,
    log_contact,
    parse_days,
    record_report,
    transition,
    weekly_summary,
    zero_report_status,
)
from junheng.retention.reports.notice import (
    LEGAL_BASIS,
    notice_deadline,
    notice_paragraphs,
    write_return_notice,
)
from junheng.retention.reports.weekly_report import write_weekly_report

D = dt.date
SETTINGS = RetentionSettings(holidays=("2024-10-01..2024-10-07",), makeup_workdays=("2024-09-29", "2024-10-12"))
CAL = TermCalendar.from_settings(SETTINGS)
ID_NUMBER = "330102201103040011"


@pytest.fixture
def case():
    c = DropoutCase("C001", "G" + ID_NUMBER, "李小明", D(2024, 9, 10), source="census", gender="男",
                    id_number=ID_NUMBER, birth_date="2011-03-04", school_id="3301020001", school_name="青山镇中心学校",
                    grade=8, class_name="2班", township_code="330102001", township_name="青山镇", village="石桥村",
                    guardians=(Guardian("李大山", "父亲"), Guardian("王秀英", "母亲")))
    c = assign(c, on=D(2024, 9, 11), township_official=Responsible("张乡长", phone="0571-1234567"),
               village_official=Responsible("刘支书"), school_contact=Responsible("陈校长", phone="0571-7654321"),
               class_teacher=Responsible("赵老师"))
    c = record_report(c, D(2024, 9, 11))
    c = transition(transition(c, "确认辍学", on=D(2024, 9, 13), by="陈校长"), "劝返中", on=D(2024, 9, 14), by="陈校长")
    for day, kind in ((D(2024, 9, 18), "家访"), (D(2024, 9, 25), "电话"), (D(2024, 10, 9), "家访")):
        c = log_contact(c, Contact(day, kind, "家长仍不同意孩子返校"))
    return issue_notice(c, D(2024, 10, 12))


def text_of(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_notice_deadline_counts_working_days_after_issue():
    # 12 Oct (a make-up Saturday) + 15 working days: 14–18, 21–25, 28–31 Oct, 1 Nov
    assert notice_deadline(D(2024, 10, 12), CAL, SETTINGS) == D(2024, 11, 1)


def test_notice_document(case, tmp_path):
    path = write_return_notice(case, tmp_path / "复学通知书.docx", issued_on=D(2024, 10, 12), calendar=CAL,
                               settings=SETTINGS, number="青政教〔2024〕3号")
    text = text_of(path)
    for expected in ("复学通知书", "青政教〔2024〕3号", "李大山、王秀英（李小明的父亲、母亲）：",
                     "李小明（男，2011年3月4日出生）系青山镇中心学校八年级2班学生",
                     "先后3次通过家访、电话等方式劝返", "现责令你于2024年11月1日前送李小明到青山镇中心学校复学",
                     "第五条、第十一条", "第五十八条", "批评教育，责令限期改正", "未成年人保护法",
                     "学校联系人：陈校长，电话 0571-7654321", "乡镇联系人：张乡长，电话 0571-1234567",
                     "青山镇人民政府（盖章）", "2024年10月12日", "送达回执", "监护人（签名）"):
        assert expected in text, expected
    assert ID_NUMBER not in text  # the child's ID number is not printed


def test_notice_without_guardians_or_contacts():
    bare = DropoutCase("C2", "G2", "王芳", D(2024, 9, 10), school_name="白水小学", township_name="白水乡")
    parts = notice_paragraphs(bare, issued_on=D(2024, 10, 8), deadline=D(2024, 10, 29))
    assert parts["addressee"] == "王芳的父母或者其他监护人："
    assert parts["facts"] == "你的孩子王芳系白水小学学生，经2024年9月10日核查，未到校上学。"
    assert parts["law"] == LEGAL_BASIS and parts["contacts"] == []
    assert parts["issuer"] == "白水乡人民政府"


def test_weekly_report_document(case, tmp_path):
    other = DropoutCase("C002", "G2", "王芳", D(2024, 10, 8), source="reconciliation", school_id="3301020002",
                        school_name="白水小学", township_code="330102002")
    back = transition(DropoutCase("C003", "G3", "赵强", D(2024, 9, 20), township_code="330102001",
                                  school_id="3301020001"), "已复学", on=D(2024, 10, 10), by="陈校长", note="返校")
    zero = zero_report_status(["3301020001", "3301020002"], pd.DataFrame(
        {"school_id": ["3301020001"], "month": ["2024-09"], "submitted_on": ["2024-10-03"], "dropouts": [0]}),
        "2024-09", today=D(2024, 10, 11))
    summary = weekly_summary([case, other, back], week_start=D(2024, 10, 8), week_end=D(2024, 10, 12), calendar=CAL,
                             settings=SETTINGS, township_names={"330102001": "青山镇", "330102002": "白水乡"},
                             zero_report=zero)
    assert summary.totals == {"cases": 3, "open": 2, "opened_this_week": 1, "returned_this_week": 1,
                              "overdue_cases": 1, "notices_issued_this_week": 1, "notices_due": 0}
    assert summary.by_township.loc["青山镇"].to_dict() == {"核查中": 0, "确认辍学": 0, "劝返中": 1, "已复学": 1,
                                                         "已转学核实": 0, "送教上门": 0, "其他": 0, "合计": 2}
    assert summary.overdue["case_id"].tolist() == ["C002"]
    text = text_of(write_weekly_report(summary, tmp_path / "周报.docx", county="青山县"))
    for expected in ("青山县控辍保学工作周报", "（2024年10月8日至2024年10月12日）", "全县共有辍学个案3件",
                     "上报教育局和乡镇（逾期1个工作日）", "未明确", "白水小学", "赵强",
                     "应报2所，已报1所，未报1所。未报学校：3301020002。"):
        assert expected in text, expected


def test_weekly_report_with_no_cases(tmp_path):
    summary = weekly_summary([], week_start=D(2024, 10, 8), week_end=D(2024, 10, 12), calendar=CAL,
                             settings=SETTINGS)
    text = text_of(write_weekly_report(summary, tmp_path / "空.docx"))
    assert "本周无个案。" in text and "无逾期事项。" in text and "全县共有辍学个案0件" in text


def test_calendar_helpers_are_shared():
    assert parse_days(["2024-10-01"]) == frozenset({D(2024, 10, 1)})
