"""Address units (地址单元) of a catchment and the matching of one address to them.

A unit is a community or village (社区/村: every address in it) or a street with a house-number range
(道路: 起始门牌–截止门牌, all numbers, odd only 单号 or even only 双号). An applicant's address is a
``Address``: the street or community name, and for streets the house number.

>>> unit = AddressUnit("道路", "人民路", 1, 99, "单号")
>>> unit.contains(Address("人民路", 99)), unit.contains(Address("人民路", 98)), unit.contains(Address("人民路", 101))
(True, False, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("社区", "村", "道路")
PARITIES = ("全部", "单号", "双号")
STREET_SUFFIXES = ("大道", "路", "街", "巷", "道", "弄", "胡同")
_SPACES = re.compile(r"\s+")
_STREET = re.compile(r"^(?P<name>.+?(?:大道|路|街|巷|道|弄|胡同))\s*(?P<number>\d+)\s*号")


def normalise(name: str) -> str:
    """Names compare without spaces and with full-width digits folded (``人民 路`` = ``人民路``)."""
    folded = name.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return _SPACES.sub("", folded).strip()


@dataclass(frozen=True, slots=True)
class Address:
    """Where a child lives: ``place`` is a street, community or village; ``number`` the house number (streets)."""

    place: str
    number: int | None = None

    @property
    def label(self) -> str:
        return f"{self.place}{self.number}号" if self.number is not None else self.place


def parse_address(text: str) -> Address:
    """Free text → Address: ``人民路 23 号3单元`` → (人民路, 23); anything else is a community/village name.

    >>> parse_address("人民路23号3单元")
    Address(place='人民路', number=23)
    >>> parse_address("  东关社区 ")
    Address(place='东关社区', number=None)
    """
    t = normalise(text)
    m = _STREET.match(t)
    if m:
        return Address(m.group("name"), int(m.group("number")))
    return Address(t, None)


@dataclass(frozen=True, slots=True)
class AddressUnit:
    """One unit of a catchment. For communities and villages the number bounds are None."""

    kind: str
    name: str
    first: int | None = None
    last: int | None = None
    parity: str = "全部"

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", normalise(self.name))

    @property
    def is_street(self) -> bool:
        return self.kind == "道路"

    @property
    def label(self) -> str:
        if not self.is_street:
            return self.name
        side = "" if self.parity == "全部" else self.parity
        return f"{self.name}{self.first}–{self.last}号{side}"

    def numbers(self) -> range:
        """The house numbers of a street unit (empty for communities)."""
        if not self.is_street or self.first is None or self.last is None:
            return range(0)
        start = self.first
        if self.parity == "单号" and start % 2 == 0:
            start += 1
        if self.parity == "双号" and start % 2 == 1:
            start += 1
        return range(start, self.last + 1, 1 if self.parity == "全部" else 2)

    def contains(self, address: Address) -> bool:
        if normalise(address.place) != self.name:
            return False
        if not self.is_street:
            return True
        n = address.number
        if n is None or self.first is None or self.last is None or not self.first <= n <= self.last:
            return False
        return self.parity == "全部" or (n % 2 == 1) == (self.parity == "单号")

    def overlaps(self, other: AddressUnit) -> bool:
        """True when some address belongs to both units."""
        if self.name != other.name or self.is_street != other.is_street:
            return False
        if not self.is_street:
            return True
        lo, hi = max(self.first, other.first), min(self.last, other.last)
        if lo > hi:
            return False
        if "全部" in (self.parity, other.parity) or self.parity == other.parity:
            return any(True for n in range(lo, min(hi, lo + 2) + 1) if self._side(n) and other._side(n))
        return False

    def _side(self, n: int) -> bool:
        return self.parity == "全部" or (n % 2 == 1) == (self.parity == "单号")
