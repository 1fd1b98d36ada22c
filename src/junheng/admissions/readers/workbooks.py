"""Zones, seats and applications from Excel: strict (every problem with file, sheet, row, column), then the
core's nouns. Nothing here writes; the store's imports call these and write in one batch."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from junheng.admissions.core.addresses import AddressUnit, parse_address
from junheng.admissions.core.model import Application, SchoolPlaces
from junheng.admissions.core.settings import AdmissionSettings
from junheng.admissions.core.zones import SINGLE, ZoneTable, build_table
from junheng.admissions.readers.specs import ALL_UNITS, APPLICATIONS, FEEDERS, SEATS, ZONES
from junheng.io.problems import ImportFailed, Problem
from junheng.io.reader import read_sheet
from junheng.registry.core.codes import valid_id_number

_SPLIT = re.compile(r"[、,，;；|\s]+")


def split_codes(text: str | None) -> tuple[str, ...]:
    return tuple(p for p in _SPLIT.split(text or "") if p)


def _sheet_names(path: Path) -> list[str]:
    from junheng.io.workbook import open_workbook

    return open_workbook(path).sheet_names


def _unit(rec: dict, label: str, sheet: str, row: int, problems: list[Problem]) -> AddressUnit | None:
    if rec["kind"] == "道路":
        if rec["first"] is None or rec["last"] is None:
            problems.append(Problem(label, sheet, row, "起始门牌", "道路须填写起始门牌和截止门牌"))
            return None
        if rec["first"] > rec["last"]:
            problems.append(Problem(label, sheet, row, "截止门牌", f"截止门牌 {rec['last']} 小于起始门牌 {rec['first']}"))
            return None
        return AddressUnit("道路", rec["place"], rec["first"], rec["last"], rec.get("parity") or "全部")
    if rec["first"] is not None or rec["last"] is not None:
        problems.append(Problem(label, sheet, row, "起始门牌", f"{rec['kind']}不按门牌划分，门牌应留空"))
        return None
    return AddressUnit(rec["kind"], rec["place"])


@dataclass
class ZonesFile:
    table: ZoneTable
    rows: list[dict]                 # as read (for storing)
    all_units: list[tuple[str, AddressUnit]]


def read_zones(path: Path, file_label: str | None = None) -> ZonesFile:
    label = file_label or Path(path).name
    problems: list[Problem] = []
    zones = read_sheet(path, ZONES, problems, label)
    names = _sheet_names(path)
    feeders = read_sheet(path, FEEDERS, problems, label) if FEEDERS.name in names else None
    everything = read_sheet(path, ALL_UNITS, [], label) if ALL_UNITS.name in names else None
    rows, heads = [], {}
    for rec, r in zip(zones.rows, zones.row_numbers):
        schools = split_codes(rec["schools"])
        if None in (rec["zone_id"], rec["section"], rec["mode"], rec["kind"], rec["place"]) or not schools:
            continue
        if rec["mode"] == SINGLE and len(schools) != 1:
            problems.append(Problem(label, ZONES.name, r, "学校标识码", f"单校划片只能填一所学校，实际填了 {len(schools)} 所"))
            continue
        head = (rec["section"], rec["mode"], schools)
        first = heads.setdefault(rec["zone_id"], (head, r))
        if first[0] != head:
            problems.append(Problem(label, ZONES.name, r, "学校标识码",
                                    f"片区 {rec['zone_id']} 的学段、划片方式或学校与第 {first[1]} 行不一致"))
            continue
        unit = _unit(rec, label, ZONES.name, r, problems)
        if unit is not None:
            rows.append((rec["zone_id"], *head, unit))
    feeder_map: dict[str, str] = {}
    if feeders is not None:
        feeder_map = {rec["primary"]: rec["junior"] for rec in feeders.rows if rec["primary"] and rec["junior"]}
    all_units: list[tuple[str, AddressUnit]] = []
    if everything is not None:
        for rec, r in zip(everything.rows, everything.row_numbers):
            unit = _unit({**rec, "parity": "全部"}, label, ALL_UNITS.name, r, problems)
            if unit is not None:
                all_units.append((rec["section"], unit))
    if not rows and not problems:
        problems.append(Problem(label, ZONES.name, None, "", "没有任何地址单元"))
    if problems:
        raise ImportFailed(problems)
    return ZonesFile(build_table(rows, feeder_map), zones.rows, all_units)


def read_seats(path: Path, settings: AdmissionSettings | None = None, file_label: str | None = None,
               section: str = "小学") -> dict[str, SchoolPlaces]:
    """The places of one section (a 九年一贯制 school has a row per section; the other section's rows are
    skipped)."""
    settings = settings or AdmissionSettings()
    label = file_label or Path(path).name
    problems: list[Problem] = []
    sheet = read_sheet(path, SEATS, problems, label)
    out: dict[str, SchoolPlaces] = {}
    for rec, r in zip(sheet.rows, sheet.row_numbers):
        if None in (rec["school"], rec["section"], rec["ownership"], rec["classes"]) or rec["section"] != section:
            continue
        limit = rec["limit"] or settings.class_limit(rec["section"])
        out[rec["school"]] = SchoolPlaces(rec["school"], rec["name"] or rec["school"], rec["section"], rec["ownership"],
                                          rec["classes"], limit, split_codes(rec["fallbacks"]))
    for rec, r in zip(sheet.rows, sheet.row_numbers):
        if rec["section"] != section:
            continue
        for code in split_codes(rec["fallbacks"]):
            if code not in out:
                problems.append(Problem(label, SEATS.name, r, "调剂学校", f"调剂学校「{code}」不在招生计划中"))
    if problems:
        raise ImportFailed(problems)
    return out


def birth_from_id(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


@dataclass
class ApplicationsFile:
    applications: list[Application]
    records: list[dict]            # validated rows (with the raw ID number), in file order
    rows: list[int]


def read_applications(path: Path, file_label: str | None = None, known_schools: set[str] | None = None,
                      key=lambda id_number: id_number.upper()) -> ApplicationsFile:
    """``key`` turns an ID number into the child key (the keyed hash in the database)."""
    label = file_label or Path(path).name
    problems: list[Problem] = []
    sheet = read_sheet(path, APPLICATIONS, problems, label)
    apps: list[Application] = []
    for rec, r in zip(sheet.rows, sheet.row_numbers):
        where = (label, APPLICATIONS.name, r)
        app = application_from(rec, lambda col, why, w=where: problems.append(Problem(*w, col, why)),
                               known_schools, key)
        if app is not None:
            apps.append(app)
    if not sheet.rows and not problems:
        problems.append(Problem(label, APPLICATIONS.name, None, "", "名单中没有任何儿童"))
    if problems:
        raise ImportFailed(problems)
    return ApplicationsFile(apps, sheet.rows, sheet.row_numbers)


def application_from(rec: dict, report, known_schools: set[str] | None = None,
                     key=lambda id_number: id_number.upper()) -> Application | None:
    """One validated record → Application; ``report(column header, reason)`` for each problem."""
    ok = True
    idn = (rec.get("id_number") or "").strip().upper()
    if idn and not valid_id_number(idn):
        report("身份证件号", "身份证件号不是有效的 18 位居民身份证号（校验位不符）")
        ok = False
    birth = dt.date.fromisoformat(rec["birth_date"]) if rec.get("birth_date") else (birth_from_id(idn) if idn else None)
    if ok and idn and rec.get("birth_date") and birth_from_id(idn) != birth:
        report("出生日期", f"出生日期 {rec['birth_date']} 与身份证件号中的出生日期不一致")
        ok = False
    if birth is None and ok:
        report("出生日期", "无法确定出生日期")
        ok = False
    if rec.get("hukou_kind") == "本县" and not rec.get("hukou"):
        report("户籍地址", "本县户籍须填写户籍地址")
        ok = False
    if rec.get("property") and not rec.get("owner"):
        report("房产产权人", "填写了房产地址，须填写产权人")
        ok = False
    chosen = (rec.get("chosen") or "").strip()
    if chosen and known_schools is not None and chosen not in known_schools:
        report("志愿学校", f"志愿学校「{chosen}」不在本年度招生计划中")
        ok = False
    if not ok or None in (rec.get("application_no"), rec.get("name"), rec.get("section"), rec.get("hukou_kind")) \
            or not idn:
        return None

    def addr(k):
        return parse_address(rec[k]) if rec.get(k) else None

    return Application(rec["application_no"], key(idn), rec["name"], birth, rec["section"], rec["hukou_kind"],
                       addr("home") or addr("property") or addr("hukou") or addr("permit"), addr("hukou"),
                       addr("property"), rec.get("owner") or "无", addr("permit"), rec.get("permit_months") or 0,
                       rec.get("insurance_months") or 0, rec.get("sibling_group") or "", chosen)
