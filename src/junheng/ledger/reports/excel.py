"""Import an inspection's problem list (检查问题清单) from Excel, and write the blank template.

The header may sit below title rows (first 12 rows are scanned for 问题描述 and 责任单位); the sheet is the one
named, or the first whose header is found. Columns (aliases accepted, see ``SPEC``): 编号, 检查名称, 检查日期,
检查人, 问题类别, 问题描述, 严重程度, 责任单位, 单位类型, 单位编码, 责任人, 整改期限, 佐证材料要求. The three
source columns may be left out when the source is given to ``read_inspection_excel``. Everything is
validated first; any problem raises ``ImportFailed`` with all problems (file, sheet, row, column, reason) and
no item is returned.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from junheng.io.problems import ImportFailed, Problem
from junheng.io.spec import Column, SheetSpec
from junheng.ledger.core.model import Category, LedgerItem, ResponsibleUnit, Severity, Source, UnitKind
from junheng.ledger.core.workflow import TransitionError, create_item

HEADER_SCAN_ROWS = 12
SPEC = SheetSpec(
    name="问题清单", table="ledger_item", key=("item_id",),
    description="一次检查发现的问题，一行一项",
    columns=(
        Column("item_id", "编号", required=False, aliases=("序号", "问题编号"), help="留空则自动编号"),
        Column("inspection", "检查名称", aliases=("检查项目", "来源"), help="如：2026年秋季开学安全检查"),
        Column("date", "检查日期", kind="date", aliases=("检查时间",)),
        Column("by", "检查人", aliases=("检查组", "检查人员")),
        Column("category", "问题类别", kind="code", choices=tuple(c.value for c in Category), aliases=("类别", "问题类型")),
        Column("description", "问题描述", aliases=("存在问题", "隐患描述", "问题"), width=40),
        Column("severity", "严重程度", kind="code", choices=tuple(s.value for s in Severity), aliases=("问题等级", "等级")),
        Column("unit", "责任单位", aliases=("整改单位", "责任学校")),
        Column("unit_kind", "单位类型", kind="code", required=False, choices=tuple(k.value for k in UnitKind),
               help="留空为学校"),
        Column("unit_id", "单位编码", required=False, aliases=("学校标识码",), help="学校填 10 位学校标识码"),
        Column("person", "责任人", aliases=("整改责任人",)),
        Column("deadline", "整改期限", kind="date", aliases=("整改时限", "完成时限", "截止日期")),
        Column("evidence_required", "佐证材料要求", required=False, aliases=("整改要求", "佐证材料"), width=30),
    ),
)
SOURCE_KEYS = ("inspection", "date", "by")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> dt.date | None:
    """A cell as a date: Excel date cells, ISO/slashed/dotted/Chinese text, or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = re.sub(r"\s+", "", _text(value))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _find_header(data: list[list]) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(data[:HEADER_SCAN_ROWS]):
        cells = [_text(v) for v in row]
        pos = {}
        for col in SPEC.columns:
            hits = [i for i, c in enumerate(cells) if c in col.headers()]
            if hits:
                pos[col.key] = hits[0]
        if "description" in pos and "unit" in pos:
            return r, pos
    return None


def read_inspection_excel(path: str | Path, *, at: dt.datetime, by: str, source: Source | None = None,
                          sheet: str | None = None, units: Mapping[str, ResponsibleUnit] | None = None,
                          id_prefix: str = "ZG", file_label: str | None = None) -> list[LedgerItem]:
    """Read and validate a problem list; return new items (待整改) or raise ``ImportFailed``.

    ``units`` (name → unit), when given, is the list of known schools and sections: a 责任单位 not in it is an
    error, and a known one takes its id and kind from there.
    """
    from junheng.io.workbook import open_workbook

    label = file_label or Path(path).name
    wb = open_workbook(path, label)
    names = [sheet] if sheet else list(wb.sheet_names)
    if sheet and sheet not in wb.sheet_names:
        raise ImportFailed([Problem(label, sheet, None, "", f"缺少工作表「{sheet}」")])
    for name in names:
        data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        found = _find_header(data)
        if found:
            return _read(data, *found, label, name, at, by, source, units, id_prefix)
    where = sheet or "、".join(wb.sheet_names)
    raise ImportFailed([Problem(label, where, None, "", f"前 {HEADER_SCAN_ROWS} 行中找不到表头（须含「问题描述」和「责任单位」列）")])


