"""Zones and places of a year: import (one undoable batch each, via ``junheng.store.batches``) and loading
them back as the core's ``ZoneTable`` and ``SchoolPlaces``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.admissions.core import AddressUnit, AdmissionSettings, SchoolPlaces, ZoneTable, build_table
from junheng.admissions.store.models import AdmissionsFeeder, AdmissionsPlaces, AdmissionsZoneUnit
from junheng.store.batches import BatchResult, upsert_batch


def unit_key(unit: AddressUnit) -> str:
    return f"{unit.kind}|{unit.name}|{unit.first or ''}|{unit.last or ''}|{unit.parity}"


@dataclass(frozen=True)
class ZonesPreview:
    zones: int
    units: int
    schools: int
    feeders: int
    issues: tuple[str, ...]


def preview_zones(path: Path, file_label: str | None = None) -> ZonesPreview:
    """Read and check the file (raises ``ImportFailed``); nothing is written."""
    from junheng.admissions.readers.workbooks import read_zones

    data = read_zones(path, file_label)
    t = data.table
    return ZonesPreview(len(t.zones), sum(len(z.units) for z in t.zones), len(t.schools), len(t.feeders),
                        tuple(i.message for i in t.check(data.all_units)))


def import_zones(session: Session, year: int, path: Path, username: str, file_label: str | None = None) -> BatchResult:
    from junheng.admissions.readers.workbooks import read_zones

    label = file_label or Path(path).name
    data = read_zones(path, label)
    units = [{"year": year, "zone_id": z.zone_id, "section": z.section, "unit_key": unit_key(u), "mode": z.mode,
              "schools": "|".join(z.schools), "kind": u.kind, "place": u.name, "first": u.first, "last": u.last,
              "parity": u.parity} for z in data.table.zones for u in z.units]
    feeders = [{"year": year, "primary_school": p, "junior_school": j} for p, j in sorted(data.table.feeders.items())]
    return upsert_batch(session, f"admissions-zones-{year}", label, username, [
        ("admissions_zone_unit", ("year", "zone_id", "section", "unit_key"), units),
        ("admissions_feeder", ("year", "primary_school"), feeders)])


def import_places(session: Session, year: int, path: Path, username: str, settings: AdmissionSettings,
                  file_label: str | None = None) -> BatchResult:
    from junheng.admissions.readers.workbooks import read_seats

    label = file_label or Path(path).name
    rows = []
    for section in ("小学", "初中"):
        for p in read_seats(path, settings, label, section).values():
            rows.append({"year": year, "section": section, "school_id": p.school_id, "name": p.name,
                         "ownership": p.ownership, "classes": p.classes, "class_limit": p.class_limit,
                         "fallbacks": "|".join(p.fallbacks)})
    return upsert_batch(session, f"admissions-places-{year}", label, username,
                        [("admissions_places", ("year", "section", "school_id"), rows)])


def load_zones(session: Session, year: int) -> ZoneTable:
    rows = session.scalars(select(AdmissionsZoneUnit).where(AdmissionsZoneUnit.year == year)
                           .order_by(AdmissionsZoneUnit.zone_id, AdmissionsZoneUnit.id))
    feeders = {f.primary_school: f.junior_school
               for f in session.scalars(select(AdmissionsFeeder).where(AdmissionsFeeder.year == year))}
    return build_table(((r.zone_id, r.section, r.mode, tuple(r.schools.split("|")),
                         AddressUnit(r.kind, r.place, r.first, r.last, r.parity)) for r in rows), feeders)


def load_places(session: Session, year: int, section: str) -> dict[str, SchoolPlaces]:
    rows = session.scalars(select(AdmissionsPlaces).where(AdmissionsPlaces.year == year,
                                                          AdmissionsPlaces.section == section)
                           .order_by(AdmissionsPlaces.school_id))
    return {r.school_id: SchoolPlaces(r.school_id, r.name, r.section, r.ownership, r.classes, r.class_limit,
                                      tuple(f for f in r.fallbacks.split("|") if f)) for r in rows}
