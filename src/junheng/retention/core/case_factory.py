"""Open dropout cases from the census and from the population reconciliation (cases by hand: ``DropoutCase``).

- Census: each suspected dropout opens a case in 核查中; a dropout the school already recorded (辍学) opens in
  确认辍学. The school is last term's school, the one that must report; the township is the child's household
  township when the roster has it, else the school's.
- Reconciliation: each child of age enrolled nowhere opens a case in 核查中, with the household registry's
  township and village (the government line starts there).
Case ids are ``prefix`` + a five-digit number, in 学籍号 / ID-number order, so a rerun gives the same ids.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from junheng.retention.core.cases import CaseStatus, DropoutCase


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def _school_info(schools: pd.DataFrame | None, townships: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["school_id", "school_name", "township_code", "township_name"]
    if schools is None:
        return pd.DataFrame(columns=cols)
    info = schools.rename(columns={"name": "school_name"})[["school_id", "school_name", "township_code"]]
    if townships is not None:
        names = townships.rename(columns={"name": "township_name"})[["township_code", "township_name"]]
        info = info.merge(names, on="township_code", how="left")
    else:
        info = info.assign(township_name="")
    return info[cols]


def cases_from_census(census, *, opened_on: dt.date, schools: pd.DataFrame | None = None,
                      townships: pd.DataFrame | None = None, prefix: str = "QC", first_number: int = 1
                      ) -> list[DropoutCase]:
    """One case per suspected or recorded dropout of a ``CensusResult``. ``schools``: registry ``school_id, name,
    township_code``; ``townships``: ``township_code, name``."""
    s = census.students
    picked = s[s["outcome"].isin(["suspected_dropout", "dropped_out"])].sort_values("student_id")
    picked = picked.merge(_school_info(schools, townships), left_on="school", right_on="school_id", how="left",
                          suffixes=("", "_school"))
    cases = []
    for n, row in enumerate(picked.to_dict("records")):  # one case per dropout: hundreds, not a roster
        grade = row.get("grade")
        # the child's own (household) township leads the government line; else the school's township
        own = _text(row.get("township_code")) if "township_code_school" in row else ""
        township = own or _text(row.get("township_code_school")) or _text(row.get("township_code"))
        cases.append(DropoutCase(
            case_id=f"{prefix}{first_number + n:05d}", student_id=row["student_id"], name=_text(row["name"]),
            opened_on=opened_on, source="census", id_number=_text(row.get("id_number")),
            birth_date=_text(row.get("birth_date")), gender=_text(row.get("gender")), school_id=row["school"],
            school_name=_text(row.get("school_name")), grade=None if pd.isna(grade) else int(grade),
            class_name=_text(row.get("class_name")), township_code=township,
            township_name=_text(row.get("township_name")), village=_text(row.get("village")),
            status=CaseStatus.CONFIRMED if row["outcome"] == "dropped_out" else CaseStatus.VERIFYING))
    return cases


def cases_from_reconciliation(reconciliation, *, opened_on: dt.date, prefix: str = "RK",
                              first_number: int = 1) -> list[DropoutCase]:
    """One case per child of compulsory age enrolled nowhere (``Reconciliation.unenrolled``)."""
    people = reconciliation.unenrolled.sort_values("id_number")
    cases = []
    for n, row in enumerate(people.to_dict("records")):
        cases.append(DropoutCase(
            case_id=f"{prefix}{first_number + n:05d}", student_id="", name=_text(row["name"]), opened_on=opened_on,
            source="reconciliation", id_number=row["id_number"], birth_date=_text(row.get("birth_date")),
            gender=_text(row.get("gender")), township_name=_text(row.get("township")),
            township_code=_text(row.get("township_code")), village=_text(row.get("village"))))
    return cases
