"""What the lottery publishes to other modules (admissions hands its oversubscribed places to a lottery here).

- ``create_lottery``: a new lottery (草稿) with its schools and seats, the applicant list and the source of
  randomness; the list is checked as the freeze will check it. The freeze, the draw and the receipts then
  happen on the lottery's own pages (``/lottery/{id}``), exactly as for a lottery set up by hand.
- ``lottery_status`` / ``lottery_result``: the state (草稿 / 已冻结 / 已抽签) and, after the draw, the public
  result file (``junheng.lottery`` result format: ``receipts`` with each applicant's result and position).

This module publishes no figures (``FIGURES`` is empty)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from junheng.lottery.core.canon import freeze
from junheng.lottery.core.model import Applicant, LotteryInputError
from junheng.lottery.store.models import Lottery, LotteryApplicant, LotteryDraw
from junheng.lottery.store.service import LotteryError, SchoolSeats, Setup, _audit, state
from junheng.lottery.store.service import create_lottery as _create

FIGURES: dict[str, str] = {}


@dataclass(frozen=True)
class ListedApplicant:
    """One entry of the list: the public part (``applicant``) and the private part shown only to staff."""

    applicant: Applicant
    name: str = ""
    id_number_masked: str = ""


def create_lottery(session: Session, title: str, schools: Sequence[tuple[str, str, int]],
                   applicants: Sequence[ListedApplicant], username: str, *, tier_labels: dict[str, str] | None = None,
                   generate_secret: bool = False, commitment: str = "", public_source: str = "",
                   public_count: int = 0) -> tuple[int, str]:
    """A draft lottery with ``schools`` = (school_id, name, seats) and the list; returns (id, generated secret).

    Raises ``LotteryError`` (Chinese) when the set-up or the list is refused."""
    setup = Setup(title=title, schools=tuple(SchoolSeats(s, n, k) for s, n, k in schools),
                  tier_labels=dict(tier_labels or {}), bundle_siblings=True, commitment=commitment,
                  generate_secret=generate_secret, public_source=public_source, public_count=public_count)
    people = [a.applicant for a in applicants]
    if not people:
        raise LotteryError("派位名单为空")
    try:
        freeze(people)
    except LotteryInputError as exc:
        raise LotteryError(str(exc)) from exc
    single = len(schools) == 1
    lottery, secret = _create(session, setup, username)
    session.execute(LotteryApplicant.__table__.insert(), [
        {"lottery_id": lottery.id, "applicant_id": a.applicant.applicant_id, "tier": a.applicant.tier,
         "sibling_group": a.applicant.sibling_group, "choices": "" if single else "|".join(a.applicant.choices),
         "name": a.name[:64], "id_number_masked": a.id_number_masked, "source_row": n, "excluded_reason": None}
        for n, a in enumerate(applicants, 1)])
    lottery.import_file = "招生入学移交"
    _audit(session, username, "import", lottery, file="招生入学移交", applicants=len(people), excluded=0)
    return lottery.id, secret


def lottery_status(session: Session, lottery_id: int) -> str | None:
    lottery = session.get(Lottery, lottery_id)
    return state(session, lottery) if lottery is not None else None


def lottery_result(session: Session, lottery_id: int) -> dict | None:
    """The public result file of a drawn lottery, or None before the draw."""
    draw = session.get(LotteryDraw, lottery_id)
    return json.loads(draw.result_json) if draw is not None else None


def figures(session, period: str, keys: set[str] | None = None) -> list:
    return []


def home_tiles(session: Session, viewer) -> list:
    """The home page's tile (``junheng.home``): the next lottery still to be drawn, for the bureau."""
    from junheng.lottery.store.home import tiles

    return tiles(session, viewer)


__all__ = ["FIGURES", "ListedApplicant", "LotteryError", "create_lottery", "figures", "home_tiles", "lottery_result",
           "lottery_status"]
