"""Allocation of places (docs/admissions.md §4), in two steps around the lottery.

``plan``: per school, the eligible applicants in tier order. When a school's applicants fit its seats all are
admitted. Otherwise the tiers that fit whole are admitted, and the first tier that does not fit — the
oversubscribed tier — and every tier after it go to the lottery (电脑派位) for the seats left; a 民办 school
over its seats sends every applicant to the lottery (公民同招). Every oversubscribed school is one school of
the same lottery (one round; each applicant's only choice is their own school), so one frozen list, one seed
and one result file cover the year.

``finish``: with the lottery's result (who won where, and the order of consideration — tier, then draw
number), the applicants not admitted are offered, in that order, the next school: the other schools of their
多校划片 zone in the zone's order, then their school's 调剂学校 in the order of the seats sheet (a 民办
applicant: the public schools of their zone, then the 调剂学校 of the first). Each takes the first of these
with a seat left after every school's own applicants (a sibling group only where the whole group fits).
Whoever finds none is 统筹安排 by the bureau.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from junheng.admissions.core.model import PRIVATE, Review, SchoolPlaces
from junheng.lottery.core.model import Applicant, LotteryRules, Round, School

DIRECT, LOTTERY_WON, FALLBACK, UNPLACED, INELIGIBLE = "直接录取", "派位录取", "调剂录取", "统筹安排", "不符合条件"


@dataclass(frozen=True, slots=True)
class Candidate:
    application_no: str
    school: str
    tier: int
    tier_label: str = ""
    sibling_group: str = ""
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchoolPlan:
    school_id: str
    seats: int
    applicants: int
    direct: int
    to_lottery: int
    lottery_tier: int | None          # the oversubscribed tier (None: not oversubscribed)

    @property
    def lottery_seats(self) -> int:
        return self.seats - self.direct if self.to_lottery else 0


@dataclass(frozen=True)
class Plan:
    places: Mapping[str, SchoolPlaces]
    candidates: Mapping[str, Candidate]
    schools: Mapping[str, SchoolPlan]
    direct: Mapping[str, str]                     # application_no → school
    lottery: tuple[Applicant, ...]                # the list to freeze (empty: no school oversubscribed)
    rules: LotteryRules | None
    ineligible: Mapping[str, str] = field(default_factory=dict)   # application_no → reason

    @property
    def needs_lottery(self) -> bool:
        return bool(self.lottery)


@dataclass(frozen=True, slots=True)
class Outcome:
    application_no: str
    school: str | None
    stage: str
    reason: str


@dataclass(frozen=True)
class Allocation:
    plan: Plan
    outcomes: Mapping[str, Outcome]

    def admitted(self, school_id: str) -> int:
        return sum(1 for o in self.outcomes.values() if o.school == school_id)

    def summary(self) -> dict:
        """The CLI contract's JSON object."""
        schools = {sid: {"seats": p.seats, "applicants": p.applicants, "admitted": self.admitted(sid),
                         "to_lottery": p.to_lottery} for sid, p in sorted(self.plan.schools.items())}
        children = {no: {"school": o.school, "reason": o.reason} for no, o in sorted(self.outcomes.items())}
        return {"schools": schools, "children": children}


def candidates_from(reviews: Iterable[Review], places: Mapping[str, SchoolPlaces],
                    sibling_groups: Mapping[str, str] | None = None) -> tuple[dict[str, Candidate], dict[str, str]]:
    """Eligible reviews → candidates with their fallback schools; the rest → reasons."""
    groups = sibling_groups or {}
    cands: dict[str, Candidate] = {}
    ineligible: dict[str, str] = {}
    for r in reviews:
        if not r.eligible or r.school is None or r.tier is None:
            ineligible[r.application_no] = r.reasons or "审核未通过"
            continue
        own = places[r.school]
        if own.ownership == PRIVATE:
            first = r.zone_schools[0] if r.zone_schools else None
            extra = places[first].fallbacks if first in places else ()
            fallbacks = (*r.zone_schools, *extra)
        else:
            fallbacks = (*(s for s in r.zone_schools if s != r.school), *own.fallbacks)
        fallbacks = tuple(dict.fromkeys(s for s in fallbacks if s != r.school and s in places
                                        and places[s].ownership != PRIVATE and places[s].section == own.section))
        cands[r.application_no] = Candidate(r.application_no, r.school, r.tier, r.tier_label,
                                            groups.get(r.application_no, ""), fallbacks)
    _check_groups(cands)
    return cands, ineligible


