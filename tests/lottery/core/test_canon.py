from __future__ import annotations

import dataclasses
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from junheng.lottery.core import Applicant, LotteryInputError, canonical_csv, freeze, list_sha256

pytestmark = pytest.mark.core

BASE = [Applicant("B2", 2, ""), Applicant("A1", 1, "G"), Applicant("A3", 1, "G"), Applicant("C,4", 1, "")]
EXPECTED = 'applicant_id,tier,sibling_group\nA1,1,G\nA3,1,G\nB2,2,\n"C,4",1,\n'


def test_canonical_text_is_exactly_as_documented():
    assert canonical_csv(BASE) == EXPECTED


def test_list_sha256_is_sha256_of_the_canonical_bytes():
    assert list_sha256(BASE) == hashlib.sha256(EXPECTED.encode("utf-8")).hexdigest()


def test_choices_add_a_fourth_column():
    text = canonical_csv([Applicant("X", 1, "", ("s2", "s1")), Applicant("Y", 2)])
    assert text == "applicant_id,tier,sibling_group,choices\nX,1,,s2|s1\nY,2,,\n"


@settings(max_examples=50, deadline=None)
@given(st.permutations(BASE))
def test_input_order_does_not_matter(perm):
    assert list_sha256(perm) == list_sha256(BASE)


CHANGES = {
    "tier-changed": BASE[:3] + [Applicant("C,4", 2, "")],
    "id-changed": [Applicant("B3", 2, "")] + BASE[1:],
    "group-changed": [Applicant("B2", 2, ""), Applicant("A1", 1, "H"), Applicant("A3", 1, "H"), BASE[3]],
    "added": BASE + [Applicant("D5", 1, "")],
    "removed": BASE[:3],
    "group-dissolved": [BASE[0], Applicant("A1", 1, ""), Applicant("A3", 1, ""), BASE[3]],
}


@pytest.mark.parametrize("changed", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_the_list_changes_the_hash(changed):
    assert list_sha256(changed) != list_sha256(BASE)


BAD = {
    "duplicate-id": [Applicant("A", 1), Applicant("A", 2)],
    "group-of-one": [Applicant("A", 1, "G"), Applicant("B", 1)],
    "group-tiers-differ": [Applicant("A", 1, "G"), Applicant("B", 2, "G")],
    "tier-zero": [Applicant("A", 0)],
    "space-in-id": [Applicant(" A", 1)],
    "newline-in-group": [Applicant("A", 1, "G\n"), Applicant("B", 1, "G\n")],
    "empty-list": [],
    "empty-id": [Applicant("", 1)],
}


@pytest.mark.parametrize("applicants", BAD.values(), ids=BAD.keys())
def test_invalid_lists_are_refused(applicants):
    with pytest.raises(LotteryInputError):
        freeze(applicants)


def test_frozen_list_cannot_be_changed():
    frozen = freeze(BASE)
    assert isinstance(frozen.applicants, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.sha256 = "0" * 64  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.applicants[0].tier = 1  # type: ignore[misc]
    assert frozen.sha256 == hashlib.sha256(frozen.canonical_csv.encode()).hexdigest()
    assert [a.applicant_id for a in frozen.applicants] == ["A1", "A3", "B2", "C,4"]
