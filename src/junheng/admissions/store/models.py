"""招生入学 tables (all per admission year ``year``):

- ``admissions_zone_unit``: one address unit of a zone (片区), as imported; ``unit_key`` names the unit;
- ``admissions_feeder``: a primary school's 对口 junior school (小升初);
- ``admissions_places``: a school section's planned classes, class-size limit and 调剂学校;
- ``admissions_application``: one child's application: facts, the ID number protected (encrypted, keyed hash,
  masked), the rules' review, the reviewer's decision, an appeal, and the allocation's result;
- ``admissions_decision``: every decision and appeal on an application, in order (also in the audit log);
- ``admissions_round``: an allocation of a year and section: its plan, the lottery it handed off, its state;
- ``admissions_junior``: the 小升初 assignment of one grade-6 student.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class AdmissionsZoneUnit(Base):
    __tablename__ = "admissions_zone_unit"
    __table_args__ = (UniqueConstraint("year", "zone_id", "section", "unit_key", name="uq_admissions_zone_unit"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    zone_id: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(8))
    unit_key: Mapped[str] = mapped_column(String(160))
    mode: Mapped[str] = mapped_column(String(8))
    schools: Mapped[str] = mapped_column(String(255))          # 学校标识码 joined by |, in order
    kind: Mapped[str] = mapped_column(String(8))
    place: Mapped[str] = mapped_column(String(128))
    first: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last: Mapped[int | None] = mapped_column(Integer, nullable=True)
    parity: Mapped[str] = mapped_column(String(4), default="全部")


class AdmissionsFeeder(Base):
    __tablename__ = "admissions_feeder"
    __table_args__ = (UniqueConstraint("year", "primary_school", name="uq_admissions_feeder"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    primary_school: Mapped[str] = mapped_column(String(16))
    junior_school: Mapped[str] = mapped_column(String(16))


class AdmissionsPlaces(Base):
    __tablename__ = "admissions_places"
    __table_args__ = (UniqueConstraint("year", "section", "school_id", name="uq_admissions_places"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    section: Mapped[str] = mapped_column(String(8))
    school_id: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    ownership: Mapped[str] = mapped_column(String(8))
    classes: Mapped[int] = mapped_column(Integer)
    class_limit: Mapped[int] = mapped_column(Integer)
    fallbacks: Mapped[str] = mapped_column(String(255), default="")


class AdmissionsApplication(Base):
    __tablename__ = "admissions_application"
    __table_args__ = (UniqueConstraint("year", "section", "id_number_hash", name="uq_admissions_child"),
                      UniqueConstraint("application_no", name="uq_admissions_application_no"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    application_no: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(8))             # 网上报名 / 批量导入
    section: Mapped[str] = mapped_column(String(8))
    child_name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2), default="")
    birth_date: Mapped[str] = mapped_column(String(10))      # ISO; strings keep batches JSON-clean
    id_number_enc: Mapped[str] = mapped_column(Text)
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    id_number_masked: Mapped[str] = mapped_column(String(24))
    hukou_kind: Mapped[str] = mapped_column(String(4))
    hukou: Mapped[str] = mapped_column(String(128), default="")
    property: Mapped[str] = mapped_column(String(128), default="")
    owner: Mapped[str] = mapped_column(String(8), default="无")
    permit: Mapped[str] = mapped_column(String(128), default="")
    permit_months: Mapped[int] = mapped_column(Integer, default=0)
    insurance_months: Mapped[int] = mapped_column(Integer, default=0)
    home: Mapped[str] = mapped_column(String(128), default="")
    sibling_group: Mapped[str] = mapped_column(String(32), default="")
    chosen: Mapped[str] = mapped_column(String(16), default="")
    guardian: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    submitted_at: Mapped[str] = mapped_column(String(19), default=lambda: utcnow().strftime("%Y-%m-%d %H:%M:%S"))
    # the rules' review (recomputed when zones, places or facts change)
    school_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier_label: Mapped[str] = mapped_column(String(64), default="")
    zone_id: Mapped[str] = mapped_column(String(32), default="")
    zone_schools: Mapped[str] = mapped_column(String(255), default="")
    rules_eligible: Mapped[bool] = mapped_column(default=False)
    checks: Mapped[list] = mapped_column(JSON, default=list)
    # the reviewer's decision
    status: Mapped[str] = mapped_column(String(8), default="待审核", index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[str] = mapped_column(String(19), default="")
    appeal_text: Mapped[str] = mapped_column(Text, default="")
    # the allocation's result
    result_school: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    result_stage: Mapped[str] = mapped_column(String(8), default="")
    result_reason: Mapped[str] = mapped_column(Text, default="")


class AdmissionsDecision(Base):
    __tablename__ = "admissions_decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("admissions_application.id", ondelete="CASCADE"),
                                                index=True)
    kind: Mapped[str] = mapped_column(String(8))               # 审核 / 申诉 / 复核
    outcome: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AdmissionsRound(Base):
    __tablename__ = "admissions_round"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    section: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(8))              # 待派位 / 已完成
    plan: Mapped[dict] = mapped_column(JSON)
    lottery_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class AdmissionsJunior(Base):
    __tablename__ = "admissions_junior"
    __table_args__ = (UniqueConstraint("year", "student_id", name="uq_admissions_junior"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    student_id: Mapped[str] = mapped_column(String(32))
    student_name: Mapped[str] = mapped_column(String(64))
    primary_school: Mapped[str] = mapped_column(String(16), index=True)
    junior_school: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    reason: Mapped[str] = mapped_column(Text)


class AdmissionsYear(Base):
    """The settings of one admission year (``AdmissionSettings`` as JSON; absent fields take the default)."""

    __tablename__ = "admissions_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
