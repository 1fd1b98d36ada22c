from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from junheng.lottery.core.rng import ByteStream, accepted_value, randbelow_from, seeded_shuffle, shuffle
from tests.lottery.helpers import reference_stream

pytestmark = pytest.mark.core


@pytest.mark.parametrize("n", [2, 3, 5, 6, 7, 10, 100, 129, 200, 255, 256], ids=lambda n: f"n={n}")
def test_one_byte_rejection_sampling_is_exactly_uniform(n):
    """Over all 256 byte values, each accepted outcome occurs equally often; the rest are rejected."""
    outcomes = Counter(accepted_value(bytes([b]), n) for b in range(256))
    rejected = outcomes.pop(None, 0)
    assert set(outcomes) == set(range(n))
    assert len(set(outcomes.values())) == 1
    bits = (n - 1).bit_length()
    assert rejected == 256 - n * (256 >> bits)


@pytest.mark.parametrize("n", [257, 300, 1000, 40_000], ids=lambda n: f"n={n}")
def test_two_byte_rejection_sampling_is_exactly_uniform(n):
    outcomes = Counter(accepted_value(b.to_bytes(2, "big"), n) for b in range(65536))
    outcomes.pop(None, None)
    assert set(outcomes) == set(range(n)) and len(set(outcomes.values())) == 1


def test_modulo_would_be_biased_so_the_uniformity_check_can_fail():
    """The same exact check on `byte % 3` finds the bias that rejection sampling avoids."""
    counts = Counter(b % 3 for b in range(256))
    assert len(set(counts.values())) > 1


@pytest.mark.parametrize("stream,n,expected", [
    ([3, 2], 3, 2),          # 3 & 0b11 = 3 ≥ 3: rejected; then 2
    ([0xFF, 0x01], 3, 1),    # 0xFF & 0b11 = 3: rejected; then 1
    ([0x06, 0x0C], 5, 4),    # 6 & 0b111 = 6 ≥ 5: rejected; 12 & 0b111 = 4
    ([0x01, 0x2C, 0xFE, 0x2C], 300, 44),  # 9 bits of 0x012C = 300: rejected; 9 bits of 0xFE2C = 0x02C = 44
], ids=["reject-then-accept", "mask-high-bits", "mask-then-accept", "two-bytes"])
def test_randbelow_consumes_bytes_as_documented(stream, n, expected):
    it = iter(stream)
    assert randbelow_from(lambda k: bytes(next(it) for _ in range(k)), n) == expected


def test_randbelow_one_consumes_nothing():
    assert randbelow_from(lambda k: pytest.fail("no bytes should be read"), 1) == 0


def test_fisher_yates_maps_choice_sequences_one_to_one_onto_permutations():
    """Exact check: the 4! sequences of (j3, j2, j1) give each permutation of 4 items exactly once."""
    perms = []
    for js in itertools.product(range(4), range(3), range(2)):
        items = list("abcd")
        picks = iter(js)
        shuffle(items, lambda n, picks=picks: next(picks))
        perms.append(tuple(items))
    assert len(set(perms)) == 24


@settings(max_examples=50, deadline=None)
@given(seed=st.binary(min_size=1, max_size=40), sizes=st.lists(st.integers(1, 70), min_size=1, max_size=20))
def test_byte_stream_matches_the_documented_construction(seed, sizes):
    stream = ByteStream(seed)
    got = b"".join(stream.take(k) for k in sizes)
    ref = reference_stream(seed)
    assert got == bytes(next(ref) for _ in range(len(got)))


def test_stream_randbelow_is_uniform_empirically():
    stream = ByteStream(b"chi-square")
    counts = Counter(randbelow_from(stream.take, 6) for _ in range(30_000))
    assert stats.chisquare([counts[i] for i in range(6)]).pvalue > 0.001


def test_seeded_shuffle_of_three_covers_all_permutations_evenly():
    counts = Counter()
    for k in range(6000):
        items = [0, 1, 2]
        seeded_shuffle(items, k.to_bytes(4, "big"))
        counts[tuple(items)] += 1
    assert len(counts) == 6
    assert stats.chisquare(list(counts.values())).pvalue > 0.001
