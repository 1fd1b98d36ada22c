"""Deterministic, unbiased randomness from a seed (rule ``junheng-lottery-v1``, docs/lottery.md §4).

Byte stream: block k (k = 0, 1, 2, …) is ``SHA-256(seed bytes ‖ "junheng-lottery-stream-v1" ‖ k)`` with k as
8 bytes big-endian; the stream is block 0, then block 1, … read from the first byte on.

``randbelow(n)`` — a whole number 0 ≤ x < n with every value equally likely: take the fewest bytes that hold
n − 1 (b = bit length of n − 1, ⌈b/8⌉ bytes, big-endian), keep the low b bits; if the result is ≥ n, throw it
away and take fresh bytes (rejection sampling). Never ``x mod n``, which favours small numbers.

``shuffle`` — Fisher–Yates: for i = n−1 down to 1, swap item i with item ``randbelow(i + 1)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableSequence
from typing import TypeVar

STREAM_LABEL = b"junheng-lottery-stream-v1"
T = TypeVar("T")


class ByteStream:
    """SHA-256 counter-mode byte stream from a seed (see module docstring)."""

    def __init__(self, seed: bytes):
        if not seed:
            raise ValueError("seed must not be empty")
        self._prefix = seed + STREAM_LABEL
        self._counter = 0
        self._buffer = b""
        self._pos = 0
        self.blocks_used = 0

    def _block(self) -> bytes:
        block = hashlib.sha256(self._prefix + self._counter.to_bytes(8, "big")).digest()
        self._counter += 1
        self.blocks_used += 1
        return block

    def take(self, n: int) -> bytes:
        """The next ``n`` bytes of the stream."""
        while len(self._buffer) - self._pos < n:
            self._buffer = self._buffer[self._pos:] + self._block()
            self._pos = 0
        out = self._buffer[self._pos:self._pos + n]
        self._pos += n
        return out


def randbelow_from(take: Callable[[int], bytes], n: int) -> int:
    """Uniform integer in [0, n) by masking and rejection over bytes from ``take``."""
    if n < 1:
        raise ValueError("n must be ≥ 1")
    if n == 1:
        return 0
    bits = (n - 1).bit_length()
    nbytes = (bits + 7) // 8
    mask = (1 << bits) - 1
    while True:
        x = int.from_bytes(take(nbytes), "big") & mask
        if x < n:
            return x


def accepted_value(raw: bytes, n: int) -> int | None:
    """What ``randbelow_from`` does with one draw of bytes: the value, or None when it is rejected."""
    bits = (n - 1).bit_length()
    x = int.from_bytes(raw, "big") & ((1 << bits) - 1)
    return x if x < n else None


def shuffle(items: MutableSequence[T], randbelow: Callable[[int], int]) -> None:
    """Fisher–Yates (Durstenfeld) in place: for i = n−1 … 1 swap items[i] and items[randbelow(i + 1)]."""
    for i in range(len(items) - 1, 0, -1):
        j = randbelow(i + 1)
        items[i], items[j] = items[j], items[i]


def seeded_shuffle(items: MutableSequence[T], seed: bytes) -> ByteStream:
    """Shuffle ``items`` in place with the stream of ``seed``; returns the stream (to report bytes used)."""
    stream = ByteStream(seed)
    shuffle(items, lambda n: randbelow_from(stream.take, n))
    return stream
