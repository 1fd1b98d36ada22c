"""Import applicants from an Excel registration list (报名名单), validated before anything is frozen.

Columns (header found in the first 12 rows; aliases in brackets):
  报名编号 [申请编号, 报名号]       required, unique — the only identifier that is published
  姓名                              required (kept private, never in the frozen list)
  身份证件号 [身份证号, 证件号码]    required; no two rows may share one (duplicate registration)
  身份证件类型                       optional, default 居民身份证 (then 18 characters with a valid check digit)
  档次                              optional positive integer; without it the tier comes from the
                                    eligibility columns of ``EligibilityRules.tier_columns``
  兄弟姐妹组 [多胞胎组, 同胞组]       optional; members share tier and choices, at least two per group
  志愿学校                           optional; school ids in order, separated by | or 、
  each column named in ``EligibilityRules``: 是 or 否
Every problem names file, sheet, row and column; on any problem ``ImportFailed`` is raised with all of them.
Applicants failing a ``required_yes`` column are not errors: they are returned in ``excluded`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from junheng.io.problems import ImportFailed, Problem
from junheng.lottery.core.model import Applicant

HEADER_SCAN_ROWS = 12
COLUMNS: dict[str, tuple[str, ...]] = {
    "applicant_id": ("报名编号", "申请编号", "报名号"),
    "name": ("姓名", "学生姓名"),
    "id_number": ("身份证件号", "身份证号", "证件号码", "身份证号码"),
    "id_type": ("身份证件类型", "证件类型"),
    "tier": ("档次", "批次", "优先档次"),
    "sibling_group": ("兄弟姐妹组", "多胞胎组", "同胞组"),
    "choices": ("志愿学校", "志愿"),
}
REQUIRED = ("applicant_id", "name", "id_number")
RESIDENT_ID = "居民身份证"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class EligibilityRules:
    """Eligibility columns: ``required_yes`` must all be 是 to take part; tier k is the first entry of
    ``tier_columns`` whose columns are all 是 (k = its 1-based place); none → tier len(tier_columns) + 1."""

    required_yes: tuple[str, ...] = ()
    tier_columns: tuple[tuple[str, ...], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.required_yes, *(c for cols in self.tier_columns for c in cols))))


@dataclass(frozen=True)
class ApplicantPerson:
    """The private part of a registration (not published): who the applicant is."""

    applicant_id: str
    name: str
    id_number_masked: str
    row: int


@dataclass(frozen=True)
class Excluded:
    applicant_id: str
    name: str
    row: int
    reason: str


@dataclass(frozen=True)
class ApplicantImport:
    applicants: tuple[Applicant, ...]
    people: tuple[ApplicantPerson, ...]
    excluded: tuple[Excluded, ...]


def id_number_problem(value: str) -> str | None:
    """Why an 18-character resident ID number (GB 11643) is invalid, or None."""
    if len(value) != 18:
        hint = "（若显示为科学计数法，请把该列设为文本格式后重新填写）" if "E" in value.upper() else ""
        return f"居民身份证号应为 18 位，实际为 {len(value)} 位{hint}"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "居民身份证号前 17 位应为数字，最后一位为数字或 X"
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"居民身份证号中的出生日期 {value[6:14]} 无效"
    expected = _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS)) % 11]
    if value[17] != expected:
        return "居民身份证号校验位错误（可能有输错的数字）"
    return None


def mask_id(value: str) -> str:
    """Show only the first 4 and last 4 characters: 3301**********1234."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _find_header(data: list[list]) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(data[:HEADER_SCAN_ROWS]):
        cells = [_text(v) for v in row]
        pos = {key: next(i for i, c in enumerate(cells) if c in names)
               for key, names in COLUMNS.items() if any(c in names for c in cells)}
        if "applicant_id" in pos and "id_number" in pos:
            return r, pos | {f"col:{c}": i for i, c in enumerate(cells) if c}
    return None


