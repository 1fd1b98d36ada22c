"""Validate and normalise a roster (花名册) that already carries the canonical column keys (DATA.md ``rosters``).

Pure and vectorised: every check is a column mask; a ``Problem`` is built only for failing rows (at most
``MAX_PER_CHECK`` per check, then one summary line). Blocking problems stop an import; warnings do not.
Identifiers stay text. ``status`` is mapped to the small set and the original label kept in ``status_label``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from junheng.io.problems import Problem
from junheng.retention.core.idnumber import (
    birth_dates_from_id,
    format_dates,
    normalize_id_numbers,
    parse_birth_dates,
    valid_id_numbers,
)
from junheng.retention.core.vocab import map_status, parse_grade

ROSTER_COLUMNS = ("student_id", "name", "id_number", "birth_date", "school", "grade", "status")
"""The census contract's columns (issue 4): what ``junheng retention census`` reads from CSV."""
REQUIRED = ("student_id", "name", "school")
HEADERS = {"student_id": "学籍号", "name": "姓名", "id_number": "身份证件号", "birth_date": "出生日期",
           "school": "学校标识码", "grade": "年级", "status": "学籍状态", "gender": "性别"}
MAX_PER_CHECK = 50
ALLOWED_STATUS_TEXT = "空白（在读）、在读、休学、转出、毕业、死亡、辍学、其他，或学籍系统的复学、转入、转学、流失、结业、肄业、下落不明等"


@dataclass
class RosterCheck:
    """A normalised roster with the problems (blocking) and warnings found while normalising it."""

    roster: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("").str.strip()


class _Reporter:
    def __init__(self, frame: pd.DataFrame, source: str, sheet: str, row_numbers, headers: Mapping[str, str]):
        self.source, self.sheet, self.headers = source, sheet, {**HEADERS, **headers}
        self.rows = (pd.Series(row_numbers, index=frame.index) if row_numbers is not None
                     else pd.Series(range(2, len(frame) + 2), index=frame.index))

    def add(self, out: list[Problem], mask: pd.Series, key: str, reason, values: pd.Series | None = None) -> None:
        """One problem per failing row; ``reason`` is a text or a function of the cell value."""
        failing = mask[mask].index
        for idx in failing[:MAX_PER_CHECK]:
            text = reason(values.loc[idx]) if callable(reason) else reason
            out.append(Problem(self.source, self.sheet, int(self.rows.loc[idx]), self.headers.get(key, key), text))
        if len(failing) > MAX_PER_CHECK:
            out.append(Problem(self.source, self.sheet, None, self.headers.get(key, key),
                               f"另有 {len(failing) - MAX_PER_CHECK} 行存在同样的问题，未逐行列出"))