def _check_groups(cands: dict[str, Candidate]) -> None:
    """A sibling group stays a group only where its members applied to the same school in the same tier
    (the lottery requires it); otherwise the members are treated one by one."""
    by_group: dict[str, list[Candidate]] = {}
    for c in cands.values():
        if c.sibling_group:
            by_group.setdefault(c.sibling_group, []).append(c)
    for members in by_group.values():
        if len(members) < 2 or len({(m.school, m.tier) for m in members}) > 1:
            for m in members:
                cands[m.application_no] = Candidate(m.application_no, m.school, m.tier, m.tier_label, "",
                                                    m.fallbacks)


def plan(candidates: Mapping[str, Candidate], places: Mapping[str, SchoolPlaces],
         ineligible: Mapping[str, str] | None = None, title: str = "") -> Plan:
    """Direct admissions and the lottery list (see the module docstring)."""
    by_school: dict[str, list[Candidate]] = {sid: [] for sid in places}
    for c in candidates.values():
        by_school[c.school].append(c)
    schools: dict[str, SchoolPlan] = {}
    direct: dict[str, str] = {}
    lottery: list[Applicant] = []
    seats_left: dict[str, int] = {}
    for sid in sorted(by_school):
        people = sorted(by_school[sid], key=lambda c: (c.tier, c.application_no))
        seats = places[sid].seats
        if len(people) <= seats:
            direct.update((c.application_no, sid) for c in people)
            schools[sid] = SchoolPlan(sid, seats, len(people), len(people), 0, None)
            continue
        tiers = sorted({c.tier for c in people})
        taken, cut = 0, tiers[0]
        if places[sid].ownership != PRIVATE:
            for t in tiers:
                n = sum(1 for c in people if c.tier == t)
                if taken + n > seats:
                    cut = t
                    break
                taken += n
        else:
            taken = 0
        admitted_now = [c for c in people if c.tier < cut] if places[sid].ownership != PRIVATE else []
        direct_now = {c.application_no for c in admitted_now}
        drawn = [c for c in people if c.application_no not in direct_now]
        direct.update((c.application_no, sid) for c in admitted_now)
        lottery.extend(Applicant(c.application_no, c.tier, c.sibling_group, (sid,)) for c in drawn)
        seats_left[sid] = seats - len(admitted_now)
        schools[sid] = SchoolPlan(sid, seats, len(people), len(admitted_now), len(drawn), cut)
    rules = None
    if lottery:
        rules = LotteryRules(
            schools=tuple(School(sid, places[sid].name) for sid in sorted(seats_left)),
            rounds=(Round("派位", dict(sorted(seats_left.items()))),),
            title=title or "义务教育招生电脑派位")
    return Plan(dict(places), dict(candidates), schools, direct, tuple(sorted(lottery)), rules, dict(ineligible or {}))


@dataclass(frozen=True, slots=True)
class LotteryOutcome:
    """What the lottery decided for one applicant: the school won (None: 候补), the draw number and the
    position in the order of consideration (tier, then draw number)."""

    school: str | None
    draw_number: int
    position: int


