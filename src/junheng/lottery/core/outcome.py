"""What a draw produces: units, events, outcomes, admissions, receipts and the whole result (rule
``junheng-lottery-v1``; the algorithm is in ``draw``, the Chinese rule texts in ``receipts``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from junheng.lottery.core.model import LotteryRules

ADMITTED = "admitted"      # event kinds, turned into Chinese by receipts.py
FULL = "full"              # no seats left at this school when the unit's turn came
TOO_BIG = "too_big"        # seats left, but fewer than the unit's members: passed over as a whole


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    members: tuple[str, ...]
    tier: int
    sibling_group: str
    choices: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.members)


class Event(NamedTuple):
    """What happened to a unit at one school in one round; ``seats_left`` is the count at its turn."""

    round_no: int
    school_id: str
    kind: str
    seats_left: int


class UnitOutcome(NamedTuple):
    """A unit's draw number, its place in the order of consideration, what happened and where it went."""

    unit: Unit
    draw_number: int
    position: int
    events: tuple[Event, ...]
    admitted_to: str | None
    admitted_round: int | None


@dataclass(frozen=True, slots=True)
class Admission:
    applicant_id: str
    school_id: str
    round_no: int


class Receipt(NamedTuple):
    """What one applicant is told: number, tier, position, result and the rule that decided it (Chinese)."""

    applicant_id: str
    draw_number: int
    tier: int
    sibling_group: str
    position: int
    admitted: bool
    school_id: str
    round_no: int | None
    waitlist_position: int | None
    rule: str

    @property
    def result(self) -> str:
        return "录取" if self.admitted else "候补"


@dataclass(frozen=True)
class DrawResult:
    list_sha256: str
    seed: str
    rules: LotteryRules
    outcomes: tuple[UnitOutcome, ...]          # in order of consideration
    admissions: tuple[Admission, ...]          # in order of admission
    waitlist: tuple[str, ...]
    receipts: tuple[Receipt, ...]              # sorted by applicant_id
    stream_blocks: int

    @property
    def admitted(self) -> tuple[str, ...]:
        return tuple(a.applicant_id for a in self.admissions)

    def receipt(self, applicant_id: str) -> Receipt:
        for r in self.receipts:
            if r.applicant_id == applicant_id:
                return r
        raise KeyError(applicant_id)
