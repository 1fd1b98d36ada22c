"""责任督学 visits: the checklist as data and the monthly visit quota (挂牌督导办法: each 责任督学 visits each
school regularly; the county sets a monthly quota per inspector, a setting per inspector).

>>> quota_rows({"王": 2}, [("王", "2024-10-08"), ("王", "2024-10-20"), ("王", "2024-11-03")], ["2024-10", "2024-11"])
[QuotaRow(inspector='王', month='2024-10', visits=2, quota=2, met=True), \
QuotaRow(inspector='王', month='2024-11', visits=1, quota=2, met=False)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

CHECKLIST = Path(__file__).parent / "data" / "visit_checklist.yaml"


@dataclass(frozen=True)
class CheckItem:
    id: str
    name: str


def load_checklist(path: Path = CHECKLIST) -> tuple[CheckItem, ...]:
    items = tuple(CheckItem(str(d["id"]), str(d["name"])) for d in yaml.safe_load(path.read_text(encoding="utf-8")))
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise ValueError("督导检查清单编号重复")
    return items


@dataclass(frozen=True)
class QuotaRow:
    inspector: str
    month: str
    visits: int
    quota: int
    met: bool


def quota_rows(quotas: Mapping[str, int], visits: Iterable[tuple[str, str]], months: Iterable[str]) -> list[QuotaRow]:
    """Visits per inspector and month (``YYYY-MM``) against each inspector's monthly quota."""
    counts: dict[tuple[str, str], int] = {}
    for who, day in visits:
        counts[(who, day[:7])] = counts.get((who, day[:7]), 0) + 1
    months = list(months)
    return [QuotaRow(who, m, counts.get((who, m), 0), q, counts.get((who, m), 0) >= q)
            for who, q in quotas.items() for m in months]
