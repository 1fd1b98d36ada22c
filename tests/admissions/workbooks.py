"""Zones, seats and applications workbooks for the admissions tests (written with openpyxl)."""

from __future__ import annotations

from pathlib import Path

from junheng.admissions.readers.specs import APPLICATIONS, FEEDERS, SEATS, ZONES
from tests.admissions.helpers import A, B, C, J, P
from tests.factories import id_number


def write(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def headers(spec) -> list[str]:
    return [c.header for c in spec.columns]


ZONE_ROWS = [
    ["Z1", "小学", "单校划片", A, "道路", "人民路", 1, 99, "单号"],
    ["Z1", "小学", "单校划片", A, "社区", "东关社区", None, None, None],
    ["Z2", "小学", "单校划片", B, "道路", "人民路", 2, 100, "双号"],
    ["Z3", "小学", "多校划片", f"{B}、{C}", "村", "西岭村", None, None, None],
]
SEAT_ROWS = [
    [A, "城关一小", "小学", "公办", 1, 20, C],
    [B, "城关二小", "小学", "公办", 1, None, None],
    [C, "西岭小学", "小学", "公办", 1, 10, None],
    [P, "育才民办小学", "小学", "民办", 1, 5, None],
    [J, "城关中学", "初中", "公办", 2, None, None],
]


def zones_file(path: Path, rows=None, feeders=None) -> Path:
    return write(path, {ZONES.name: (headers(ZONES), rows or ZONE_ROWS),
                        FEEDERS.name: (headers(FEEDERS), feeders or [[A, J]])})


def seats_file(path: Path, rows=None) -> Path:
    return write(path, {SEATS.name: (headers(SEATS), rows or SEAT_ROWS)})


def application_row(no: str, k: int, *, birth="20190501", hukou="", prop="", owner="", kind="本县", chosen="",
                    group="", idn=None, name=None) -> list:
    record = {"application_no": no, "name": name or f"儿童{k}", "id_number": idn or id_number("330102", birth, k % 1000),
              "section": "小学", "hukou_kind": kind, "hukou": hukou, "property": prop, "owner": owner,
              "sibling_group": group, "chosen": chosen}
    return [record.get(c.key) for c in APPLICATIONS.columns]


def oversubscribed_rows() -> list[list]:
    """30 人户一致 children on 人民路 (zone of A, 20 seats), 5 with a house there only, 3 for the private
    school (5 seats), and 2 that are not eligible (too young, unknown address)."""
    rows = [application_row(f"2025{k:04d}", k, hukou=f"人民路{2 * k + 1}号", prop=f"人民路{2 * k + 1}号", owner="父母")
            for k in range(1, 31)]
    rows += [application_row(f"2025{k:04d}", k, hukou="外县", prop=f"人民路{2 * k + 1}号", owner="父母")
             for k in range(31, 36)]
    rows += [application_row(f"2025{k:04d}", k, hukou=f"人民路{2 * k}号", chosen=P) for k in range(36, 39)]
    rows.append(application_row("20250039", 39, birth="20190901", hukou="东关社区"))
    rows.append(application_row("20250040", 40, hukou="北关社区"))
    return rows


def applications_file(path: Path, rows=None) -> Path:
    return write(path, {APPLICATIONS.name: (headers(APPLICATIONS), rows if rows is not None else oversubscribed_rows())})


# the small county's registry schools (tests/factories.py) standing in for A, B, C and P in DB and web tests
REGISTRY_CODES = {A: "2133010001", B: "2133010003", C: "2133010002", P: "2133010009"}


def remap(rows: list[list], mapping: dict[str, str] = REGISTRY_CODES) -> list[list]:
    def one(v):
        if isinstance(v, str):
            for old, new in mapping.items():
                v = v.replace(old, new)
        return v

    return [[one(v) for v in r] for r in rows]


def registry_files(folder: Path) -> tuple[Path, Path, Path]:
    """Zones, seats (小学 only) and applications on the registry's school codes."""
    seats = [r for r in SEAT_ROWS if r[2] == "小学"]
    return (zones_file(folder / "Z.xlsx", remap(ZONE_ROWS)), seats_file(folder / "S.xlsx", remap(seats)),
            applications_file(folder / "A.xlsx", remap(oversubscribed_rows())))
