"""Validation of section tables and school_year_data before any statistic (DESIGN §6 data-quality gate).

Every problem names the file, sheet, row, column and the reason in Chinese. Row numbers are those a user sees
in the file (header on row ``header_row``, data from the next row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.balance.core.columns import CONTRACT_RENAMES, NUMERIC_KEYS, SECTION_VALUES, TEACHER_KEYS, label
from junheng.standards import Standard, load_standard


@dataclass(frozen=True)
class DataIssue:
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    reason: str

    def text(self) -> str:
        parts = [f"文件 {self.file}" if self.file else "", f"工作表 {self.sheet}" if self.sheet else "",
                 f"第 {self.row} 行" if self.row is not None else "",
                 f"列 {self.column}（{label(self.column)}）" if self.column else ""]
        return "，".join(p for p in parts if p) + f"：{self.reason}"


MAX_VALUE = 1e12  # above any count, area or sum of money of a school


def _numeric_issues(df: pd.DataFrame, cols: list[str], *, required: set[str], positive: set[str], file: str,
                    sheet: str | None, header_row: int) -> tuple[pd.DataFrame, list[DataIssue]]:
    issues: list[DataIssue] = []
    out = df.copy()
    rows = np.arange(len(df)) + header_row + 1
    for c in cols:
        raw = df[c]
        text = raw.astype("string").str.strip()
        blank = raw.isna() | (text == "")
        val = pd.to_numeric(text.str.replace(",", "", regex=False).where(~blank), errors="coerce")
        bad = ~blank & val.isna()
        issues += [DataIssue(file, sheet, int(r), c, f"“{v}” 不是数字") for r, v in zip(rows[bad], raw[bad],
                                                                                        strict=True)]
        # "inf", "1e400" or a 20-digit number parse as numbers no school has (and no integer column can hold)
        huge = (val.abs() >= MAX_VALUE).fillna(False).to_numpy(dtype=bool)
        issues += [DataIssue(file, sheet, int(r), c, f"“{v}” 数值过大") for r, v in zip(rows[huge], raw[huge],
                                                                                      strict=True)]
        val = val.where(~huge)
        if c in required:
            issues += [DataIssue(file, sheet, int(r), c, "不能为空") for r in rows[blank]]
        neg = (val < 0).fillna(False).to_numpy(dtype=bool)
        issues += [DataIssue(file, sheet, int(r), c, f"不能为负数（{v}）") for r, v in zip(rows[neg], val[neg],
                                                                                        strict=True)]
        if c in positive:
            zero = (val == 0).fillna(False).to_numpy(dtype=bool)
            issues += [DataIssue(file, sheet, int(r), c, "必须大于 0") for r in rows[zero]]
        out[c] = val.astype(float)
    return out, issues


def _duplicates(df: pd.DataFrame, keys: list[str], file: str, sheet: str | None,
                header_row: int) -> list[DataIssue]:
    dup = df.duplicated(keys, keep=False).to_numpy()
    rows = np.arange(len(df)) + header_row + 1
    return [DataIssue(file, sheet, int(r), keys[-1], f"学校 {s} 的 {t} 重复")
            for r, s, t in zip(rows[dup], df.loc[dup, keys[0]], df.loc[dup, keys[-1]], strict=True)]


def validate_sections(frame: pd.DataFrame, standard: str | Standard = "quality_2017", *, file: str = "",
                      sheet: str | None = None, header_row: int = 1) -> tuple[pd.DataFrame, list[DataIssue]]:
    """The CLI contract table (already per section): required columns, numbers, students > 0, no duplicates.

    Returns the cleaned frame (canonical column names, floats) and the issues (empty when valid).
    """
    st = load_standard(standard)
    df = frame.rename(columns=lambda c: str(c).strip())
    df = df.rename(columns={k: v for k, v in CONTRACT_RENAMES.items() if k in df and v not in df})
    need = ["school_id", "stage", "students", *dict.fromkeys(i.numerator for i in st.indicators)]
    back = {v: k for k, v in CONTRACT_RENAMES.items()}
    missing = [c for c in need if c not in df.columns]
    if missing:
        return df, [DataIssue(file, sheet, header_row, back.get(c, c), "缺少此列") for c in missing]
    if df.empty:
        return df, [DataIssue(file, sheet, None, None, "没有数据行")]
    issues: list[DataIssue] = []
    rows = np.arange(len(df)) + header_row + 1
    df["school_id"] = df["school_id"].astype("string").str.strip()
    for r in rows[(df["school_id"].isna() | (df["school_id"] == "")).to_numpy()]:
        issues.append(DataIssue(file, sheet, int(r), "school_id", "不能为空"))
    df["stage"] = df["stage"].astype("string").str.strip()
    bad_stage = ~df["stage"].isin(list(st.stages)).fillna(False).to_numpy(dtype=bool)
    issues += [DataIssue(file, sheet, int(r), "stage", f"学段“{v}”无效，应为 {'或'.join(st.stages)}")
               for r, v in zip(rows[bad_stage], df["stage"][bad_stage], strict=True)]
    nums = [c for c in need if c not in ("school_id", "stage")]
    df, more = _numeric_issues(df, nums, required=set(nums), positive={"students"}, file=file, sheet=sheet,
                               header_row=header_row)
    issues += more + _duplicates(df, ["school_id", "stage"], file, sheet, header_row)
    if "school_name" not in df:
        df["school_name"] = df["school_id"]
    df["school_id"] = df["school_id"].astype(str)
    df["stage"] = df["stage"].astype(str)
    df["school_name"] = df["school_name"].astype("string").fillna(df["school_id"]).astype(str)
    return df, sorted(issues, key=lambda i: (i.row or 0, i.column or ""))


def validate_school_year_data(frame: pd.DataFrame, *, file: str = "", sheet: str | None = None,
                              header_row: int = 1) -> tuple[pd.DataFrame, list[DataIssue]]:
    """Canonical school_year_data rows: school_id, section (小学|初中|高中|全校), numbers; teacher columns may be
    blank (derived from the registry), students required on section rows."""
    df = frame.rename(columns=lambda c: str(c).strip())
    if "stage" in df and "section" not in df:
        df = df.rename(columns={"stage": "section"})
    missing = [c for c in ("school_id", "section", "students") if c not in df]
    if missing:
        return df, [DataIssue(file, sheet, header_row, c, "缺少此列") for c in missing]
    issues: list[DataIssue] = []
    rows = np.arange(len(df)) + header_row + 1
    df["school_id"] = df["school_id"].astype("string").str.strip()
    for r in rows[(df["school_id"].isna() | (df["school_id"] == "")).to_numpy()]:
        issues.append(DataIssue(file, sheet, int(r), "school_id", "不能为空"))
    df["section"] = df["section"].astype("string").str.strip()
    bad = ~df["section"].isin(list(SECTION_VALUES)).fillna(False).to_numpy(dtype=bool)
    issues += [DataIssue(file, sheet, int(r), "section", f"学部“{v}”无效，应为 {'、'.join(SECTION_VALUES)}")
               for r, v in zip(rows[bad], df["section"][bad], strict=True)]
    cols = [c for c in NUMERIC_KEYS if c in df]
    raw_blank = (df["students"].isna() | (df["students"].astype("string").str.strip() == "")).to_numpy(dtype=bool)
    df, more = _numeric_issues(df, cols, required=set(), positive=set(), file=file, sheet=sheet,
                               header_row=header_row)
    issues += more
    stage_rows = (df["section"] != "全校").fillna(False).to_numpy(dtype=bool)
    no_students = stage_rows & raw_blank
    issues += [DataIssue(file, sheet, int(r), "students", "学部行须填写在校学生数") for r in rows[no_students]]
    issues += _duplicates(df, ["school_id", "section"], file, sheet, header_row)
    if "year" in df:
        year = pd.to_numeric(df["year"], errors="coerce")
        odd = (year.notna() & ((year.abs() >= 10_000) | (year != year.round()))).to_numpy(dtype=bool)
        issues += [DataIssue(file, sheet, int(r), "year", f"学年“{v}”无效") for r, v in zip(rows[odd], df["year"][odd],
                                                                                         strict=True)]
        df["year"] = year.where(~odd).astype("Int64")
    df["school_id"] = df["school_id"].astype(str)
    df["section"] = df["section"].astype(str)
    for c in TEACHER_KEYS:
        if c in df:
            df[c] = df[c].astype(float)
    return df, sorted(issues, key=lambda i: (i.row or 0, i.column or ""))
