"""Result files written before the speed work of issue 15 (tests/lottery/data, written by make_golden.py with
the code of commit da524e9) still verify, are rewritten byte for byte by today's code, and fail when tampered
with."""

from __future__ import annotations

import copy
import gc
import json
from dataclasses import replace
from pathlib import Path

import pytest

from junheng.lottery.core import (
    SeedSource,
    load_result,
    read_applicants_csv,
    read_result_file,
    verify_draw,
    write_result_file,
)

pytestmark = pytest.mark.core
DATA = Path(__file__).parents[1] / "data"
CASES = ["multi", "single"]  # three schools, three rounds, sibling groups of 2–3 / one school, one round


def case(name: str):
    return read_result_file(DATA / f"{name}_result.json"), read_applicants_csv(DATA / f"{name}_applicants.csv")


@pytest.mark.parametrize("name", CASES)
def test_old_result_file_verifies_and_is_rewritten_identically(name, tmp_path):
    published, people = case(name)
    check = verify_draw(published, people)
    assert check.ok, check.differences
    source = SeedSource.from_dict(published["seed_source"]) if published.get("seed_source") else None
    again = write_result_file(check.recomputed, tmp_path / "again.json", source)
    assert again.read_bytes() == (DATA / f"{name}_result.json").read_bytes()


def test_the_collector_is_restored():
    published, people = case("single")
    assert gc.isenabled()
    verify_draw(published, people)
    assert gc.isenabled()
    gc.disable()
    try:
        verify_draw(published, people)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def _tamper_receipt(data):
    data["receipts"][7]["rule"] = data["receipts"][7]["rule"].replace("抽签号", "抽签号 1", 1)


def _swap_waitlist(data):
    data["waitlist"][0], data["waitlist"][1] = data["waitlist"][1], data["waitlist"][0]


def _change_seed(data):
    data["seed"] = data["seed"][:-1] + ("0" if data["seed"][-1] != "0" else "1")


def _move_admission(data):
    data["admissions"][0]["school_id"] = "B" if data["admissions"][0]["school_id"] != "B" else "C"


def _drop_receipt(data):
    del data["receipts"][3]


@pytest.mark.parametrize(("tamper", "parts"), [
    (_tamper_receipt, {"receipts"}),
    (_swap_waitlist, {"waitlist"}),
    (_change_seed, {"seed", "admitted"}),
    (_move_admission, {"admissions"}),
    (_drop_receipt, {"receipts"}),
], ids=["receipt-text", "waitlist-order", "seed", "admission-school", "receipt-missing"])  # fmt: skip
def test_tampered_old_file_fails(tamper, parts):
    published, people = case("multi")
    data = copy.deepcopy(published)
    tamper(data)
    check = verify_draw(load_result(json.dumps(data, ensure_ascii=False)), people)
    assert not check.ok
    assert set(check.parts) & parts, check.differences
    if tamper is _tamper_receipt:
        assert data["receipts"][7]["applicant_id"] in str(check.differences[0])


def test_tampered_list_fails():
    published, people = case("single")
    last = people[-1]  # not in a sibling group
    changed = [*people[:-1], replace(last, tier=3 - last.tier)]
    check = verify_draw(published, changed)
    assert not check.ok and "list_sha256" in check.parts
