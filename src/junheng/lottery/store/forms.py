"""The set-up form ↔ ``service.Setup``: parsing with Chinese errors, and the form values of a stored lottery."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.lottery.core.model import rules_from_dict
from junheng.lottery.store.models import Lottery
from junheng.lottery.store.service import LotteryError, SchoolSeats, Setup
from junheng.registry.store.models import School

SCHOOL_SLOTS = 3
_SPLIT = re.compile(r"[、,，;；\s]+")


def _tiers(text: str, what: str) -> tuple[int, ...] | None:
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    if not parts:
        return None
    if not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise LotteryError(f"{what}应为档次号，如「1」或「1、2」，留空表示全部档次")
    return tuple(sorted({int(p) for p in parts}))


def _int(text: str, what: str) -> int:
    text = (text or "").strip() or "0"
    if not text.isdigit():
        raise LotteryError(f"{what}应为非负整数，实际为「{text}」")
    return int(text)


def _labels(text: str) -> dict[str, str]:
    labels = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"(?:第)?\s*(\d+)\s*(?:档)?\s*[=＝:：]\s*(.+)", line)
        if not m:
            raise LotteryError(f"档次说明第 {n} 行应写成「1=户籍和房产均在学区」")
        labels[m.group(1)] = m.group(2).strip()
    return labels


def parse_setup(session: Session, form: Mapping[str, str]) -> Setup:
    """A Setup from the submitted form, or ``LotteryError`` naming the faulty field."""
    schools = []
    two_rounds = form.get("two_rounds") == "on"
    for k in range(1, SCHOOL_SLOTS + 1):
        school_id = (form.get(f"school_{k}") or "").strip()
        if not school_id:
            continue
        school = session.get(School, school_id)
        if school is None:
            raise LotteryError(f"学校「{school_id}」不在学校名册中")
        seats = _int(form.get(f"seats_{k}", ""), f"{school.name}的名额")
        seats2 = _int(form.get(f"seats2_{k}", ""), f"{school.name}第二轮新增名额") if two_rounds else 0
        if any(s.school_id == school_id for s in schools):
            raise LotteryError(f"学校「{school.name}」重复选择")
        schools.append(SchoolSeats(school_id, school.name, seats, seats2))
    random = form.get("random", "keep")
    tier_lines = [line for line in (form.get("tier_columns") or "").splitlines() if line.strip()]
    return Setup(
        title=(form.get("title") or "").strip(),
        schools=tuple(schools),
        round1_tiers=_tiers(form.get("round1_tiers", ""), "第一轮参加档次"),
        two_rounds=two_rounds,
        round2_tiers=_tiers(form.get("round2_tiers", ""), "第二轮参加档次") if two_rounds else None,
        tier_labels=_labels(form.get("tier_labels", "")),
        bundle_siblings=form.get("bundle_siblings") == "on",
        tier_columns=tuple(tuple(p for p in _SPLIT.split(line.strip()) if p) for line in tier_lines),
        required_columns=tuple(p for p in _SPLIT.split((form.get("required_columns") or "").strip()) if p),
        commitment=(form.get("commitment") or "").strip() if random == "enter" else "",
        generate_secret=random == "generate",
        public_source=(form.get("public_source") or "").strip(),
        public_count=_int(form.get("public_count", ""), "公开数值个数"),
    )


def form_of(lottery: Lottery) -> dict[str, str]:
    """The form values that reproduce a stored set-up (for the edit page)."""
    rules = rules_from_dict(lottery.rules)
    first = rules.rounds[0]
    second = rules.rounds[1] if len(rules.rounds) > 1 else None
    form = {
        "title": lottery.title,
        "round1_tiers": "、".join(map(str, first.tiers or ())),
        "two_rounds": "on" if second else "",
        "round2_tiers": "、".join(map(str, second.tiers or ())) if second else "",
        "tier_labels": "\n".join(f"{k}={v}" for k, v in sorted(lottery.tier_labels.items())),
        "bundle_siblings": "on" if lottery.bundle_siblings else "",
        "tier_columns": "\n".join("、".join(c) for c in lottery.eligibility.get("tier_columns", [])),
        "required_columns": "、".join(lottery.eligibility.get("required_yes", [])),
        "random": "keep" if lottery.commitment else "none",
        "public_source": lottery.public_source,
        "public_count": str(lottery.public_count),
    }
    for k, school in enumerate(rules.schools, 1):
        form[f"school_{k}"] = school.school_id
        form[f"seats_{k}"] = str(first.seats.get(school.school_id, 0))
        form[f"seats2_{k}"] = str(second.seats.get(school.school_id, 0)) if second else ""
    return form


def school_options(session: Session) -> list[tuple[str, str, str]]:
    """(id, name, ownership) of every school, private (民办) ones first."""
    rows = session.scalars(select(School).order_by(School.ownership != "民办", School.township_code,
                                                   School.school_id))
    return [(s.school_id, s.name, s.ownership) for s in rows]
