"""The nouns of admissions: an application with its facts, a school's places, a review's checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from junheng.admissions.core.addresses import Address

PUBLIC, PRIVATE = "公办", "民办"
HUKOU_KINDS = ("本县", "外地")
OWNERS = ("父母", "祖父母", "其他", "无")


class AdmissionsInputError(ValueError):
    """Bad admissions input; the message is Chinese and says where."""


@dataclass(frozen=True, slots=True)
class Application:
    """One child's application. ``child_key`` identifies the child (the ID number's keyed hash in the
    database, the ID number itself offline) so that a second application for the same child is caught.

    Addresses: ``home`` where the family lives (现住址); ``hukou`` the household registration (本县 only);
    ``property`` the parents' property (None: no property); ``permit`` the residence permit's address (随迁).
    ``chosen`` is the school applied to (required for 民办; for 多校划片 the preferred school of the zone)."""

    application_no: str
    child_key: str
    name: str
    birth_date: dt.date
    section: str = "小学"
    hukou_kind: str = "本县"
    home: Address | None = None
    hukou: Address | None = None
    property: Address | None = None
    property_owner: str = "无"
    permit: Address | None = None
    permit_months: int = 0
    insurance_months: int = 0
    sibling_group: str = ""
    chosen: str = ""


@dataclass(frozen=True, slots=True)
class SchoolPlaces:
    """A school's places this year: seats = planned classes × class-size limit unless ``seats`` is given."""

    school_id: str
    name: str
    section: str
    ownership: str
    classes: int
    class_limit: int
    fallbacks: tuple[str, ...] = ()
    seats_override: int | None = None

    @property
    def seats(self) -> int:
        return self.seats_override if self.seats_override is not None else self.classes * self.class_limit


@dataclass(frozen=True, slots=True)
class Check:
    """One check of the review: ``passed`` None means "not applicable / for information"."""

    name: str
    passed: bool | None
    detail: str
    blocking: bool = True


@dataclass(frozen=True)
class Review:
    """What the rules say about an application (before any reviewer's decision)."""

    application_no: str
    eligible: bool
    school: str | None          # the school the application is for (public: by zone; private: chosen)
    tier: int | None
    tier_label: str
    zone_id: str
    zone_schools: tuple[str, ...]     # public schools of the child's zone, in order (for fallbacks)
    checks: tuple[Check, ...]

    @property
    def reasons(self) -> str:
        return "；".join(c.detail for c in self.checks if c.passed is False and c.blocking)
