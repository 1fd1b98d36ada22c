"""Top and struggling students, list changes between exams, trends; critical students; rank cross-check."""

from __future__ import annotations

import pandas as pd
import pytest

from junheng.scores.core import (
    TOTAL,
    Exam,
    analyze_exam,
    critical_counts,
    critical_students,
    cross_check_ranks,
    cut_from_rank,
    list_changes,
    struggling_students,
    student_trends,
    top_students,
)
from tests.scores.data import HAND, HAND_EXAM

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def hand():
    return analyze_exam(HAND, HAND_EXAM)


def test_top_students_per_school_with_ties(hand):
    top = top_students(hand, n=1)
    assert sorted(top["student_id"]) == ["s1", "s6"]  # 丙校's only student is not complete
    top2 = top_students(hand, n=2, subject="语文")
    assert top2[top2["school"] == "甲校"]["student_id"].tolist() == ["s1", "s2"]


def test_struggling_below_low_line(hand):
    listed = struggling_students(hand)  # total < 88
    assert listed["student_id"].tolist() == ["s4"]
    assert listed["reason"].iloc[0] == "低于低分线 88"


def test_struggling_bottom_fraction(hand):
    listed = struggling_students(hand, subject="语文", bottom_fraction=0.25)
    by_id = listed.set_index("student_id")["reason"].to_dict()
    # 甲校 has 4 语文 scores: ⌈0.25·4⌉ = 1 → s4 (also below 48); 乙校 and 丙校 have one student each
    assert by_id["s4"] == "低于低分线 48；校内后 25%"
    assert by_id["s6"] == "校内后 25%" and by_id["s7"] == "校内后 25%"


def test_list_changes():
    before = pd.DataFrame({"student_id": ["a", "b"], "name": ["甲", "乙"], "school": ["x", "x"]})
    after = pd.DataFrame({"student_id": ["b", "c"], "name": ["乙", "丙"], "school": ["x", "y"]})
    changes = list_changes(before, after).set_index("student_id")["change"].to_dict()
    assert changes == {"c": "进入", "a": "退出"}


def test_trends_slope():
    first = analyze_exam(HAND, HAND_EXAM)
    second_frame = HAND.assign(语文=[60, 100, 48, 47.5, 90, 102, 110])
    second = analyze_exam(second_frame, Exam("第二次", HAND_EXAM.subjects))
    history, summary = student_trends([first, second], subject="语文")
    assert history.groupby("student_id").size()["s1"] == 2
    s = summary.set_index("student_id")
    assert s.at["s2", "t_slope"] == pytest.approx(s.at["s2", "t_change"])
    assert s.at["s2", "t_change"] > 0 > s.at["s1", "t_change"]
    assert s.at["s5", "exams"] == 1 and pd.isna(s.at["s5", "t_slope"])


def test_critical_students(hand):
    cut = cut_from_rank(hand, 3)  # the 3rd best total: 132
    assert cut == 132
    near = critical_students(hand, cut, below=45, above=1)
    assert near["student_id"].tolist() == ["s2", "s3", "s4"]
    assert near.set_index("student_id")["side"].to_dict() == {"s2": "线上", "s3": "线下", "s4": "线下"}
    counts = critical_counts(near).set_index("school")
    assert (counts.at["甲校", "线上"], counts.at["甲校", "线下"]) == (1, 2)


def test_cross_check_ranks(hand):
    theirs = pd.DataFrame({"student_id": ["s1", "s2", "s3"], "subject": [TOTAL] * 3, "level": ["school"] * 3,
                           "label": ["校次"] * 3, "rank": [1.0, 2.0, 9.0]})  # fmt: skip
    diff = cross_check_ranks(hand, theirs)
    assert diff["student_id"].tolist() == ["s3"] and diff["ours"].iloc[0] == 3
