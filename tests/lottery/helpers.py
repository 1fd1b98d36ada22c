"""Shared test helpers: a naive reference implementation of the documented draw (docs/lottery.md)."""

from __future__ import annotations

import hashlib


def reference_stream(seed: bytes):
    """Byte generator written straight from the documentation, independent of junheng.lottery.core.rng."""
    k = 0
    while True:
        block = hashlib.sha256(seed + b"junheng-lottery-stream-v1" + k.to_bytes(8, "big")).digest()
        yield from block
        k += 1


def reference_draw(rows: list[tuple[str, int, str]], seats: int, seed_hex: str) -> tuple[list[str], list[str]]:
    """Single school, single round, bundle rule 'skip' — the naive way: returns (admitted, waitlist)."""
    units: dict[str, list[str]] = {}
    tier_of: dict[str, int] = {}
    for aid, tier, group in rows:
        key = f"g:{group}" if group else f"a:{aid}"
        units.setdefault(key, []).append(aid)
        tier_of[key] = tier
    ordered = sorted(units, key=lambda k: min(units[k]))
    stream = reference_stream(bytes.fromhex(seed_hex))
    for i in range(len(ordered) - 1, 0, -1):
        n = i + 1
        bits = (n - 1).bit_length()
        nbytes = (bits + 7) // 8
        while True:
            x = int.from_bytes(bytes(next(stream) for _ in range(nbytes)), "big") % (1 << bits)
            if x < n:
                break
        ordered[i], ordered[x] = ordered[x], ordered[i]
    number = {k: i for i, k in enumerate(ordered)}
    consider = sorted(ordered, key=lambda k: (tier_of[k], number[k]))
    admitted: list[str] = []
    waitlist: list[str] = []
    left = seats
    for k in consider:
        members = sorted(units[k])
        if len(members) <= left:
            admitted += members
            left -= len(members)
        else:
            waitlist += members
    return admitted, waitlist
