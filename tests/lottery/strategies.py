"""Hypothesis strategies for applicant lists."""

from __future__ import annotations

from hypothesis import strategies as st

from junheng.lottery.core import Applicant


@st.composite
def applicant_lists(draw, max_units: int = 25, max_tier: int = 3, siblings: bool = True) -> list[Applicant]:
    n_units = draw(st.integers(1, max_units))
    out: list[Applicant] = []
    for u in range(n_units):
        tier = draw(st.integers(1, max_tier))
        size = draw(st.sampled_from([1, 1, 1, 2, 3])) if siblings else 1
        group = f"G{u}" if size > 1 else ""
        for m in range(size):
            out.append(Applicant(f"A{u:03d}{m}", tier, group))
    return out


seeds = st.binary(min_size=16, max_size=32).map(bytes.hex)