def normalize_roster(frame: pd.DataFrame, *, source: str = "", sheet: str = "", row_numbers=None,
                     headers: Mapping[str, str] | None = None, school: str | None = None) -> RosterCheck:
    """Check and normalise a roster frame with canonical keys.

    ``row_numbers`` are the file's row numbers of the frame's rows (for messages; default: header on row 1),
    ``headers`` the file's header text per key, ``school`` a school id to use when the file has no school column
    (one school's own upload). Blank status means 在读; blank birth dates are taken from valid ID numbers.
    """
    rep = _Reporter(frame, source, sheet, row_numbers, headers or {})
    problems: list[Problem] = []
    warnings: list[Problem] = []
    out = frame.copy()
    if "school" not in out.columns and school is not None:
        out["school"] = school
    missing = [k for k in REQUIRED if k not in out.columns]
    for key in missing:
        problems.append(Problem(source, sheet, None, rep.headers.get(key, key), "缺少必需的列"))
    if missing:
        return RosterCheck(out, problems, warnings)
    for key in ("id_number", "birth_date", "grade", "status"):
        if key not in out.columns:
            out[key] = ""
    for key in ("student_id", "name", "school"):
        out[key] = _text(out[key])
        rep.add(problems, out[key] == "", key, "必填项为空")

    out["id_number"] = normalize_id_numbers(out["id_number"])
    has_id = out["id_number"] != ""
    from_id = birth_dates_from_id(out["id_number"])
    rep.add(warnings, has_id & ~valid_id_numbers(out["id_number"], from_id), "id_number",
            lambda v: f"身份证件号「{v}」不是有效的18位居民身份证号（长度、出生日期或校验位不符），仍按原文匹配",
            out["id_number"])

    raw_birth = out["birth_date"]
    birth = parse_birth_dates(raw_birth)
    blank_birth = _text(raw_birth) == "" if not pd.api.types.is_datetime64_any_dtype(raw_birth) else raw_birth.isna()
    rep.add(problems, birth.isna() & ~blank_birth, "birth_date",
            lambda v: f"「{v}」不是有效日期（应为 YYYYMMDD 或 YYYY-MM-DD）", raw_birth)
    rep.add(warnings, birth.notna() & from_id.notna() & (birth != from_id), "birth_date",
            "出生日期与身份证件号中的出生日期不一致")
    birth = birth.fillna(from_id.where(blank_birth))
    out["birth_date"] = format_dates(birth)

    grade_text = _text(out["grade"])
    grades, bad_grade = parse_grade(out["grade"])
    rep.add(problems, bad_grade & (grade_text != ""), "grade",
            lambda v: f"年级「{v}」无法识别（应为 1–12 或 一年级…九年级、初一…高三）", grade_text)
    out["grade"] = grades

    out["status_label"] = _text(out["status"])
    mapped, unknown = map_status(out["status"])
    rep.add(problems, unknown, "status", lambda v: f"学籍状态「{v}」无法识别，可用：{ALLOWED_STATUS_TEXT}",
            out["status_label"])
    out["status"] = mapped
    ordered = [*ROSTER_COLUMNS, "status_label"]
    return RosterCheck(out[ordered + [c for c in out.columns if c not in ordered]], problems, warnings)


POPULATION_HEADERS = {"name": "姓名", "id_number": "公民身份号码", "birth_date": "出生日期", "township": "乡镇",
                      "village": "村（社区）"}


def normalize_population(frame: pd.DataFrame, *, source: str = "", sheet: str = "", row_numbers=None,
                         headers: Mapping[str, str] | None = None) -> RosterCheck:
    """Check the household registry's school-age list: ``name`` and ``id_number`` required and the ID number
    unique (it keys decisions on fuzzy matches); a blank birth date is taken from the ID number."""
    rep = _Reporter(frame, source, sheet, row_numbers, {**POPULATION_HEADERS, **(headers or {})})
    problems: list[Problem] = []
    warnings: list[Problem] = []
    out = frame.copy()
    missing = [k for k in ("name", "id_number") if k not in out.columns]
    for key in missing:
        problems.append(Problem(source, sheet, None, rep.headers.get(key, key), "缺少必需的列"))
    if missing:
        return RosterCheck(out, problems, warnings)
    for key in ("birth_date", "township", "village"):
        if key not in out.columns:
            out[key] = ""
    out["name"] = _text(out["name"])
    out["id_number"] = normalize_id_numbers(out["id_number"])
    for key in ("name", "id_number"):
        rep.add(problems, out[key] == "", key, "必填项为空")
    dup = out["id_number"].duplicated(keep="first") & (out["id_number"] != "")
    rep.add(problems, dup, "id_number", lambda v: f"公民身份号码「{v}」重复出现", out["id_number"])
    rep.add(warnings, (out["id_number"] != "") & ~valid_id_numbers(out["id_number"]), "id_number",
            lambda v: f"公民身份号码「{v}」校验不通过，仍按原文比对", out["id_number"])
    birth = parse_birth_dates(out["birth_date"])
    blank = _text(out["birth_date"]) == ""
    rep.add(problems, birth.isna() & ~blank, "birth_date", lambda v: f"「{v}」不是有效日期", out["birth_date"])
    birth = birth.fillna(birth_dates_from_id(out["id_number"]).where(blank))
    out["birth_date"] = format_dates(birth)
    return RosterCheck(out, problems, warnings)
