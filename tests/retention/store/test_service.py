"""``consolidation_rate(session, year)``: 巩固率 from imported cohort figures and from a run of stored rosters and
census runs covering a whole 初中 cohort, checked against figures worked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from junheng.io.problems import ImportFailed
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.store.census import run_term_census
from junheng.retention.store.cohort import cohort_from_rosters, import_cohorts, write_cohort_template
from junheng.retention.store.rosters import import_roster
from junheng.retention.store.service import consolidation_rate
from tests.retention.county import idn
from tests.retention.dbcounty import add_county

pytestmark = pytest.mark.db


def test_imported_figures(deployment, tmp_path):
    rows = [{"school_id": "M1", "section": "初中", "year": 2024, "intake": 100, "transfers_in": 6, "transfers_out": 10,
             "deaths": 1, "graduates": 90},
            {"school_id": "N1", "section": "初中", "year": 2024, "intake": 50, "transfers_in": 0, "transfers_out": 2,
             "deaths": 0, "graduates": 47},
            {"school_id": "X1", "section": "小学", "year": 2024, "intake": 80, "transfers_in": 4, "transfers_out": 4,
             "deaths": 0, "graduates": 78}]
    path = write_cohort_template(tmp_path / "巩固率.xlsx", rows)
    with deployment.db.transaction() as s:
        add_county(s)
        import_cohorts(s, path, username="staff")
    with deployment.db.sessions() as s:
        got = consolidation_rate(s, 2024)
        deducted = consolidation_rate(s, 2024, RetentionSettings(deduct_deaths=True))
        assert consolidation_rate(s, 2023)["junior"]["available"] is False
    junior = got["junior"]
    # (90 + 47) / (150 + 6 - 12) = 137 / 144; M1 alone 90 / 96
    assert junior["rate"] == pytest.approx(137 / 144) and junior["meets_threshold"] is True
    assert junior["base"] == 144 and junior["source"] == "导入的统计数据"
    assert {r["school_id"]: r["rate"] for r in junior["schools"]} == {"M1": pytest.approx(90 / 96),
                                                                        "N1": pytest.approx(47 / 48)}
    assert {r["township_code"]: r["rate"] for r in junior["townships"]} == {"T1": pytest.approx(90 / 96),
                                                                             "T2": pytest.approx(47 / 48)}
    assert deducted["junior"]["rate"] == pytest.approx(137 / 143)
    assert got["primary"]["rate"] == pytest.approx(78 / 80) and "meets_threshold" not in got["primary"]
    assert got["threshold"] == 0.95


def test_import_refuses_unknown_schools(deployment, tmp_path):
    path = write_cohort_template(tmp_path / "巩固率.xlsx", [
        {"school_id": "Q7", "section": "初中", "year": 2024, "intake": 1, "transfers_in": 0, "transfers_out": 0,
         "deaths": 0, "graduates": 1}])
    with deployment.db.transaction() as s, pytest.raises(ImportFailed) as failed:
        add_county(s)
        import_cohorts(s, path, username="staff")
    (problem,) = failed.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("巩固率基础数据", 2, "学校标识码")


def _term(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    people = {k: (f"2010{m:02d}0{m}", m) for m, k in enumerate("abcdef", start=1)}
    return pd.DataFrame([{"student_id": "G" + idn(*people[k]), "name": k, "id_number": idn(*people[k]),
                          "birth_date": "", "school": school, "grade": grade, "status": status}
                         for k, school, grade, status in rows],
                        columns=["student_id", "name", "id_number", "birth_date", "school", "grade", "status"])


def test_cohort_from_six_terms_of_rosters(deployment, tmp_path):
    """The 初中 cohort that entered 初一 in autumn 2021 and graduates in 2024, at M1 and N1:
    a, b, c, d enter M1; e arrives from outside the county in spring 2022; b moves to N1 in autumn 2022;
    c leaves the county (转出) in spring 2023; d dies in autumn 2023.
    County (the sum of the schools: b's move is in both and cancels): intake 4, in 2, out 2, deaths 1,
    graduates 3 (a, e at M1; b at N1): 3 / (4 + 2 - 2) = 75%.
    M1: intake 4, in 1 (e), out 2 (b, c), graduates 2: 2 / 3.   N1: in 1 (b), graduates 1: 1 / 1."""
    terms = {
        "2021-2": [("a", "M1", 7, ""), ("b", "M1", 7, ""), ("c", "M1", 7, ""), ("d", "M1", 7, "")],
        "2022-1": [("a", "M1", 7, ""), ("b", "M1", 7, ""), ("c", "M1", 7, ""), ("d", "M1", 7, ""), ("e", "M1", 7, "")],
        "2022-2": [("a", "M1", 8, ""), ("b", "N1", 8, ""), ("c", "M1", 8, ""), ("d", "M1", 8, ""), ("e", "M1", 8, "")],
        "2023-1": [("a", "M1", 8, ""), ("b", "N1", 8, ""), ("c", "M1", 8, "转出"), ("d", "M1", 8, ""),
                   ("e", "M1", 8, "")],
        "2023-2": [("a", "M1", 9, ""), ("b", "N1", 9, ""), ("d", "M1", 9, "死亡"), ("e", "M1", 9, "")],
        "2024-1": [("a", "M1", 9, ""), ("b", "N1", 9, ""), ("e", "M1", 9, "")],
    }
    with deployment.db.transaction() as s:
        add_county(s)
        for term, rows in terms.items():
            path = tmp_path / f"{term}.csv"
            _term(rows).to_csv(path, index=False)
            import_roster(s, path, term=term, username="t", protector=deployment.protector)
        assert cohort_from_rosters(s, "初中", 2024) is None          # no census runs yet
        for term in list(terms)[1:]:
            run_term_census(s, term, username="t", census_date=dt.date(2024, 3, 1))
        got = consolidation_rate(s, 2024)["junior"]
    assert (got["intake"], got["transfers_in"], got["transfers_out"], got["deaths"], got["graduates"]) == (4, 2, 2, 1, 3)
    assert got["rate"] == pytest.approx(0.75) and got["meets_threshold"] is False
    assert got["source"] == "学籍花名册与学期清查"
    schools = {r["school_id"]: (r["transfers_in"], r["transfers_out"], r["rate"]) for r in got["schools"]}
    assert schools == {"M1": (1, 2, pytest.approx(2 / 3)), "N1": (1, 0, pytest.approx(1.0))}
