"""Term census: the hand-built county's exact lists, edge cases, and a naive row-by-row oracle (hypothesis)."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.retention.core import normalize_roster, run_census
from tests.retention.county import CURRENT, EXPECTED, ID, NEW_ID, PREVIOUS, expected_contract, idn

pytestmark = pytest.mark.core
COLUMNS = ["student_id", "name", "id_number", "birth_date", "school", "grade", "status"]


def roster(rows) -> pd.DataFrame:
    check = normalize_roster(pd.DataFrame(rows, columns=COLUMNS))
    assert check.ok, check.problems
    return check.roster


@pytest.fixture(scope="module")
def county():
    return run_census(roster(PREVIOUS), roster(CURRENT))


def test_contract_lists_are_exact(county):
    assert county.to_contract() == expected_contract()


@pytest.mark.parametrize("outcome", ["died", "dropped_out", "other"], ids=str)
def test_recorded_outcomes(county, outcome):
    assert county.ids(outcome) == sorted(ID[x] for x in EXPECTED[outcome])


def test_details(county):
    d = county.to_details()
    assert d["returned"] == sorted(ID[x] for x in EXPECTED["returned"])
    assert d["changed_student_id"] == sorted(({"student_id": ID[x], "current_student_id": n}
                                              for x, n in EXPECTED["changed_student_id"]),
                                             key=lambda r: r["student_id"])
    assert d["progressed"] == [{"student_id": ID["S13"], "from": "X1", "to": "M1"}]
    assert d["transferred_out_without_proof"] == sorted([ID["S04"], ID["S05"]])
    assert d["warnings"] == [] and d["unmatched_records"] == []


def test_every_previous_student_has_exactly_one_outcome(county):
    assert len(county.students) == PREVIOUS["student_id"].nunique()
    assert county.students["student_id"].is_unique
    counts = county.counts()
    assert sum(counts[o] for o in counts if o not in ("new", "returned")) == len(county.students)


def test_changed_student_id_is_matched_by_id_number(county):
    s = county.students.set_index("student_id")
    assert s.loc[ID["S03"], "matched_by"] == "id_number"
    assert s.loc[ID["S03"], "current_student_id"] == NEW_ID["S03"]
    # S19's old school still lists a 转出 row under the old 学籍号: the on-roll record found by ID number wins
    assert s.loc[ID["S19"], "matched_by"] == "id_number"
    assert NEW_ID["S03"] not in county.new["student_id"].tolist()


def test_graduating_grade_option_turns_vanished_grade_nine_into_graduates():
    result = run_census(roster(PREVIOUS), roster(CURRENT), graduating_grades=[9])
    assert ID["S21"] in result.ids("graduated")
    assert ID["S21"] not in result.ids("suspected_dropout")


def test_transfer_proof_marks_transferred_out():
    result = run_census(roster(PREVIOUS), roster(CURRENT), transfer_proofs=[ID["S04"]])
    assert result.to_details()["transferred_out_without_proof"] == [ID["S05"]]


def test_earlier_roster_marks_a_new_student_as_returned():
    earlier = roster([[ID["S16"], "学生S16", "", "", "X2", "1", ""]])
    result = run_census(roster(PREVIOUS), roster(CURRENT), earlier=earlier)
    assert result.to_details()["returned"] == sorted([ID["S10"], ID["S11"], ID["S16"]])
    assert ID["S16"] in result.to_contract()["new"]


def test_double_enrolment_and_shared_id_numbers_are_warned():
    a, b = idn("20150101", 1), idn("20150202", 2)
    prev = roster([["G1", "甲", a, "", "X1", "3", ""], ["G2", "乙", b, "", "X1", "3", ""],
                   ["G3", "乙", b, "", "X2", "3", ""]])
    cur = roster([["G1", "甲", a, "", "X1", "4", ""], ["G1", "甲", a, "", "X2", "4", ""],
                  ["L9", "乙", b, "", "X1", "4", ""]])
    result = run_census(prev, cur)
    kinds = Counter(result.warnings["kind"])
    assert kinds == {"重复学籍": 1, "身份证件号重复": 1}
    dup = result.warnings[result.warnings["kind"] == "重复学籍"].iloc[0]
    assert dup["student_id"] == "G1" and dup["schools"] == "X1、X2"
    assert result.ids("continuing") == ["G1"]  # X1 is kept (first by school id)
    # the shared ID number is ambiguous: no ID match, both vanish, the current record is new
    assert result.ids("suspected_dropout") == ["G2", "G3"]
    assert result.to_contract()["new"] == ["L9"]


def test_current_leaving_record_of_an_unknown_student_is_not_new():
    result = run_census(roster([["G1", "甲", "", "", "X1", "3", ""]]),
                        roster([["G1", "甲", "", "", "X1", "4", ""], ["G7", "丙", "", "", "X1", "4", "转出"]]))
    assert result.to_contract()["new"] == []
    assert result.to_details()["unmatched_records"] == ["G7"]


def test_empty_current_roster_makes_everyone_suspected():
    result = run_census(roster(PREVIOUS.head(3)), roster(CURRENT.head(0)))
    assert [d["student_id"] for d in result.to_contract()["suspected_dropouts"]] == sorted(PREVIOUS.head(3)[
        "student_id"])


# ---- naive oracle -----------------------------------------------------------------------------------------
ON = {"在读", "休学"}
LEAVE = {"转出": "transferred_out", "死亡": "died", "辍学": "dropped_out", "其他": "other"}


def naive_census(prev: list[dict], cur: list[dict]) -> tuple[dict, list]:
    """Row by row, straight from the rules (rosters without repeated 学籍号)."""
    cur_by_sid = {r["student_id"]: r for r in cur}
    prev_sids = {r["student_id"] for r in prev}
    pid_count = Counter(r["id_number"] for r in prev if r["id_number"])
    unclaimed: dict[str, dict] = {}
    for r in cur:
        if r["student_id"] not in prev_sids and r["id_number"]:
            old = unclaimed.get(r["id_number"])
            if old is None or (r["status"] in ON and old["status"] not in ON) or (
                    (r["status"] in ON) == (old["status"] in ON) and r["school"] < old["school"]):
                unclaimed[r["id_number"]] = r
    outcome, claimed_pids = {}, set()
    for p in prev:
        c = cur_by_sid.get(p["student_id"])
        if (c is None or c["status"] not in ON) and p["id_number"] and pid_count[p["id_number"]] == 1:
            alt = unclaimed.get(p["id_number"])
            if alt is not None and (c is None or alt["status"] in ON):
                c = alt
                claimed_pids.add(p["id_number"])
        on = c is not None and c["status"] in ON
        same = on and c["school"] == p["school"]
        up = on and not same and p["grade"] in (6, 9) and c["grade"] > p["grade"]
        if p["status"] == "毕业" or (c is not None and c["status"] == "毕业") or up:
            outcome[p["student_id"]] = "graduated"
        elif same:
            outcome[p["student_id"]] = "continuing"
        elif on:
            outcome[p["student_id"]] = "transferred_within"
        elif c is not None and c["status"] in LEAVE:
            outcome[p["student_id"]] = LEAVE[c["status"]]
        elif p["status"] in LEAVE:
            outcome[p["student_id"]] = LEAVE[p["status"]]
        else:
            outcome[p["student_id"]] = "suspected_dropout"
    new = sorted(r["student_id"] for r in cur if r["student_id"] not in prev_sids and r["status"] in ON
                 and not (r["id_number"] and r["id_number"] in claimed_pids))
    return outcome, new


STATUSES = ["在读", "在读", "在读", "休学", "转出", "毕业", "死亡", "辍学", "其他"]


@st.composite
def roster_pairs(draw):
    n = draw(st.integers(1, 12))
    pool = [idn(f"2012{m:02d}01", m) for m in range(1, 9)] + [""]
    prev, cur = [], []
    for i in range(n):
        p = {"student_id": f"G{i:02d}", "id_number": draw(st.sampled_from(pool)),
             "school": draw(st.sampled_from("ABC")), "grade": draw(st.integers(1, 9)),
             "status": draw(st.sampled_from(STATUSES))}
        prev.append(p)
        fate = draw(st.sampled_from(["same_id", "same_id", "new_id", "gone"]))
        if fate != "gone":
            cur.append({"student_id": p["student_id"] if fate == "same_id" else f"L{i:02d}",
                        "id_number": p["id_number"], "school": draw(st.sampled_from("ABC")),
                        "grade": p["grade"] + draw(st.integers(0, 1)), "status": draw(st.sampled_from(STATUSES))})
    for j in range(draw(st.integers(0, 3))):
        cur.append({"student_id": f"N{j}", "id_number": draw(st.sampled_from(pool)), "school": "A", "grade": 1,
                    "status": draw(st.sampled_from(STATUSES))})
    return prev, cur


def _frame(rows):
    return roster([[r["student_id"], "某", r["id_number"], "", r["school"], str(r["grade"]), r["status"]]
                   for r in rows])


@settings(max_examples=40, deadline=None)
@given(roster_pairs())
def test_vectorised_census_agrees_with_naive_oracle(pair):
    prev, cur = pair
    result = run_census(_frame(prev), _frame(cur))
    expected, new = naive_census(prev, cur)
    got = dict(zip(result.students["student_id"], result.students["outcome"].astype(str)))
    assert got == expected
    assert result.to_contract()["new"] == new
