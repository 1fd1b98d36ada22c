from __future__ import annotations

import pytest

from junheng.admissions.core import AddressUnit, build_table
from tests.admissions.helpers import A, B, C, table

pytestmark = pytest.mark.core


def test_a_correct_table_has_no_issue():
    assert table().check() == []


def test_an_address_in_two_zones_is_found():
    rows = [("Z1", "小学", "单校划片", (A,), AddressUnit("道路", "人民路", 1, 99, "全部")),
            ("Z2", "小学", "单校划片", (B,), AddressUnit("道路", "人民路", 99, 150, "单号"))]
    issues = build_table(rows).check()
    assert [i.kind for i in issues] == ["重复划片"]
    assert "人民路1–99号（片区 Z1）" in issues[0].message and issues[0].zones == ("Z1", "Z2")


def test_the_same_street_in_two_sections_is_no_overlap():
    rows = [("Z1", "小学", "单校划片", (A,), AddressUnit("道路", "人民路", 1, 99, "全部")),
            ("J1", "初中", "单校划片", (C,), AddressUnit("道路", "人民路", 1, 99, "全部"))]
    assert build_table(rows).check() == []


def test_units_in_no_zone_and_gaps_in_a_street():
    everything = [("小学", AddressUnit("社区", "东关社区")), ("小学", AddressUnit("社区", "北关社区")),
                  ("小学", AddressUnit("道路", "人民路", 1, 199, "全部")),
                  ("小学", AddressUnit("道路", "人民路", 1, 201, "全部")),
                  ("小学", AddressUnit("道路", "长街", 1, 3, "全部"))]
    issues = table().check(everything)
    assert [(i.kind, i.message) for i in issues] == [
        ("未划片", "小学：北关社区 没有划入任何片区"), ("未划片", "小学：人民路200–201号 没有划入任何片区"),
        ("未划片", "小学：长街1–3号 没有划入任何片区")]


def test_mode_must_match_the_number_of_schools():
    rows = [("Z1", "小学", "单校划片", (A, B), AddressUnit("社区", "甲社区")),
            ("Z2", "小学", "多校划片", (C,), AddressUnit("社区", "乙社区"))]
    assert [i.kind for i in build_table(rows).check()] == ["划片方式不符", "划片方式不符"]