def finish(p: Plan, drawn: Mapping[str, LotteryOutcome] | None = None) -> Allocation:
    """Every child's school and reason, given the lottery's outcome (required when the plan has a lottery)."""
    drawn = drawn or {}
    missing = [a.applicant_id for a in p.lottery if a.applicant_id not in drawn]
    if missing:
        raise ValueError(f"派位结果中缺少 {len(missing)} 名申请人（如 {missing[0]}），派位结果与名单不符")
    outcomes: dict[str, Outcome] = {}
    taken: dict[str, int] = {sid: 0 for sid in p.places}
    for no, sid in p.direct.items():
        c = p.candidates[no]
        taken[sid] += 1
        outcomes[no] = Outcome(no, sid, DIRECT, f"{DIRECT}：{c.tier_label or f'第 {c.tier} 类'}，"
                                                f"{p.places[sid].name}名额足够")
    losers: list[tuple[int, str]] = []
    for a in p.lottery:
        d = drawn[a.applicant_id]
        if d.school is not None:
            taken[d.school] += 1
            outcomes[a.applicant_id] = Outcome(a.applicant_id, d.school, LOTTERY_WON,
                                               f"{LOTTERY_WON}：{p.places[d.school].name}，抽签号 {d.draw_number}")
        else:
            losers.append((d.position, a.applicant_id))
    units: list[list[str]] = []
    seen_groups: dict[str, list[str]] = {}
    for _, no in sorted(losers):
        g = p.candidates[no].sibling_group
        if g:
            if g not in seen_groups:
                seen_groups[g] = []
                units.append(seen_groups[g])
            seen_groups[g].append(no)
        else:
            units.append([no])
    for unit in units:
        c = p.candidates[unit[0]]
        d = drawn[unit[0]]
        home = p.places[c.school].name
        for sid in c.fallbacks:
            if p.places[sid].seats - taken[sid] >= len(unit):
                taken[sid] += len(unit)
                for no in unit:
                    outcomes[no] = Outcome(no, sid, FALLBACK, f"{FALLBACK}：{home}派位未录取（抽签号 {d.draw_number}），"
                                                              f"按调剂规则录取到{p.places[sid].name}")
                break
        else:
            for no in unit:
                outcomes[no] = Outcome(no, None, UNPLACED, f"{UNPLACED}：{home}派位未录取（抽签号 {d.draw_number}），"
                                                           "调剂学校均无余位，由教育局统筹安排学位")
    for no, reason in p.ineligible.items():
        outcomes[no] = Outcome(no, None, INELIGIBLE, f"{INELIGIBLE}：{reason}")
    return Allocation(p, outcomes)


def outcomes_from_result(result: Mapping) -> dict[str, LotteryOutcome]:
    """The lottery's public result file (``junheng.lottery`` format) → per-applicant outcomes."""
    return {r["applicant_id"]: LotteryOutcome(r["school_id"] or None if r["result"] == "录取" else None,
                                              int(r["draw_number"]), int(r["position"]))
            for r in result["receipts"]}


def plan_to_dict(p: Plan) -> dict:
    """The plan as plain JSON (stored with an allocation round, so the lottery's result is applied to the
    plan it was made from, whatever changes afterwards)."""
    return {
        "places": {sid: {"name": s.name, "section": s.section, "ownership": s.ownership, "classes": s.classes,
                         "class_limit": s.class_limit, "fallbacks": list(s.fallbacks), "seats": s.seats}
                   for sid, s in p.places.items()},
        "candidates": {no: {"school": c.school, "tier": c.tier, "tier_label": c.tier_label,
                            "sibling_group": c.sibling_group, "fallbacks": list(c.fallbacks)}
                       for no, c in p.candidates.items()},
        "ineligible": dict(p.ineligible),
    }


def plan_from_dict(data: dict) -> Plan:
    """Inverse of ``plan_to_dict`` (the plan is recomputed from its inputs: ``plan`` is deterministic)."""
    places = {sid: SchoolPlaces(sid, v["name"], v["section"], v["ownership"], v["classes"], v["class_limit"],
                                tuple(v["fallbacks"]), v["seats"]) for sid, v in data["places"].items()}
    cands = {no: Candidate(no, v["school"], v["tier"], v["tier_label"], v["sibling_group"], tuple(v["fallbacks"]))
             for no, v in data["candidates"].items()}
    return plan(cands, places, data["ineligible"])
