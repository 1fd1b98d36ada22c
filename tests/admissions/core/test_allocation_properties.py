"""Properties of the allocation over random intakes: no school over its seats, every child one outcome, the
tiers that fit are admitted whole, nobody admitted to their own school from a tier after the cut, and a
fallback goes only to a listed school."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from junheng.admissions.core import Candidate, SchoolPlaces, finish, outcomes_from_result, plan
from junheng.lottery.core import result_to_dict, run_draw

pytestmark = pytest.mark.core
SCHOOLS = ("S1", "S2", "S3", "M1")


@st.composite
def intakes(draw):
    seats = {s: draw(st.integers(0, 12)) for s in SCHOOLS}
    places = {s: SchoolPlaces(s, s, "小学", "民办" if s == "M1" else "公办", 1, 45,
                              tuple(x for x in ("S2", "S3") if x != s and s != "M1"), seats[s]) for s in SCHOOLS}
    n = draw(st.integers(1, 40))
    cands = {}
    for k in range(n):
        school = draw(st.sampled_from(SCHOOLS))
        tier = 1 if school == "M1" else draw(st.integers(1, 4))
        fallbacks = ("S1", "S2") if school == "M1" else places[school].fallbacks
        cands[f"A{k:03d}"] = Candidate(f"A{k:03d}", school, tier, fallbacks=fallbacks)
    seed = draw(st.binary(min_size=16, max_size=16)).hex()
    return places, cands, seed


@given(intakes())
def test_allocation_invariants(intake):
    places, cands, seed = intake
    p = plan(cands, places)
    drawn = outcomes_from_result(result_to_dict(run_draw(p.lottery, seed, p.rules))) if p.needs_lottery else {}
    alloc = finish(p, drawn)
    assert set(alloc.outcomes) == set(cands)
    for sid, place in places.items():
        assert alloc.admitted(sid) <= place.seats
        own = [c for c in cands.values() if c.school == sid]
        sp = p.schools[sid]
        if len(own) <= place.seats:
            assert all(alloc.outcomes[c.application_no].school == sid for c in own)
            continue
        if place.ownership == "公办":
            assert all(alloc.outcomes[c.application_no].school == sid for c in own if c.tier < sp.lottery_tier)
            assert all(alloc.outcomes[c.application_no].school != sid for c in own if c.tier > sp.lottery_tier)
            assert sum(1 for c in own if alloc.outcomes[c.application_no].school == sid) == place.seats
    for o in alloc.outcomes.values():
        c = cands[o.application_no]
        assert o.school is None or o.school == c.school or o.school in c.fallbacks
