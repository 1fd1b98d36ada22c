from __future__ import annotations

import pytest

from junheng.admissions.core import (
    AdmissionSettings,
    LotteryOutcome,
    candidates_from,
    finish,
    outcomes_from_result,
    plan,
    review_all,
)
from junheng.lottery.core import result_to_dict, run_draw
from tests.admissions.helpers import A, B, C, P, app, places, table

pytestmark = pytest.mark.core
S = AdmissionSettings(year=2025)
SEED = "ab" * 32


def _allocate(apps, pl, seed=SEED):
    reviews = review_all(apps, table(), pl, S)
    cands, bad = candidates_from(reviews, pl, {a.application_no: a.sibling_group for a in apps})
    p = plan(cands, pl, bad)
    drawn = outcomes_from_result(result_to_dict(run_draw(p.lottery, seed, p.rules))) if p.needs_lottery else {}
    return p, finish(p, drawn)


def _a_school_of(n_tier1: int, n_tier3: int, start: int = 0):
    apps = [app(f"T1-{i:03d}", hukou=("人民路", 2 * i + 1), prop=("人民路", 2 * i + 1)) for i in range(n_tier1)]
    apps += [app(f"T3-{i:03d}", hukou=("人民路", 2 * i + 1)) for i in range(n_tier3)]
    return apps


def test_everyone_fits():
    p, alloc = _allocate(_a_school_of(30, 10), places(seats_a=45))
    assert not p.needs_lottery and alloc.admitted(A) == 40
    assert all(o.stage == "直接录取" for o in alloc.outcomes.values())


def test_oversubscribed_tier_goes_to_the_lottery_lower_tiers_after_it():
    p, alloc = _allocate(_a_school_of(40, 10), places(seats_a=30, seats_c=5))
    sp = p.schools[A]
    assert (sp.seats, sp.applicants, sp.direct, sp.to_lottery, sp.lottery_tier) == (30, 50, 0, 50, 1)
    won = [o for o in alloc.outcomes.values() if o.stage == "派位录取"]
    assert len(won) == 30 and all(o.application_no.startswith("T1") for o in won)
    moved = [o for o in alloc.outcomes.values() if o.stage == "调剂录取"]
    assert len(moved) == 5 and {o.school for o in moved} == {C}
    # the lottery's waitlist order decides who is moved first: tier-1 losers before any tier 3
    assert all(o.application_no.startswith("T1") for o in moved)
    assert sum(o.school is None for o in alloc.outcomes.values()) == 15


def test_tiers_that_fit_are_admitted_directly():
    apps = _a_school_of(20, 40)
    p, alloc = _allocate(apps, places(seats_a=45))
    assert (p.schools[A].direct, p.schools[A].to_lottery, p.schools[A].lottery_tier) == (20, 40, 3)
    assert all(alloc.outcomes[f"T1-{i:03d}"].stage == "直接录取" for i in range(20))
    assert alloc.admitted(A) == 45


def test_determinism_and_seed_dependence():
    apps = _a_school_of(40, 10)
    one = _allocate(apps, places(seats_a=30))[1].summary()
    assert one == _allocate(list(reversed(apps)), places(seats_a=30))[1].summary()
    other = _allocate(apps, places(seats_a=30), seed="cd" * 32)[1].summary()
    assert one["schools"] == other["schools"] and one["children"] != other["children"]


def test_private_school_all_to_the_lottery_and_losers_back_to_zone_school():
    apps = [app(f"P{i:02d}", hukou=("人民路", 2 * i + 1), chosen=P) for i in range(12)]
    p, alloc = _allocate(apps, places(seats_p=10, seats_a=1, seats_c=0))
    assert (p.schools[P].to_lottery, p.schools[P].direct) == (12, 0)
    stages = sorted(o.stage for o in alloc.outcomes.values())
    assert stages.count("派位录取") == 10 and stages.count("调剂录取") == 1 and stages.count("统筹安排") == 1
    assert next(o for o in alloc.outcomes.values() if o.stage == "调剂录取").school == A


def test_sibling_group_moves_together_or_not_at_all():
    apps = [app(f"X{i:02d}", hukou="西岭村", prop="西岭村") for i in range(3)]
    apps += [app("S1", hukou="西岭村", prop="西岭村", group="g"), app("S2", hukou="西岭村", prop="西岭村", group="g")]
    p, alloc = _allocate(apps, places(seats_b=2, seats_c=1))
    assert p.schools[B].to_lottery == 5
    s1, s2 = alloc.outcomes["S1"], alloc.outcomes["S2"]
    assert s1.school == s2.school and s1.stage == s2.stage
    assert alloc.admitted(C) <= 1


def test_ineligible_children_are_reported_with_reasons():
    _, alloc = _allocate([app("1", hukou="北关社区")], places())
    assert alloc.outcomes["1"].school is None and alloc.outcomes["1"].reason.startswith("不符合条件")


def test_finish_refuses_a_result_that_misses_applicants():
    apps = _a_school_of(40, 0)
    reviews = review_all(apps, table(), places(seats_a=30), S)
    cands, bad = candidates_from(reviews, places(seats_a=30))
    p = plan(cands, places(seats_a=30), bad)
    with pytest.raises(ValueError, match="缺少 40 名申请人"):
        finish(p, {"x": LotteryOutcome(None, 1, 1)})


def test_plan_round_trips_through_json():
    import json

    from junheng.admissions.core.allocation import plan_from_dict, plan_to_dict

    apps = _a_school_of(40, 10)
    p, _ = _allocate(apps, places(seats_a=30, seats_c=5))
    again = plan_from_dict(json.loads(json.dumps(plan_to_dict(p))))
    assert again.lottery == p.lottery and again.direct == p.direct and again.schools == p.schools
