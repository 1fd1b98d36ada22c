"""优质均衡 / 基本均衡 data: school-year figures per school section, and per county and year the county inputs
(survey, rates, 巩固率 when typed), the inspector's judgements of qualitative items and their evidence files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class BalanceSchoolYear(Base):
    """One row of school_year_data (DATA.md): a school section (小学|初中|高中|全校) in a school year.

    Blank teacher columns are derived from the registry's teachers when assessed, never stored."""

    __tablename__ = "balance_school_year"
    __table_args__ = (UniqueConstraint("school_id", "year", "section", name="uq_balance_school_year_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.school_id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    section: Mapped[str] = mapped_column(String(4))
    students: Mapped[int | None] = mapped_column(Integer, nullable=True)
    classes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    full_time_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    teachers_above_required: Mapped[int | None] = mapped_column(Integer, nullable=True)
    backbone_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pe_arts_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mid_title_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    certified_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    training_completed_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exchange_eligible_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exchanged_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exchanged_backbone_teachers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    teaching_room_area: Mapped[float | None] = mapped_column(Float, nullable=True)
    gym_area: Mapped[float | None] = mapped_column(Float, nullable=True)
    sports_ground_area: Mapped[float | None] = mapped_column(Float, nullable=True)
    equipment_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    multimedia_rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    computers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    books: Mapped[int | None] = mapped_column(Integer, nullable=True)
    music_rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    music_room_area_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    art_rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    art_room_area_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    public_funds: Mapped[float | None] = mapped_column(Float, nullable=True)
    training_funds: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_class_size: Mapped[int | None] = mapped_column(Integer, nullable=True)


class BalanceCountyInput(Base):
    """A county figure for a year (a field of ``junheng.balance.CountyInputs``: survey satisfaction, rates …)."""

    __tablename__ = "balance_county_input"
    __table_args__ = (UniqueConstraint("county_code", "year", "key", name="uq_balance_county_input_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.county_code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(48))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BalanceJudgement(Base):
    """The inspector's judgement of a qualitative item of a standard, for a county and year."""

    __tablename__ = "balance_judgement"
    __table_args__ = (UniqueConstraint("county_code", "year", "standard", "item_key",
                                       name="uq_balance_judgement_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.county_code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    standard: Mapped[str] = mapped_column(String(32))
    item_key: Mapped[str] = mapped_column(String(16))
    judgement: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BalanceEvidence(Base):
    """An evidence file for a qualitative item (stored under the data directory, served only to bureau roles)."""

    __tablename__ = "balance_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.county_code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    standard: Mapped[str] = mapped_column(String(32))
    item_key: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