def read_applicants_excel(path: str | Path, *, sheet: str | None = None,
                          eligibility: EligibilityRules = EligibilityRules(),
                          file_label: str | None = None) -> ApplicantImport:
    """Read and validate a registration list; raise ``ImportFailed`` with every problem found."""
    from junheng.io.workbook import open_workbook

    label = file_label or Path(path).name
    wb = open_workbook(path, label)
    sheet_name = sheet or wb.sheet_names[0]
    if sheet_name not in wb.sheet_names:
        raise ImportFailed([Problem(label, sheet_name, None, "", f"缺少工作表「{sheet_name}」")])
    data = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    found = _find_header(data)
    if found is None:
        raise ImportFailed([Problem(label, sheet_name, None, "",
                                    f"前 {HEADER_SCAN_ROWS} 行中找不到表头（须含「报名编号」和「身份证件号」列）")])
    head, pos = found
    problems: list[Problem] = []
    for key in REQUIRED:
        if key not in pos:
            problems.append(Problem(label, sheet_name, head + 1, COLUMNS[key][0], f"缺少必需的列「{COLUMNS[key][0]}」"))
    for col in eligibility.columns:
        if f"col:{col}" not in pos:
            problems.append(Problem(label, sheet_name, head + 1, col, f"缺少资格条件列「{col}」"))
    if problems:
        raise ImportFailed(problems)
    return _read_rows(data, head, pos, eligibility, label, sheet_name)


def _read_rows(data, head, pos, eligibility, label, sheet_name) -> ApplicantImport:
    problems: list[Problem] = []
    applicants: list[Applicant] = []
    people: list[ApplicantPerson] = []
    excluded: list[Excluded] = []
    seen_id: dict[str, int] = {}
    seen_number: dict[str, int] = {}
    group_rows: dict[str, list[tuple[int, Applicant]]] = {}

    for r, values in enumerate(data[head + 1:], start=head + 2):
        def cell(key: str, values: list = values) -> str:
            i = pos.get(key)
            return _text(values[i]) if i is not None and i < len(values) else ""

        if not any(_text(v) for v in values):
            continue
        bad = len(problems)

        def problem(column: str, reason: str, r: int = r) -> None:
            problems.append(Problem(label, sheet_name, r, column, reason))

        aid, name, number = cell("applicant_id"), cell("name"), cell("id_number").upper()
        id_type = cell("id_type") or RESIDENT_ID
        for key, value in (("applicant_id", aid), ("name", name), ("id_number", number)):
            if not value:
                problem(COLUMNS[key][0], "必填项为空")
        if aid in seen_id:
            problem("报名编号", f"报名编号「{aid}」与第 {seen_id[aid]} 行重复")
        elif aid:
            seen_id[aid] = r
        if number:
            reason = id_number_problem(number) if id_type == RESIDENT_ID else None
            if reason:
                problem("身份证件号", reason)
            elif number in seen_number:
                problem("身份证件号", f"与第 {seen_number[number]} 行的身份证件号相同（同一人重复报名）")
            else:
                seen_number[number] = r
        flags: dict[str, bool] = {}
        for col in eligibility.columns:
            v = cell(f"col:{col}")
            if v not in ("是", "否"):
                problem(col, f"应填「是」或「否」，实际为「{v}」")
            flags[col] = v == "是"
        tier_text = cell("tier")
        tier = 1
        if tier_text:
            if not re.fullmatch(r"[0-9]+", tier_text) or int(tier_text) < 1:
                problem("档次", f"档次「{tier_text}」应为正整数（1 为第一档）")
            else:
                tier = int(tier_text)
        elif eligibility.tier_columns and len(flags) == len(eligibility.columns):
            tier = next((k for k, cols in enumerate(eligibility.tier_columns, 1) if all(flags[c] for c in cols)),
                        len(eligibility.tier_columns) + 1)
        choices = tuple(c.strip() for c in re.split(r"[|、]", cell("choices")) if c.strip())
        if len(problems) > bad:
            continue
        failed = [c for c in eligibility.required_yes if not flags[c]]
        if failed:
            excluded.append(Excluded(aid, name, r, "、".join(f"「{c}」为否" for c in failed)))
            continue
        applicant = Applicant(aid, tier, cell("sibling_group"), choices)
        applicants.append(applicant)
        people.append(ApplicantPerson(aid, name, mask_id(number), r))
        if applicant.sibling_group:
            group_rows.setdefault(applicant.sibling_group, []).append((r, applicant))

    for group, members in group_rows.items():
        if len(members) < 2:
            problems.append(Problem(label, sheet_name, members[0][0], "兄弟姐妹组",
                                    f"兄弟姐妹组「{group}」只有一人，请核对或清空"))
        elif len({(a.tier, a.choices) for _, a in members}) > 1:
            rows = "、".join(str(row) for row, _ in members)
            problems.append(Problem(label, sheet_name, members[0][0], "兄弟姐妹组",
                                    f"兄弟姐妹组「{group}」（第 {rows} 行）的档次或志愿不一致，同组须一致"))
    if problems:
        raise ImportFailed(problems)
    return ApplicantImport(tuple(applicants), tuple(people), tuple(excluded))
