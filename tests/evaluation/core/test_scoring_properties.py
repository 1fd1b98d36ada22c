"""Property tests: the round's totals and ranks against a deliberately naive reference implementation, for
random figures with missing values and random raters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from junheng.evaluation.core import parse_rubric, score_round
from tests.evaluation.core.test_scoring import RUBRIC

pytestmark = pytest.mark.core
RUB = parse_rubric(RUBRIC)
value = st.one_of(st.none(), st.floats(0, 1.2, allow_nan=False))
school = st.fixed_dictionaries({"cat": st.sampled_from(["A", "B"]), "L1": value, "B1": value,
                                "R1": st.one_of(st.none(), st.integers(0, 5).map(float)),
                                "J1": st.lists(st.integers(0, 10).map(float), max_size=4)})


def naive(schools):
    """Score by hand, indicator by indicator, the way the docs describe it."""
    out = {}
    for code, s in schools.items():
        parts = []                                 # (weight, score 0–100)
        if s["L1"] is not None:
            parts.append((40, 100 * min(1, max(0, (s["L1"] - 0.8) / 0.2))))
        if s["B1"] is not None:
            parts.append((20, 100 if s["B1"] >= 0.9 else 60 if s["B1"] >= 0.8 else 20))
        if s["R1"] is not None:
            better = sum(1 for o in schools.values() if o["cat"] == s["cat"] and o["R1"] is not None
                         and o["R1"] > s["R1"])
            parts.append((20, [100, 80, 60][better] if better < 3 else 40))
        if s["J1"]:
            parts.append((20, 10 * sum(s["J1"]) / len(s["J1"])))
        w = sum(p[0] for p in parts)
        out[code] = sum(p[0] * p[1] for p in parts) / w if w else None
    ranks = {}
    for code, t in out.items():
        if t is not None:
            ranks[code] = 1 + sum(1 for o, u in out.items() if u is not None and schools[o]["cat"] ==
                                  schools[code]["cat"] and u > t + 1e-6)
    return out, ranks


@given(st.dictionaries(st.sampled_from([f"s{i}" for i in range(8)]), school, min_size=1))
def test_round_matches_naive_reference(schools):
    figs = {(c, i): s[i] for c, s in schools.items() for i in ("L1", "B1", "R1")}
    judg = {(c, "J1"): s["J1"] for c, s in schools.items()}
    result = score_round(RUB, {c: s["cat"] for c, s in schools.items()}, figs, judg)
    totals, ranks = naive(schools)
    for code, r in result.schools.items():
        if totals[code] is None:
            assert r.total is None and r.rank is None
        else:
            assert r.total == pytest.approx(totals[code]) and 0 <= r.total <= 100
            assert r.rank == ranks[code]
        for ind, x in r.indicators.items():       # missing is missing, never 0
            raw = schools[code][ind] if ind != "J1" else (schools[code]["J1"] or None)
            assert (x.score is None) == (raw is None)
