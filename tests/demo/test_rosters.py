"""The two term rosters contain every kind of movement, told apart here from the rosters alone."""

import numpy as np
import pytest

pytestmark = pytest.mark.core

STATUSES = {"在读", "转出", "毕业", "死亡", "休学"}


@pytest.fixture(scope="module")
def pair(county):
    previous, current = county.rosters["2024-1"], county.rosters["2024-2"]
    return previous, current


def test_terms_and_statuses(county, pair):
    previous, current = pair
    assert list(county.rosters) == ["2024-1", "2024-2"]
    assert set(previous["status"]) <= STATUSES and set(current["status"]) <= STATUSES
    assert previous["student_id"].is_unique and current["student_id"].is_unique
    assert previous["id_number"].is_unique and current["id_number"].is_unique
    assert len(current) == len(county.students)
    assert set(current["student_id"]) == set(county.students["student_id"])
    assert 40_000 <= len(previous) <= 50_000


def test_every_movement_kind(pair):
    """Classify by the census rules: match on 学籍号, then on ID number."""
    previous, current = pair
    cur_by_id = current.set_index("student_id")
    cur_by_number = current.set_index("id_number")
    found = previous["student_id"].isin(cur_by_id.index)
    by_number = ~found & previous["id_number"].isin(cur_by_number.index)
    gone = ~found & ~by_number
    school_now = previous["student_id"].map(cur_by_id["school"])
    same_school = found & (school_now == previous["school"])
    moved = found & (school_now != previous["school"]) & (previous["status"] != "毕业")
    assert same_school.sum() > 0.7 * len(previous)
    assert 50 <= moved.sum() <= 500                                        # transfers inside the county
    changed = previous[by_number]
    assert len(changed) >= 1 and changed["student_id"].str.startswith("L").all()
    now = cur_by_number.loc[changed["id_number"]]
    assert (now.index == changed["id_number"].to_numpy()).all()
    assert (now["school"].to_numpy() != changed["school"].to_numpy()).all()
    assert now.reset_index()["student_id"].str.startswith("G").all()
    out = previous[gone & (previous["status"] == "转出")]
    assert 50 <= len(out) <= 500
    graduates = previous[gone & (previous["status"] == "毕业")]
    assert set(graduates["grade"]) == {6, 9, 12}
    assert 1 <= (gone & (previous["status"] == "死亡")).sum() <= 2
    vanished = previous[gone & (previous["status"] == "在读")]
    assert 3 <= len(vanished) <= 10
    assert (vanished["grade"] >= 5).all()
    promoted = previous[found & (previous["status"] == "毕业")]
    assert (previous.loc[promoted.index, "grade"].isin([6, 9])).all()
    came_back = previous["status"].eq("休学") & found
    assert came_back.sum() >= 1 and (cur_by_id.loc[previous.loc[came_back, "student_id"], "status"] == "在读").all()
    new = current[~current["student_id"].isin(previous["student_id"]) & ~current["id_number"].isin(previous["id_number"])]
    assert (new["grade"] == 1).mean() > 0.8 and (new["grade"] > 1).sum() >= 50


def test_grades_move_up(pair):
    previous, current = pair
    both = previous.merge(current, on="student_id", suffixes=("_prev", "_cur"))
    assert ((both["grade_cur"] - both["grade_prev"]) == 1).all()
    assert (both["birth_date_prev"] == both["birth_date_cur"]).all()


def test_answer_key_matches(county, pair):
    previous, current = pair
    key = county.movements_key
    assert set(key["kind"]) == {"continuing", "promoted", "transferred_within", "transferred_out", "graduated",
                                "died", "suspected_dropout", "changed_id", "returned", "paused", "new_entrant",
                                "transferred_in"}
    dropouts = key.loc[key["kind"] == "suspected_dropout", "previous_id"]
    assert not dropouts.isin(current["student_id"]).any()
    assert (previous.set_index("student_id").loc[dropouts, "status"] == "在读").all()
    within = key[key["kind"] == "transferred_within"]
    assert (within["from_school"] != within["to_school"]).all()


def test_details_align(county):
    for term, frame in county.rosters.items():
        details = county.roster_details[term]
        assert (details["student_id"].to_numpy() == frame["student_id"].to_numpy()).all()
        assert details["entry_month"].str.fullmatch(r"20\d\d09").all()
        assert np.isin(details["left_behind"], ["非留守儿童", "单亲留守儿童", "双亲留守儿童"]).all()
