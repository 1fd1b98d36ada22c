"""The nouns of a lottery (派位): applicants, schools, rounds and the rules that bind them.

Everything here is a frozen value so that a frozen list and the rules of a draw cannot change under the
draw. Rules serialise to plain JSON (``rules_to_dict`` / ``rules_from_dict``) because they are published in
the result file and re-read by ``junheng lottery verify``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ALGORITHM = "junheng-lottery-v1"
BUNDLE_SKIP = "skip"


class LotteryInputError(ValueError):
    """Bad lottery input (list, seed or rules); the message is Chinese and says where."""


@dataclass(frozen=True, slots=True, order=True)
class Applicant:
    """One entry of the applicant list.

    ``applicant_id`` is the application number (报名编号), never a name or an ID number: the list is
    published. ``tier`` 1 is drawn first. Applicants sharing a non-empty ``sibling_group`` are one draw unit.
    ``choices`` are school ids in order of preference; empty means the lottery's only school.
    """

    applicant_id: str
    tier: int = 1
    sibling_group: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class School:
    school_id: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.school_id


@dataclass(frozen=True)
class Round:
    """One round of admission.

    ``seats`` maps school id → seats newly offered in this round; seats left unfilled in a round are carried
    over to the next round of the same school. ``tiers`` limits who takes part (None: every tier).
    ``choice_rank`` limits which preference is considered (1 = first choice only; None: every choice, in order).
    """

    name: str
    seats: Mapping[str, int]
    tiers: tuple[int, ...] | None = None
    choice_rank: int | None = None


@dataclass(frozen=True)
class LotteryRules:
    """The published rules of a draw.

    ``bundle_rule`` says what happens when a sibling unit is larger than the seats left at its turn; the only
    rule is ``skip``: the whole unit is passed over in this round and the seats go to the next unit in order.
    """

    schools: tuple[School, ...]
    rounds: tuple[Round, ...]
    bundle_rule: str = BUNDLE_SKIP
    algorithm: str = ALGORITHM
    title: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_rules(self)

    def school(self, school_id: str) -> School:
        for s in self.schools:
            if s.school_id == school_id:
                return s
        raise KeyError(school_id)

    @property
    def total_seats(self) -> int:
        return sum(sum(r.seats.values()) for r in self.rounds)


DEFAULT_SCHOOL_ID = "S"


def single_school_rules(seats: int, school_name: str = "本校", title: str = "") -> LotteryRules:
    """The rules behind ``junheng lottery draw --seats N``: one school, one round, every tier."""
    return LotteryRules(schools=(School(DEFAULT_SCHOOL_ID, school_name),),
                        rounds=(Round("派位", {DEFAULT_SCHOOL_ID: seats}),), title=title)


def check_rules(rules: LotteryRules) -> None:
    """Raise ``LotteryInputError`` unless the rules are complete and consistent."""
    if rules.algorithm != ALGORITHM:
        raise LotteryInputError(f"不支持的派位算法「{rules.algorithm}」，本程序实现的是 {ALGORITHM}")
    if rules.bundle_rule != BUNDLE_SKIP:
        raise LotteryInputError(f"不支持的兄弟姐妹组规则「{rules.bundle_rule}」，只支持 {BUNDLE_SKIP}")
    if not rules.schools:
        raise LotteryInputError("规则中没有学校")
    ids = [s.school_id for s in rules.schools]
    if len(set(ids)) != len(ids):
        raise LotteryInputError("规则中学校编号重复")
    if not rules.rounds:
        raise LotteryInputError("规则中没有轮次")
    for n, rnd in enumerate(rules.rounds, 1):
        for sid, seats in rnd.seats.items():
            if sid not in ids:
                raise LotteryInputError(f"第 {n} 轮「{rnd.name}」的名额写给了不存在的学校「{sid}」")
            if not isinstance(seats, int) or isinstance(seats, bool) or seats < 0:
                raise LotteryInputError(f"第 {n} 轮「{rnd.name}」学校「{sid}」的名额应为非负整数，实际为 {seats!r}")
        if rnd.tiers is not None and (not rnd.tiers or any(t < 1 for t in rnd.tiers)):
            raise LotteryInputError(f"第 {n} 轮「{rnd.name}」的档次应为正整数列表")
        if rnd.choice_rank is not None and rnd.choice_rank < 1:
            raise LotteryInputError(f"第 {n} 轮「{rnd.name}」的志愿序号应从 1 开始")


def rules_to_dict(rules: LotteryRules) -> dict[str, Any]:
    """Plain-JSON form of the rules (the ``rules`` object of the result file)."""
    return {
        "algorithm": rules.algorithm,
        "title": rules.title,
        "bundle_rule": rules.bundle_rule,
        "schools": [{"school_id": s.school_id, "name": s.name} for s in rules.schools],
        "rounds": [
            {"name": r.name, "seats": dict(r.seats),
             "tiers": list(r.tiers) if r.tiers is not None else None, "choice_rank": r.choice_rank}
            for r in rules.rounds
        ],
        **({"extra": dict(rules.extra)} if rules.extra else {}),
    }


def rules_from_dict(data: Mapping[str, Any]) -> LotteryRules:
    """Inverse of ``rules_to_dict``; raises ``LotteryInputError`` naming the faulty part."""
    try:
        schools = tuple(School(str(s["school_id"]), str(s.get("name", ""))) for s in data["schools"])
        rounds = tuple(
            Round(str(r["name"]), {str(k): v for k, v in dict(r["seats"]).items()},
                  tuple(int(t) for t in r["tiers"]) if r.get("tiers") is not None else None,
                  int(r["choice_rank"]) if r.get("choice_rank") is not None else None)
            for r in data["rounds"]
        )
        return LotteryRules(schools=schools, rounds=rounds, bundle_rule=str(data.get("bundle_rule", BUNDLE_SKIP)),
                            algorithm=str(data.get("algorithm", ALGORITHM)), title=str(data.get("title", "")),
                            extra=dict(data.get("extra") or {}))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, LotteryInputError):
            raise
        raise LotteryInputError(f"派位规则格式错误：{exc!r}") from exc
