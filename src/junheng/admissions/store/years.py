"""The admission year and its settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.admissions.core import AdmissionSettings
from junheng.admissions.store.models import AdmissionsPlaces, AdmissionsYear
from junheng.store.models.accounts import AuditEntry


def current_year(session: Session) -> int:
    """The latest year with settings or places; otherwise this calendar year."""
    found = [session.scalar(select(func.max(AdmissionsYear.year))), session.scalar(select(func.max(AdmissionsPlaces.year)))]
    years = [y for y in found if y is not None]
    return max(years) if years else dt.date.today().year


def settings_for(session: Session, year: int) -> AdmissionSettings:
    row = session.get(AdmissionsYear, year)
    return AdmissionSettings(**{**(row.settings if row else {}), "year": year})


def save_settings(session: Session, settings: AdmissionSettings, username: str) -> None:
    row = session.get(AdmissionsYear, settings.year)
    data = settings.model_dump()
    if row is None:
        session.add(AdmissionsYear(year=settings.year, settings=data, updated_by=username))
    else:
        row.settings, row.updated_by = data, username
    session.add(AuditEntry(username=username, action="admissions:settings", target=str(settings.year), detail=data))
