"""The 住户一致 ordering tiers of public schools, as data (``data/tiers.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from junheng.admissions.core.model import AdmissionsInputError

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "tiers.yaml"
FACTS = ("hukou_local", "hukou_in_zone", "property_in_zone", "hukou_at_property", "permit_in_zone", "permit_ok")


@dataclass(frozen=True)
class Tier:
    tier: int
    label: str
    require: tuple[tuple[str, bool], ...]

    def holds(self, facts: dict[str, bool]) -> bool:
        return all(facts.get(k) is v for k, v in self.require)


def parse_tiers(data: dict, label: str = "顺位文件") -> tuple[Tier, ...]:
    try:
        tiers = tuple(Tier(int(t["tier"]), str(t["label"]), tuple((str(k), bool(v)) for k, v in t["require"].items()))
                      for t in data["tiers"])
    except (KeyError, TypeError, ValueError) as exc:
        raise AdmissionsInputError(f"{label}格式错误：{exc!r}") from exc
    for t in tiers:
        unknown = [k for k, _ in t.require if k not in FACTS]
        if unknown:
            raise AdmissionsInputError(f"{label}第 {t.tier} 档的条件「{unknown[0]}」未知，可用：{'、'.join(FACTS)}")
    numbers = [t.tier for t in tiers]
    if numbers != sorted(set(numbers)) or not numbers or numbers[0] < 1:
        raise AdmissionsInputError(f"{label}的档次应为从 1 起递增、不重复的正整数")
    return tiers


@cache
def default_tiers() -> tuple[Tier, ...]:
    return parse_tiers(yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8")), DEFAULT_FILE.name)


def tier_of(facts: dict[str, bool], tiers: tuple[Tier, ...]) -> Tier | None:
    """The first tier whose conditions all hold, or None."""
    return next((t for t in tiers if t.holds(facts)), None)
