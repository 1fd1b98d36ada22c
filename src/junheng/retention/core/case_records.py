"""Dropout cases as plain JSON-ready records and back (for storage and exports); a round trip is exact."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields

from junheng.retention.core.cases import CaseStatus, Contact, DropoutCase, Guardian, Responsible, StatusChange

_PEOPLE = ("township_official", "village_official", "school_contact", "class_teacher")
_DATES = ("opened_on", "status_since", "assigned_on", "reported_on", "notice_issued_on")


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def case_to_record(case: DropoutCase) -> dict:
    """Dates as ISO text, statuses as their Chinese labels, people and contacts as dicts."""
    record = asdict(case)
    for key in _DATES:
        record[key] = _iso(record[key])
    record["status"] = case.status.value
    record["guardians"] = list(record["guardians"])
    record["contacts"] = [{**c, "on": _iso(c["on"])} for c in record["contacts"]]
    record["history"] = [{**h, "on": _iso(h["on"]), "from_status": h["from_status"].value,
                          "to_status": h["to_status"].value} for h in record["history"]]
    return record


def _day(value):
    return dt.date.fromisoformat(value) if value else None


def case_from_record(record: dict) -> DropoutCase:
    """The inverse of ``case_to_record``."""
    data = {f.name: record.get(f.name) for f in fields(DropoutCase) if f.name in record}
    for key in _DATES:
        data[key] = _day(data.get(key))
    data["status"] = CaseStatus(data.get("status", CaseStatus.VERIFYING))
    for key in _PEOPLE:
        data[key] = Responsible(**data[key]) if data.get(key) else None
    data["guardians"] = tuple(Guardian(**g) for g in data.get("guardians") or ())
    data["contacts"] = tuple(Contact(**{**c, "on": _day(c["on"])}) for c in data.get("contacts") or ())
    data["history"] = tuple(StatusChange(**{**h, "on": _day(h["on"]), "from_status": CaseStatus(h["from_status"]),
                                            "to_status": CaseStatus(h["to_status"])})
                            for h in data.get("history") or ())
    return DropoutCase(**data)
