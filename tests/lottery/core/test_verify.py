from __future__ import annotations

import copy

import pytest

from junheng.lottery.core import (
    Applicant,
    SeedSource,
    commitment,
    derive_seed,
    freeze,
    result_to_dict,
    run_draw,
    single_school_rules,
    verify_draw,
)

pytestmark = pytest.mark.core

PEOPLE = [Applicant(f"A{i:02d}", 1 if i < 5 else 2, "G" if i in (2, 3) else "") for i in range(12)]
SEED = "c0ffee" * 8
SECRET = "42" * 32


def published(seed: str = SEED, people=PEOPLE, source: SeedSource | None = None) -> dict:
    return result_to_dict(run_draw(people, seed, single_school_rules(5)), source)


def with_source() -> dict:
    lst = freeze(PEOPLE).sha256
    seed = derive_seed(lst, SECRET, ("07 12 33",))
    return published(seed, source=SeedSource(SECRET, commitment(SECRET), ("07 12 33",)))


def test_untouched_draw_verifies():
    check = verify_draw(published(), PEOPLE)
    assert check.ok and check.differences == ()
    assert verify_draw(with_source(), PEOPLE, expected_seed=with_source()["seed"],
                       expected_list_sha256=freeze(PEOPLE).sha256, expected_commitment=commitment(SECRET)).ok


LIST_CHANGES = {
    "applicant-added": PEOPLE + [Applicant("Z99", 1)],
    "applicant-removed": PEOPLE[1:],
    "tier-changed": [Applicant(a.applicant_id, 1, a.sibling_group) for a in PEOPLE],
    "group-changed": [Applicant(a.applicant_id, a.tier, "") for a in PEOPLE],
}


@pytest.mark.parametrize("people", LIST_CHANGES.values(), ids=LIST_CHANGES.keys())
def test_changed_list_is_detected_and_named(people):
    check = verify_draw(published(), people)
    assert not check.ok and check.parts[0] == "list_sha256"


def test_changed_seed_is_detected():
    data = published()
    data["seed"] = "c0ffef" + SEED[6:]
    check = verify_draw(data, PEOPLE)
    assert not check.ok and {"admitted", "waitlist"} & set(check.parts)
    assert "seed" in verify_draw(data, PEOPLE, expected_seed=SEED).parts


def test_consistent_forgery_with_another_seed_is_caught_by_the_announced_seed():
    forged = published(seed="bad5eed" + "0" * 57)
    assert verify_draw(forged, PEOPLE).ok  # internally consistent — only the announced seed can tell
    check = verify_draw(forged, PEOPLE, expected_seed=SEED)
    assert check.parts == ("seed",)


@pytest.mark.parametrize("tamper,part", [
    (lambda d: d.__setitem__("seed", "00" * 32), "seed"),
    (lambda d: d["seed_source"].__setitem__("secret", "43" * 32), "seed"),
    (lambda d: d["seed_source"].__setitem__("public_values", ["07 12 34"]), "seed"),
    (lambda d: d.__setitem__("seed", "not-hex"), "seed"),
], ids=["seed-replaced", "secret-replaced", "public-value-replaced", "seed-not-hex"])
def test_seed_with_recorded_source_is_named(tamper, part):
    data = with_source()
    tamper(data)
    check = verify_draw(data, PEOPLE)
    assert part in check.parts


def test_commitment_announced_before_the_draw_is_checked():
    data = with_source()
    data["seed_source"]["commitment"] = commitment("43" * 32)
    assert "seed" in verify_draw(data, PEOPLE).parts
    assert "seed" in verify_draw(with_source(), PEOPLE, expected_commitment="00" * 32).parts


def _swap(d):
    d["admitted"][0], d["waitlist"][-1] = d["waitlist"][-1], d["admitted"][0]


RESULT_TAMPERS = {
    "swap-admitted-and-waitlisted": (_swap, {"admitted", "waitlist"}),
    "waitlist-reordered": (lambda d: d["waitlist"].reverse(), {"waitlist"}),
    "admitted-dropped": (lambda d: d["admitted"].pop(), {"admitted"}),
    "receipt-number-edited": (lambda d: d["receipts"][0].__setitem__("draw_number", 99), {"receipts"}),
    "receipt-removed": (lambda d: d["receipts"].pop(), {"receipts"}),
    "seats-in-rules-edited": (lambda d: d["rules"]["rounds"][0]["seats"].__setitem__("S", 6), {"admitted"}),
}


@pytest.mark.parametrize("tamper,parts", RESULT_TAMPERS.values(), ids=RESULT_TAMPERS.keys())
def test_changed_result_is_detected_and_named(tamper, parts):
    data = copy.deepcopy(published())
    tamper(data)
    check = verify_draw(data, PEOPLE)
    assert not check.ok
    assert parts <= set(check.parts)


def test_messages_name_the_people_concerned():
    data = published()
    _swap(data)
    text = " ".join(d.message for d in verify_draw(data, PEOPLE).differences)
    assert data["admitted"][0] in text


def test_invalid_rules_are_a_difference_not_a_crash():
    data = published()
    data["rules"]["rounds"] = []
    assert verify_draw(data, PEOPLE).parts == ("rules",)
