from __future__ import annotations

import hashlib

import pytest

from junheng.lottery.core import (
    LotteryInputError,
    check_commitment,
    commitment,
    derive_seed,
    make_secret,
    seed_text,
)

pytestmark = pytest.mark.core

LIST = "ab" * 32
SECRET = "00ff" * 16


def test_commitment_is_sha256_of_the_secret_bytes():
    assert commitment(SECRET) == hashlib.sha256(bytes.fromhex(SECRET)).hexdigest()
    assert commitment(SECRET.upper()) == commitment(SECRET)


def test_check_commitment():
    c = commitment(SECRET)
    assert check_commitment(SECRET, c)
    assert check_commitment(SECRET, c.upper())
    assert not check_commitment("11" * 32, c)


@pytest.mark.parametrize("secret,public,text", [
    (SECRET, (), f"junheng-lottery-seed-v1\nlist_sha256:{LIST}\nsecret:{SECRET}\n"),
    ("", ("03 17 22", " 8 "), f"junheng-lottery-seed-v1\nlist_sha256:{LIST}\nsecret:\npublic:03 17 22\npublic:8\n"),
    (SECRET.upper(), ("1",), f"junheng-lottery-seed-v1\nlist_sha256:{LIST}\nsecret:{SECRET}\npublic:1\n"),
], ids=["secret-only", "public-only", "both"])
def test_seed_is_sha256_of_the_documented_text(secret, public, text):
    assert seed_text(LIST, secret, public) == text
    assert derive_seed(LIST, secret, public) == hashlib.sha256(text.encode()).hexdigest()


def test_seed_depends_on_the_list():
    assert derive_seed(LIST, SECRET) != derive_seed("cd" * 32, SECRET)


@pytest.mark.parametrize("args", [(LIST, "", ()), (LIST, "xyz", ()), ("ab", SECRET, ()), (LIST, "", ("a\nb",))],
                         ids=["no-source", "secret-not-hex", "short-list-hash", "newline-in-public"])
def test_bad_seed_sources_are_refused(args):
    with pytest.raises(LotteryInputError):
        derive_seed(*args)


def test_make_secret():
    a, b = make_secret(), make_secret()
    assert len(a) == 64 and int(a, 16) >= 0 and a != b
