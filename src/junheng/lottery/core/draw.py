"""The draw (rule ``junheng-lottery-v1``, docs/lottery.md §3–§6).

1. Draw units: each sibling group is one unit, every other applicant is a unit of one. A unit's key is its
   smallest applicant_id; units start in key order.
2. The units are shuffled once with Fisher–Yates over the seed's byte stream (``rng``). A unit's draw number
   (抽签号) is its place in the shuffled list, 1 = first; every member of a group has the group's number.
3. Order of consideration: tier 1 before tier 2 …, within a tier by draw number. ``position`` is the place
   in this order.
4. Rounds, one after another. A round's seats are its new seats plus those left over from the previous
   round (carried over). Units not yet admitted, whose tier takes part, are taken in order of consideration;
   each looks at its schools (its choices, or only the choice of this round's rank) in preference order and
   is admitted to the first whose remaining seats hold the whole unit. Bundle rule ``skip``: when a unit is
   larger than the seats left (but some are left), it is passed over as a whole and the next unit in order
   is considered — which may be a smaller unit of the same or a lower tier.
5. Waitlist: every applicant not admitted, in order of consideration (members of a group by applicant_id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from junheng.lottery.core.canon import FrozenList, freeze
from junheng.lottery.core.model import Applicant, LotteryInputError, LotteryRules
from junheng.lottery.core.nogc import without_gc
from junheng.lottery.core.outcome import (
    ADMITTED,
    FULL,
    TOO_BIG,
    Admission,
    DrawResult,
    Event,
    Unit,
    UnitOutcome,
)
from junheng.lottery.core.receipts import build_receipts
from junheng.lottery.core.rng import seeded_shuffle
from junheng.lottery.core.seed import parse_hex


def make_units(applicants: Iterable[Applicant]) -> list[Unit]:
    """Group applicants into draw units, in key order (the order before shuffling)."""
    groups: dict[str, list[Applicant]] = {}
    units: list[Unit] = []
    for a in applicants:
        if a.sibling_group:
            groups.setdefault(a.sibling_group, []).append(a)
        else:
            units.append(Unit(a.applicant_id, (a.applicant_id,), a.tier, "", a.choices))
    for name, members in groups.items():
        ids = tuple(sorted(m.applicant_id for m in members))
        units.append(Unit(ids[0], ids, members[0].tier, name, members[0].choices))
    units.sort(key=lambda u: u.key)
    return units


def _options(unit: Unit, rules: LotteryRules, choice_rank: int | None) -> tuple[str, ...]:
    prefs = unit.choices or (rules.schools[0].school_id,)
    if choice_rank is not None:
        return prefs[choice_rank - 1:choice_rank]
    return prefs


def _check_choices(units: list[Unit], rules: LotteryRules) -> None:
    known = {s.school_id for s in rules.schools}
    for u in units:
        if not u.choices and len(rules.schools) > 1:
            raise LotteryInputError(f"有多所学校时每位申请人都须填写志愿学校，申请人「{u.key}」未填写")
        unknown = [c for c in u.choices if c not in known]
        if unknown:
            raise LotteryInputError(f"申请人「{u.key}」的志愿学校「{unknown[0]}」不在派位规则的学校中")


@without_gc
def run_draw(applicants: Iterable[Applicant] | FrozenList, seed_hex: str, rules: LotteryRules) -> DrawResult:
    """Run the whole draw; the same list, seed and rules always give the same result."""

    frozen = freeze(applicants)
    seed = parse_hex(seed_hex, "种子")
    units = make_units(frozen.applicants)
    _check_choices(units, rules)
    stream = seeded_shuffle(units, seed)
    number = {u.key: i for i, u in enumerate(units, 1)}
    order = sorted(units, key=lambda u: (u.tier, number[u.key]))

    events: dict[str, list[Event]] = {u.key: [] for u in order}
    placed: dict[str, tuple[str, int]] = {}
    admissions: list[Admission] = []
    carried = {s.school_id: 0 for s in rules.schools}
    for round_no, rnd in enumerate(rules.rounds, 1):
        left = {sid: carried[sid] + rnd.seats.get(sid, 0) for sid in carried}
        tiers = set(rnd.tiers) if rnd.tiers is not None else None
        for u in order:
            if u.key in placed or (tiers is not None and u.tier not in tiers):
                continue
            for sid in _options(u, rules, rnd.choice_rank):
                seats = left[sid]
                if seats >= u.size:
                    events[u.key].append(Event(round_no, sid, ADMITTED, seats))
                    left[sid] = seats - u.size
                    placed[u.key] = (sid, round_no)
                    admissions.extend(Admission(m, sid, round_no) for m in u.members)
                    break
                events[u.key].append(Event(round_no, sid, FULL if seats == 0 else TOO_BIG, seats))
        carried = left

    outcomes = tuple(
        UnitOutcome(u, number[u.key], pos, tuple(events[u.key]), *placed.get(u.key, (None, None)))
        for pos, u in enumerate(order, 1)
    )
    waitlist = tuple(m for o in outcomes if o.admitted_to is None for m in o.unit.members)
    result = DrawResult(frozen.sha256, seed.hex(), rules, outcomes, tuple(admissions), waitlist, (),
                        stream.blocks_used)
    return replace(result, receipts=build_receipts(result, frozen.applicants))
