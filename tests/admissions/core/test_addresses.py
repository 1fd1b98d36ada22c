from __future__ import annotations

import pytest

from junheng.admissions.core import Address, AddressUnit, parse_address
from tests.admissions.helpers import A, B, C, table

pytestmark = pytest.mark.core


@pytest.mark.parametrize(("address", "schools"), [
    pytest.param(Address("人民路", 1), (A,), id="first-number"),
    pytest.param(Address("人民路", 99), (A,), id="last-odd-boundary"),
    pytest.param(Address("人民路", 100), (B,), id="last-even-boundary"),
    pytest.param(Address("人民路", 101), (B,), id="next-range-starts"),
    pytest.param(Address("人民路", 199), (B,), id="end-of-street"),
    pytest.param(Address("人民路", 200), (), id="beyond-the-street"),
    pytest.param(Address("人民路", 0), (), id="number-zero"),
    pytest.param(Address("人民路", None), (), id="street-without-number"),
    pytest.param(Address("人民 路", 57), (A,), id="spaces-ignored"),
    pytest.param(Address("东关社区"), (A,), id="community"),
    pytest.param(Address("北关社区"), (), id="unknown-community"),
    pytest.param(Address("西岭村"), (B, C), id="multi-school-zone-in-order"),
])
def test_lookup(address, schools):
    assert table().schools_for(address) == schools


def test_odd_and_even_sides_of_one_street_go_to_different_schools():
    t = table()
    odd = [n for n in range(1, 100) if t.schools_for(Address("人民路", n)) == (A,)]
    even = [n for n in range(1, 101) if t.schools_for(Address("人民路", n)) == (B,)]
    assert odd == list(range(1, 100, 2)) and even == list(range(2, 101, 2))


def test_junior_section_has_no_zone_here():
    assert table().schools_for(Address("人民路", 1), "初中") == ()


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("人民路23号3单元", Address("人民路", 23), id="street-with-unit"),
    pytest.param("人民路 ２３ 号", Address("人民路", 23), id="full-width-digits"),
    pytest.param("解放大道8号", Address("解放大道", 8), id="avenue"),
    pytest.param("东关社区", Address("东关社区"), id="community"),
])
def test_parse_address(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize(("a", "b", "overlap"), [
    pytest.param(AddressUnit("道路", "X路", 1, 99, "单号"), AddressUnit("道路", "X路", 2, 100, "双号"), False, id="sides"),
    pytest.param(AddressUnit("道路", "X路", 1, 99, "单号"), AddressUnit("道路", "X路", 99, 120, "全部"), True,
                 id="shared-boundary"),
    pytest.param(AddressUnit("道路", "X路", 1, 98, "全部"), AddressUnit("道路", "X路", 99, 120, "全部"), False,
                 id="adjacent"),
    pytest.param(AddressUnit("道路", "X路", 2, 2, "双号"), AddressUnit("道路", "X路", 1, 3, "单号"), False,
                 id="even-point-inside-odd-range"),
    pytest.param(AddressUnit("社区", "Y社区"), AddressUnit("社区", "Y社区"), True, id="same-community"),
])
def test_overlap_is_symmetric_and_exact(a, b, overlap):
    assert a.overlaps(b) is overlap and b.overlaps(a) is overlap
    naive = any(a.contains(Address(a.name, n)) and b.contains(Address(b.name, n)) for n in range(200)) \
        if a.is_street else True
    assert naive is overlap
