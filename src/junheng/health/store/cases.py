"""Writing a psychological follow-up case back after a move of the pure case (``core.psych``)."""

from __future__ import annotations

from junheng.health.core.psych import PsychCase
from junheng.health.store.models import PsychCaseRow


def save_case(row: PsychCaseRow, case: PsychCase) -> None:
    row.status = case.status
    if case.responsible:
        row.responsible_name, row.responsible_unit, row.responsible_phone = (
            case.responsible.name, case.responsible.unit, case.responsible.phone)
    row.contacts = [{"on": c.on.isoformat(), "kind": c.kind, "note": c.note, "by": c.by} for c in case.contacts]
    row.referred_on = case.referred_on.isoformat() if case.referred_on else None
    row.closed_on = case.closed_on.isoformat() if case.closed_on else None
    row.note = case.note
