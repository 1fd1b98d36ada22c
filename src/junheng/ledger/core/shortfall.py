"""Items generated from the 优质均衡 shortfall list, and the check that closes the loop.

Input of ``items_from_shortfalls``: the balance module's shortfall rows, each a mapping with ``school_id``,
``school_name``, ``stage`` (小学/初中), ``indicator`` (its code), ``indicator_name`` and ``gap_text`` (what is
missing, e.g. "生均教学及辅助用房面积 3.9 m²，差 0.6 m²"). One item per row, category 均衡短板, linked to the
school section and indicator; a row for which an open item with the same (school, stage, indicator) already
exists is skipped, so the list can be re-imported after every assessment.

Input of ``check_indicators``: new assessment results, each a mapping with ``school_id``, ``stage``,
``indicator``, ``passed`` (bool) and optionally ``value`` and ``threshold``. Every linked item whose result
changed gets a 指标复核 history entry saying whether the indicator now passes; the status is not changed —
closing the item stays the inspector's decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from junheng.ledger.core.model import (
    Category,
    IndicatorLink,
    LedgerItem,
    ResponsibleUnit,
    Severity,
    Source,
    UnitKind,
)
from junheng.ledger.core.workflow import create_item, record_indicator_check

SHORTFALL_KEYS = ("school_id", "school_name", "stage", "indicator", "indicator_name", "gap_text")
RESULT_KEYS = ("school_id", "stage", "indicator", "passed")


def _require(row: Mapping[str, Any], keys: tuple[str, ...], what: str, index: int) -> None:
    missing = [k for k in keys if k not in row or row[k] is None or str(row[k]).strip() == ""]
    if missing:
        raise ValueError(f"{what}第 {index} 条缺少字段：{', '.join(missing)}")


def items_from_shortfalls(shortfalls: Iterable[Mapping[str, Any]], *, source: Source, deadline: dt.date,
                          at: dt.datetime, by: str, person_for: Callable[[str], str] = lambda school_id: "校长",
                          existing: Iterable[LedgerItem] = (), id_prefix: str = "JH", start: int = 1,
                          severity: Severity = Severity.SERIOUS,
                          evidence_required: str = "整改后的统计数据及佐证材料") -> list[LedgerItem]:
    """One 均衡短板 item per shortfall row not already covered by an open item (see module docstring)."""
    covered = {i.indicator.key for i in existing if i.indicator is not None and not i.is_closed}
    items: list[LedgerItem] = []
    number = start
    for index, row in enumerate(shortfalls, 1):
        _require(row, SHORTFALL_KEYS, "短板清单", index)
        link = IndicatorLink(str(row["school_id"]), str(row["school_name"]), str(row["stage"]),
                             str(row["indicator"]), str(row["indicator_name"]), str(row["gap_text"]))
        if link.key in covered:
            continue
        covered.add(link.key)
        unit = ResponsibleUnit(link.school_id, link.school_name, UnitKind.SCHOOL, person_for(link.school_id))
        description = f"{link.school_name}（{link.stage}）「{link.indicator_name}」未达标：{link.gap_text}"
        items.append(create_item(f"{id_prefix}{number:04d}", source=source, category=Category.BALANCE, unit=unit,
                                 description=description, severity=severity, deadline=deadline,
                                 evidence_required=evidence_required, at=at, by=by, indicator=link))
        number += 1
    return items


def check_indicators(items: Iterable[LedgerItem], results: Iterable[Mapping[str, Any]], at: dt.datetime,
                     by: str = "系统") -> list[LedgerItem]:
    """Record new results on every linked item whose passing state or figures changed; others unchanged."""
    latest: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    for index, row in enumerate(results, 1):
        _require(row, RESULT_KEYS, "评估结果", index)
        latest[(str(row["school_id"]), str(row["stage"]), str(row["indicator"]))] = row
    out = []
    for item in items:
        row = latest.get(item.indicator.key) if item.indicator is not None else None
        if row is None:
            out.append(item)
            continue
        link = replace(item.indicator, passing=bool(row["passed"]), checked_at=at,
                       value=_number(row.get("value")), threshold=_number(row.get("threshold")))
        same = (item.indicator.passing, item.indicator.value, item.indicator.threshold) == \
            (link.passing, link.value, link.threshold)
        out.append(item if same else record_indicator_check(item, link, at, by))
    return out


def _number(value: Any) -> float | None:
    return None if value is None else float(value)
