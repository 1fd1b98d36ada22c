"""The population list in the database and its reconciliation: exact matches on keyed hashes, the typo found by
name and birth date with the differing digits named, a person's decision, cases for children enrolled nowhere
(never twice, never for a child who already has a census case); zero-reports and early-warning follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from junheng.retention.core.settings import RetentionSettings
from junheng.retention.store.case_open import open_reconciliation_cases
from junheng.retention.store.models import CaseRecord, PopulationRecord, WarningFlag
from junheng.retention.store.monitor import (
    add_warning_contact,
    flag_students,
    submit_zero_report,
    warning_view,
    zero_report_table,
)
from junheng.retention.store.population import decide, import_population, protected_people, reconcile_term
from tests.retention.webcounty import population

pytestmark = pytest.mark.db


def test_reconciliation_against_the_stored_roster(censused, tmp_path):
    dep = censused
    with dep.db.transaction() as s:
        _, counts, warnings = import_population(s, population(tmp_path), username="staff", protector=dep.protector)
        assert counts["rows"] == 9 and warnings == []
        stored = s.scalars(select(PopulationRecord).where(PopulationRecord.name == "孙未入")).one()
        assert stored.township_code == "330100002" and stored.id_number_masked.count("*") == 10
        view = reconcile_term(s, dep.protector, "2024-2")
    by_name = view.people.set_index("name")["match"]
    assert by_name.to_dict() == {"学生1": "pending", "学生2": "id_number", "学生3": "id_number", "学生4": "id_number",
                                 "学生5": "id_number", "张小明": "id_number", "赵小红": "none", "王小芳": "none",
                                 "孙未入": "none"}
    assert view.people.set_index("name")["hint"]["赵小红"] == "2133010001：转出"
    (cand,) = view.candidates.to_dict("records")
    # decrypted for the reason: one mistyped digit adds 0.2 to the 0.8 of the same name and birth date
    assert (cand["roster_name"], cand["score"]) == ("学生1", 1.0) and "身份证件号有1位不同" in cand["reason"]
    assert view.counts == {"people": 9, "matched": 5, "confirmed": 0, "pending": 1, "unenrolled": 3,
                           "candidates": 1, "listed": 9}
    with dep.db.transaction() as s:
        decide(s, cand["id_number"], cand["student_id"], True, username="staff")
        view = reconcile_term(s, dep.protector, "2024-2")
        assert view.people.set_index("name")["match"]["学生1"] == "confirmed"
        unenrolled = view.unenrolled
        opened = open_reconciliation_cases(s, unenrolled, term="2024-2", opened_on=dt.date(2024, 9, 20),
                                           username="staff",
                                           protected=protected_people(s, unenrolled["id_number"].tolist()))
        assert len(opened) == 2   # 赵小红 (left the county) and 孙未入; 王小芳 already has her census case
        case = s.scalars(select(CaseRecord).where(CaseRecord.case_id.in_(opened), CaseRecord.name == "孙未入")).one()
        assert (case.name, case.township_code, case.source) == ("孙未入", "330100002", "reconciliation")
        assert dep.protector.decrypt(case.id_number_enc) == stored_id(tmp_path)
        assert open_reconciliation_cases(s, unenrolled, term="2024-2", opened_on=dt.date(2024, 9, 21),
                                         username="staff", protected={}) == []


def stored_id(tmp_path) -> str:
    import pandas as pd

    frame = pd.read_csv(tmp_path / "适龄人口.csv", dtype=str)
    return frame.set_index("姓名")["公民身份号码"]["孙未入"]


def test_zero_report_and_missing_list(censused):
    dep = censused
    with dep.db.transaction() as s:
        submit_zero_report(s, "2133010001", "2024-09", 1, on=dt.date(2024, 10, 3), note="", username="clerk")
        submit_zero_report(s, "2133010002", "2024-09", 0, on=dt.date(2024, 10, 8), note="", username="staff")
        with pytest.raises(ValueError, match="YYYY-MM"):
            submit_zero_report(s, "2133010002", "2024-13", 0, on=dt.date(2024, 10, 8), note="", username="staff")
        table = zero_report_table(s, "2024-09", ["2133010001", "2133010002", "2133010003"],
                                  today=dt.date(2024, 10, 9)).set_index("school_id")
    assert table["status"].tolist() == ["已报送", "已报送", "未报送"]
    assert table["zero_report"].tolist() == [False, True, False]
    assert table["late"].tolist() == [False, True, False] and table["overdue"].tolist() == [False, False, True]


def test_warning_list_counts_only_real_contacts(censused):
    """Grade 1 pupils stay in grade 1 and 张小明 stays in grade 8 between the two rosters: repeated grades (2
    points each); with the threshold at 2 they are the list."""
    dep = censused
    settings = RetentionSettings(warning_threshold=2.0)
    with dep.db.transaction() as s:
        assert flag_students(s, "2024-2", on=dt.date(2024, 9, 16), username="staff", settings=settings) == 3
        flags = {f.name: f for f in s.scalars(select(WarningFlag))}
        assert set(flags) == {"学生1", "学生2", "张小明"}
        assert all(f.reasons == "留级或重读（+2）" for f in flags.values())
        add_warning_contact(s, flags["学生1"], on=dt.date(2024, 9, 18), kind="家访",
                            note="班主任家访，与母亲谈孩子的学习和住校安排", person="李老师", username="clerk")
        add_warning_contact(s, flags["学生2"], on=dt.date(2024, 9, 18), kind="电话", note="已联系", person="李老师",
                            username="clerk")
        assert flag_students(s, "2024-2", on=dt.date(2024, 9, 30), username="staff", settings=settings) == 0
        people, rates, judged = warning_view(s, "2024-2", None, today=dt.date(2024, 9, 30), settings=settings)
    state = people.set_index("name")["state"]
    assert state.to_dict() == {"学生1": "contacted", "学生2": "missed", "张小明": "missed"}
    county = rates.set_index("school_id").loc["全县"]
    assert (county["contacted"], county["missed"], county["contact_rate"]) == (1, 2, pytest.approx(1 / 3))
    assert judged.set_index("student_id").loc[flags["学生2"].student_id, "why_not"] == "说明过短"


def test_population_rows_are_replaced_as_a_whole(censused, tmp_path):
    dep = censused
    path = population(tmp_path)
    with dep.db.transaction() as s:
        import_population(s, path, username="staff", protector=dep.protector)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with dep.db.transaction() as s:
        _, counts, _ = import_population(s, path, username="staff", protector=dep.protector)
        assert (counts["removed"], counts["unchanged"]) == (1, 8)
        assert s.scalar(select(func.count()).select_from(PopulationRecord).where(
            PopulationRecord.in_list.is_(True))) == 8
