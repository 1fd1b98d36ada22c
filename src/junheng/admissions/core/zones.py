"""Catchments (学区) as data: each zone (片区) of a section lists its schools and its address units.

- 单校划片: a zone has exactly one school; every address in it belongs to that school.
- 多校划片: a zone has several schools (in the order the bureau lists them); a child of the zone may apply to
  any of them, and the allocation offers the others in that order (docs/admissions.md §4).

``ZoneTable.lookup`` gives an address's zone and schools per section; ``ZoneTable.check`` finds the mistakes
a bureau makes when it edits the table by hand: an address unit in two zones of one section, a 单校划片 zone
with several schools, and — against a list of every address unit of the county — units in no zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from junheng.admissions.core.addresses import Address, AddressUnit, normalise

SINGLE, MULTI = "单校划片", "多校划片"
MODES = (SINGLE, MULTI)
SECTIONS = ("小学", "初中")


@dataclass(frozen=True, slots=True)
class Zone:
    """One 片区: ``schools`` are 学校标识码 in the listed order."""

    zone_id: str
    section: str
    mode: str
    schools: tuple[str, ...]
    units: tuple[AddressUnit, ...]


@dataclass(frozen=True, slots=True)
class ZoneMatch:
    zone_id: str
    section: str
    mode: str
    schools: tuple[str, ...]
    unit: AddressUnit


@dataclass(frozen=True)
class ZoneIssue:
    """One mistake in the table: ``kind`` is 重复划片, 未划片 or 划片方式不符."""

    kind: str
    section: str
    message: str
    zones: tuple[str, ...] = ()


@dataclass
class ZoneTable:
    zones: tuple[Zone, ...]
    feeders: dict[str, str] = field(default_factory=dict)   # primary school → its 对口 junior school
    _index: dict[tuple[str, str], list[tuple[Zone, AddressUnit]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[tuple[Zone, AddressUnit]]] = defaultdict(list)
        for z in self.zones:
            for u in z.units:
                index[(z.section, u.name)].append((z, u))
        self._index = dict(index)

    def lookup(self, address: Address, section: str = "小学") -> list[ZoneMatch]:
        """Every zone of ``section`` that holds the address (one when the table is right; none when unknown)."""
        hits = self._index.get((section, normalise(address.place)), ())
        return [ZoneMatch(z.zone_id, z.section, z.mode, z.schools, u) for z, u in hits if u.contains(address)]

    def schools_for(self, address: Address, section: str = "小学") -> tuple[str, ...]:
        """The schools an address is zoned to, in the zone's order ('' zones first found first)."""
        out: list[str] = []
        for m in self.lookup(address, section):
            out.extend(s for s in m.schools if s not in out)
        return tuple(out)

    def zone(self, zone_id: str) -> Zone:
        for z in self.zones:
            if z.zone_id == zone_id:
                return z
        raise KeyError(zone_id)

    def zones_of_school(self, school_id: str) -> list[Zone]:
        return [z for z in self.zones if school_id in z.schools]

    @property
    def schools(self) -> tuple[str, ...]:
        seen: list[str] = []
        for z in self.zones:
            seen.extend(s for s in z.schools if s not in seen)
        return tuple(seen)

    def check(self, all_units: Sequence[tuple[str, AddressUnit]] = ()) -> list[ZoneIssue]:
        """Mistakes of the table; ``all_units`` = (section, unit) of every address unit that must be zoned."""
        issues: list[ZoneIssue] = []
        for z in self.zones:
            if z.mode == SINGLE and len(z.schools) != 1:
                issues.append(ZoneIssue("划片方式不符", z.section,
                                        f"片区 {z.zone_id} 为单校划片，却列了 {len(z.schools)} 所学校", (z.zone_id,)))
            if z.mode == MULTI and len(z.schools) < 2:
                issues.append(ZoneIssue("划片方式不符", z.section,
                                        f"片区 {z.zone_id} 为多校划片，只列了 1 所学校", (z.zone_id,)))
        for (section, _name), entries in sorted(self._index.items()):
            for i, (za, ua) in enumerate(entries):
                for zb, ub in entries[i + 1:]:
                    if za.zone_id != zb.zone_id and ua.overlaps(ub):
                        issues.append(ZoneIssue(
                            "重复划片", section,
                            f"{section}：{ua.label}（片区 {za.zone_id}）与 {ub.label}（片区 {zb.zone_id}）重叠，"
                            f"同一地址被划给了两个片区", (za.zone_id, zb.zone_id)))
        for section, unit in all_units:
            missing = self._uncovered(section, unit)
            if missing:
                issues.append(ZoneIssue("未划片", section, f"{section}：{missing} 没有划入任何片区"))
        return issues

    def _uncovered(self, section: str, unit: AddressUnit) -> str:
        """The part of ``unit`` in no zone, as text ('' when all of it is zoned)."""
        entries = self._index.get((section, unit.name), ())
        if not unit.is_street:
            return "" if entries else unit.label
        gaps = [n for n in unit.numbers() if not any(u.contains(Address(unit.name, n)) for _, u in entries)]
        return unit.name + "、".join(f"{a}号" if a == b else f"{a}–{b}号" for a, b in _runs(gaps)) if gaps else ""


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def build_table(rows: Iterable[tuple[str, str, str, tuple[str, ...], AddressUnit]],
                feeders: dict[str, str] | None = None) -> ZoneTable:
    """Rows of (zone_id, section, mode, schools, unit) — one per address unit, as in the Excel sheet — to a
    table. Rows of one zone must agree on section, mode and schools (the reader reports where they do not)."""
    grouped: dict[str, list] = {}
    head: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for zone_id, section, mode, schools, unit in rows:
        head.setdefault(zone_id, (section, mode, schools))
        grouped.setdefault(zone_id, []).append(unit)
    zones = tuple(Zone(zid, *head[zid], tuple(units)) for zid, units in grouped.items())
    return ZoneTable(zones, dict(feeders or {}))
