"""招生入学 pure core: zones and address lookup, review of applications, allocation around the lottery,
seats against demand, 小升初 assignment. No database, web, Excel or Word library is imported here."""

from junheng.admissions.core.addresses import Address, AddressUnit, normalise, parse_address
from junheng.admissions.core.allocation import (
    DIRECT,
    FALLBACK,
    INELIGIBLE,
    LOTTERY_WON,
    UNPLACED,
    Allocation,
    Candidate,
    LotteryOutcome,
    Outcome,
    Plan,
    candidates_from,
    finish,
    outcomes_from_result,
    plan,
)
from junheng.admissions.core.capacity import (
    ClassShares,
    JuniorLoad,
    SchoolDemand,
    class_shares,
    county_shares,
    even_split,
    junior_loads,
)
from junheng.admissions.core.junior import Graduate, JuniorAssignment, assign_juniors
from junheng.admissions.core.model import (
    PRIVATE,
    PUBLIC,
    AdmissionsInputError,
    Application,
    Check,
    Review,
    SchoolPlaces,
)
from junheng.admissions.core.review import review
from junheng.admissions.core.reviews import review_all
from junheng.admissions.core.settings import AdmissionSettings, age_on
from junheng.admissions.core.tiers import Tier, default_tiers, parse_tiers
from junheng.admissions.core.zones import MULTI, SINGLE, Zone, ZoneIssue, ZoneTable, build_table

__all__ = [
    "DIRECT", "FALLBACK", "INELIGIBLE", "LOTTERY_WON", "MULTI", "PRIVATE", "PUBLIC", "SINGLE", "UNPLACED",
    "Address", "AddressUnit", "AdmissionSettings", "AdmissionsInputError", "Allocation", "Application",
    "Candidate", "Check", "ClassShares", "Graduate", "JuniorAssignment", "JuniorLoad", "LotteryOutcome", "Outcome", "Plan",
    "Review", "SchoolDemand", "SchoolPlaces", "Tier", "Zone", "ZoneIssue", "ZoneTable", "age_on",
    "assign_juniors", "build_table", "candidates_from", "class_shares", "county_shares", "default_tiers",
    "even_split", "finish", "junior_loads", "normalise", "outcomes_from_result", "parse_address", "parse_tiers", "plan",
    "review", "review_all",
]
