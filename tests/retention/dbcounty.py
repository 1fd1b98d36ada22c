"""The hand-built county of ``tests.retention.county`` in a database: registry rows for its four schools (two
townships) and its two term rosters written as the contract's CSV files."""

from __future__ import annotations

from pathlib import Path

from junheng.registry.store.models import County, School, Township
from tests.retention.county import CURRENT, PREVIOUS

SCHOOLS = {"X1": ("青山小学", "小学", "T1"), "X2": ("白水小学", "小学", "T1"), "M1": ("青山中学", "初中", "T1"),
           "N1": ("石桥九年一贯制学校", "九年一贯制", "T2")}
TOWNSHIPS = {"T1": "青山镇", "T2": "石桥乡"}


def add_county(session) -> None:
    session.add(County(county_code="330102", name="青山县"))
    session.flush()
    for code, name in TOWNSHIPS.items():
        session.add(Township(township_code=code, name=name, kind="镇", county_code="330102"))
    session.flush()
    for sid, (name, kind, town) in SCHOOLS.items():
        session.add(School(school_id=sid, name=name, kind=kind, location="乡村", ownership="公办", boarding="否",
                           township_code=town))
    session.flush()


def write_terms(folder: Path) -> tuple[Path, Path]:
    previous, current = folder / "previous.csv", folder / "current.csv"
    PREVIOUS.to_csv(previous, index=False)
    CURRENT.to_csv(current, index=False)
    return previous, current
