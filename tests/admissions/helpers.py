"""Small hand-made zone tables and applications for the admissions tests."""

from __future__ import annotations

import datetime as dt

from junheng.admissions.core import Address, AddressUnit, Application, SchoolPlaces, build_table

A, B, C, P, J = "3301000001", "3301000002", "3301000003", "3301000009", "3301000101"


def table():
    """Zone Z1: 单校划片 A (人民路 1–99 单号, 东关社区); Z2: 单校划片 B (人民路 2–100 双号, 人民路 101–199);
    Z3: 多校划片 B then C (西岭村). A's graduates go to junior school J."""
    rows = [
        ("Z1", "小学", "单校划片", (A,), AddressUnit("道路", "人民路", 1, 99, "单号")),
        ("Z1", "小学", "单校划片", (A,), AddressUnit("社区", "东关社区")),
        ("Z2", "小学", "单校划片", (B,), AddressUnit("道路", "人民路", 2, 100, "双号")),
        ("Z2", "小学", "单校划片", (B,), AddressUnit("道路", "人民路", 101, 199, "全部")),
        ("Z3", "小学", "多校划片", (B, C), AddressUnit("村", "西岭村")),
    ]
    return build_table(rows, {A: J})


def places(seats_a: int = 45, seats_b: int = 45, seats_c: int = 45, seats_p: int = 45):
    return {
        A: SchoolPlaces(A, "城关一小", "小学", "公办", 1, 45, (C,), seats_a),
        B: SchoolPlaces(B, "城关二小", "小学", "公办", 1, 45, (), seats_b),
        C: SchoolPlaces(C, "西岭小学", "小学", "公办", 1, 45, (), seats_c),
        P: SchoolPlaces(P, "育才民办小学", "小学", "民办", 1, 45, (), seats_p),
    }


def app(no: str, *, birth=dt.date(2019, 5, 1), hukou=None, prop=None, owner="父母", kind="本县", permit=None,
        months=24, chosen="", key=None, group="") -> Application:
    hukou_addr = Address(*hukou) if isinstance(hukou, tuple) else (Address(hukou) if hukou else None)
    prop_addr = Address(*prop) if isinstance(prop, tuple) else (Address(prop) if prop else None)
    permit_addr = Address(*permit) if isinstance(permit, tuple) else (Address(permit) if permit else None)
    return Application(no, key or f"child-{no}", f"儿童{no}", birth, "小学", kind, prop_addr or hukou_addr,
                       hukou_addr, prop_addr, owner if prop_addr else "无", permit_addr, months, months, group, chosen)