def _read(data, head, pos, label, sheet, at, by, source, units, id_prefix) -> list[LedgerItem]:
    problems: list[Problem] = []
    needed = [c for c in SPEC.columns if c.required and not (source is not None and c.key in SOURCE_KEYS)]
    for col in needed:
        if col.key not in pos:
            problems.append(Problem(label, sheet, head + 1, col.header, f"缺少必需的列「{col.header}」"))
    if problems:
        raise ImportFailed(problems)
    items: list[LedgerItem] = []
    seen: dict[str, int] = {}
    for r, values in enumerate(data[head + 1:], start=head + 2):
        raw = {key: (values[i] if i < len(values) else None) for key, i in pos.items()}
        text = {key: _text(v) for key, v in raw.items()}
        if not any(text.values()):
            continue
        before = len(problems)

        def problem(key: str, reason: str, r: int = r) -> None:
            problems.append(Problem(label, sheet, r, SPEC.column(key).header, reason))

        for col in needed:
            if col.kind != "code" and not text.get(col.key):
                problem(col.key, "必填项为空")
        for key in ("category", "severity", "unit_kind"):
            col = SPEC.column(key)
            value = text.get(key, "")
            if value and value not in col.choices:
                problem(key, f"「{value}」不是有效选项，应为：{'、'.join(col.choices)}")
            elif not value and col.required:
                problem(key, f"必填项为空，应为：{'、'.join(col.choices)}")
        dates = {}
        for key in ("date", "deadline"):
            if text.get(key):
                dates[key] = parse_date(raw[key])
                if dates[key] is None:
                    problem(key, f"「{text[key]}」不是有效日期（应为 YYYY-MM-DD）")
        item_id = text.get("item_id") or f"{id_prefix}{r:04d}"
        if item_id in seen:
            problem("item_id", f"编号「{item_id}」与第 {seen[item_id]} 行重复")
        seen.setdefault(item_id, r)
        unit = None
        if text.get("unit"):
            if units is not None:
                unit = units.get(text["unit"])
                if unit is None:
                    problem("unit", f"责任单位「{text['unit']}」不在学校/股室名单中")
            elif (text.get("unit_kind") or UnitKind.SCHOOL.value) in SPEC.column("unit_kind").choices:
                unit = ResponsibleUnit(text.get("unit_id") or text["unit"], text["unit"],
                                       UnitKind(text.get("unit_kind") or UnitKind.SCHOOL.value), "")
        if len(problems) > before:
            continue
        parts = {"inspection": text.get("inspection") or (source.inspection if source else ""),
                 "date": dates.get("date") or (source.date if source else None),
                 "by": text.get("by") or (source.by if source else "")}
        empty = [k for k, v in parts.items() if not v]
        for key in empty:
            problem(key, "必填项为空")
        if empty:
            continue
        src = Source(parts["inspection"], parts["date"], parts["by"])
        try:
            items.append(create_item(
                item_id, source=src, category=Category(text["category"]),
                unit=ResponsibleUnit(unit.unit_id, unit.name, unit.kind, text["person"], unit.phone),
                description=text["description"], severity=Severity(text["severity"]), deadline=dates["deadline"],
                evidence_required=text.get("evidence_required", ""), at=at, by=by))
        except TransitionError as exc:
            problem("deadline" if "期限" in str(exc) else "description", str(exc))
    if problems:
        raise ImportFailed(problems)
    return items


def write_inspection_template(path: str | Path) -> Path:
    """The blank problem-list template: instructions sheet, drop-down lists for the coded columns."""
    from junheng.io.template import write_template

    notes = ["每行填写一个问题；问题类别、严重程度、单位类型请从下拉列表选择；日期写成 2026-12-31。",
             "若整份清单来自同一次检查，检查名称、检查日期、检查人也可在导入时统一填写。"]
    return write_template(Path(path), [SPEC], "整改问题清单导入模板", notes=notes)
