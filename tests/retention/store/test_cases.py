"""Cases in the database: a life from census to 已复学 through the pure state machine, every action on the
timeline and audited, refused moves writing nothing; steps and overdue flags on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from junheng.accounts import Scope
from junheng.retention.core.cases import CaseError, Contact, Responsible
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.store.cases import (
    add_contact,
    assign_people,
    case_allowed,
    change_status,
    load_cases,
    mark_reported,
    record_notice,
)
from junheng.retention.store.models import CaseEntry, CaseRecord
from junheng.retention.store.queries import case_detail, dashboard
from junheng.store.models.accounts import AuditEntry
from tests.retention.webcounty import SID

pytestmark = pytest.mark.db
SETTINGS = RetentionSettings()
D = dt.date(2024, 9, 10)   # census day, a Tuesday


def _case(s, key: str) -> CaseRecord:
    return s.scalars(select(CaseRecord).where(CaseRecord.student_id == SID[key])).one()


def test_census_cases_follow_the_household_township(censused):
    with censused.db.sessions() as s:
        fang, qiang = _case(s, "fang"), _case(s, "qiang")
        assert (fang.township_code, fang.school_id, fang.status) == ("330100002", "2133010003", "核查中")
        assert (qiang.township_code, qiang.village) == ("330100001", "东街社区")
        assert fang.id_number_masked.startswith("3301") and "*" in fang.id_number_masked
        town = Scope("township_official", township_code="330100002")
        assert case_allowed(town, fang) and not case_allowed(town, qiang)
        assert case_allowed(Scope("school_clerk", school_id="2133010001"), qiang)
        assert [r.case_id for r, _ in load_cases(s, town)] == [fang.case_id]


def test_a_case_from_census_to_return(censused):
    dep = censused
    people = {"township_official": Responsible("赵乡长", "山前乡人民政府"), "village_official": Responsible("钱主任"),
              "school_contact": Responsible("孙主任"), "class_teacher": Responsible("李老师")}
    with dep.db.transaction() as s:
        rec = _case(s, "fang")
        with pytest.raises(CaseError, match="不能改为「劝返中」"):
            change_status(s, rec, "劝返中", on=D, by="孙主任", note="", username="t")
        change_status(s, rec, "确认辍学", on=D, by="孙主任", note="", username="t")
        with pytest.raises(CaseError, match="须明确两条线责任人"):
            change_status(s, rec, "劝返中", on=D, by="孙主任", note="", username="t")
    with dep.db.transaction() as s:
        rec = _case(s, "fang")
        assert rec.status == "确认辍学"   # refused moves wrote nothing
        assert s.scalar(select(func.count()).select_from(CaseEntry).where(CaseEntry.case_id == rec.case_id)) == 2
        assign_people(s, rec, people, on=D, username="t")
        mark_reported(s, rec, on=D + dt.timedelta(days=1), username="t")
        change_status(s, rec, "劝返中", on=D + dt.timedelta(days=2), by="赵乡长", note="", username="t")
        for k in range(3):
            add_contact(s, rec, Contact(D + dt.timedelta(days=3 + k), "家访", "家长不同意孩子返校，在外打工", "赵乡长"),
                        username="t")
        detail = case_detail(s, rec, SETTINGS, dt.date(2024, 9, 23))
        assert detail.notice_due and {st.key for st in detail.steps if st.overdue} == {"notice"}
        record_notice(s, rec, on=dt.date(2024, 9, 16), username="赵乡长")
        with pytest.raises(CaseError, match="必须填写说明"):
            change_status(s, rec, "已复学", on=dt.date(2024, 9, 20), by="李老师", note=" ", username="t")
        change_status(s, rec, "已复学", on=dt.date(2024, 9, 20), by="李老师", note="9月20日返校", username="t")
    with dep.db.sessions() as s:
        rec = _case(s, "fang")
        assert (rec.status, rec.notice_issued_on, rec.assigned_on) == ("已复学", dt.date(2024, 9, 16), D)
        kinds = s.scalars(select(CaseEntry.kind).where(CaseEntry.case_id == rec.case_id).order_by(CaseEntry.id)).all()
        assert kinds == ["open", "status", "assign", "report", "status", "contact", "contact", "contact", "notice",
                         "status"]
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.target == rec.case_id)) == 9
        board = dashboard(s, Scope("bureau_admin"), SETTINGS, dt.date(2024, 9, 30))
        assert board.totals["returned_this_term"] == 1 and board.returned[0]["name"] == "王小芳"
        assert board.totals["overdue"] == 1 and board.overdue[0]["name"] == "李小强"   # nobody worked on it
        town = dashboard(s, Scope("township_official", township_code="330100002"), SETTINGS, dt.date(2024, 9, 30))
        assert town.totals["cases"] == 1 and town.overdue == [] and town.area_label == "村（社区）"
