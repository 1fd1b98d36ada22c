"""控辍保学 tables (DESIGN §4.4): term rosters, census runs, the population list and match decisions, dropout cases
with their timeline, monthly zero-reports, early-warning flags and contacts, and cohort figures for 巩固率.

ID numbers of minors are stored as the registry stores them (``junheng.store.protect``): encrypted, a keyed hash
for matching, and a mask for display. A blank ID number is stored as three empty strings.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class RosterRecord(Base):
    """One student record of one school's roster of one term (花名册). ``in_roster`` is false once a later upload
    of the same school and term no longer lists the student (kept, not deleted, so that the upload can be undone)."""

    __tablename__ = "retention_roster"
    __table_args__ = (UniqueConstraint("term", "school_id", "student_id", name="uq_retention_roster_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_key: Mapped[str] = mapped_column(String(64), unique=True)   # term|school_id|student_id: one-column lookups
    term: Mapped[str] = mapped_column(String(6), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    id_number_enc: Mapped[str] = mapped_column(String(255))
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    id_number_masked: Mapped[str] = mapped_column(String(24))
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_name: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))
    status_label: Mapped[str] = mapped_column(String(16))
    township_code: Mapped[str] = mapped_column(String(12))
    village: Mapped[str] = mapped_column(String(64))
    left_behind: Mapped[str] = mapped_column(String(8))
    migrant: Mapped[str] = mapped_column(String(2))
    disability: Mapped[str] = mapped_column(String(8))
    low_income: Mapped[str] = mapped_column(String(2))
    in_roster: Mapped[bool] = mapped_column(Boolean, default=True)


class CensusRun(Base):
    """One term census (学籍清查): the previous term's roster against this term's, county-wide."""

    __tablename__ = "retention_census_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(6), unique=True)
    previous_term: Mapped[str] = mapped_column(String(6))
    term_start: Mapped[date] = mapped_column(Date)
    census_date: Mapped[date] = mapped_column(Date)
    run_by: Mapped[str] = mapped_column(String(64))
    run_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    warnings: Mapped[list] = mapped_column(JSON, default=list)


class CensusEntry(Base):
    """One previous-term student's outcome (or, with outcome ``new``, a current student nobody claimed)."""

    __tablename__ = "retention_census_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("retention_census_run.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(24), index=True)
    student_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    id_number_masked: Mapped[str] = mapped_column(String(24))
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_name: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8))
    current_student_id: Mapped[str] = mapped_column(String(32))
    current_school_id: Mapped[str] = mapped_column(String(10), index=True)
    current_grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    current_status: Mapped[str] = mapped_column(String(8))
    matched_by: Mapped[str] = mapped_column(String(12))
    returned: Mapped[bool] = mapped_column(Boolean, default=False)
    proof: Mapped[bool] = mapped_column(Boolean, default=False)
    township_code: Mapped[str] = mapped_column(String(12))
    village: Mapped[str] = mapped_column(String(64))
    report_by: Mapped[date | None] = mapped_column(Date, nullable=True)


class TransferProof(Base):
    """A receiving school's proof for a student who left the county (转出县外需接收证明)."""

    __tablename__ = "retention_transfer_proof"
    __table_args__ = (UniqueConstraint("term", "student_id", name="uq_retention_transfer_proof_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(6))
    student_id: Mapped[str] = mapped_column(String(32))
    receiving_school: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PopulationRecord(Base):
    """A child on the household registry's school-age list (户籍适龄人口名单)."""

    __tablename__ = "retention_population"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_enc: Mapped[str] = mapped_column(String(255))
    id_number_masked: Mapped[str] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    township: Mapped[str] = mapped_column(String(64))
    township_code: Mapped[str] = mapped_column(String(12))
    village: Mapped[str] = mapped_column(String(64))
    in_list: Mapped[bool] = mapped_column(Boolean, default=True)


class MatchDecision(Base):
    """A person's decision on a fuzzy match between a child of the list and a roster record."""

    __tablename__ = "retention_match_decision"
    __table_args__ = (UniqueConstraint("person_hash", "student_id", name="uq_retention_match_decision_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_hash: Mapped[str] = mapped_column(String(64))
    student_id: Mapped[str] = mapped_column(String(32))
    accepted: Mapped[bool] = mapped_column(Boolean)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CaseRecord(Base):
    """A dropout case (辍学个案); the four responsible people and the guardians are JSON lists of dicts."""

    __tablename__ = "retention_case"
    case_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(6))
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[str] = mapped_column(String(10))
    id_number_enc: Mapped[str] = mapped_column(String(255))
    id_number_hash: Mapped[str] = mapped_column(String(64), index=True)
    id_number_masked: Mapped[str] = mapped_column(String(24))
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    school_name: Mapped[str] = mapped_column(String(128))
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_name: Mapped[str] = mapped_column(String(32))
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    township_name: Mapped[str] = mapped_column(String(64))
    village: Mapped[str] = mapped_column(String(64))
    disability: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), index=True)
    status_since: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date)
    assigned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notice_issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    people: Mapped[dict] = mapped_column(JSON, default=dict)
    guardians: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CaseEntry(Base):
    """One line of a case's timeline: opened, status change, contact, people named, report, notice."""

    __tablename__ = "retention_case_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("retention_case.case_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    day: Mapped[date] = mapped_column(Date)
    person: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    contact_kind: Mapped[str] = mapped_column(String(8))
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    from_status: Mapped[str] = mapped_column(String(8))
    to_status: Mapped[str] = mapped_column(String(8))
    logged_by: Mapped[str] = mapped_column(String(64))
    logged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ZeroReport(Base):
    """A school's monthly report (月度零报告): the number of dropouts it reports (0 = a zero report)."""

    __tablename__ = "retention_zero_report"
    __table_args__ = (UniqueConstraint("school_id", "month", name="uq_retention_zero_report_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    dropouts: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WarningFlag(Base):
    """A student on a term's early-warning list, with the score and the reasons when first flagged."""

    __tablename__ = "retention_warning_flag"
    __table_args__ = (UniqueConstraint("term", "student_id", name="uq_retention_warning_flag_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    term: Mapped[str] = mapped_column(String(6), index=True)
    student_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(64))
    grade: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_name: Mapped[str] = mapped_column(String(32))
    risk_score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    flagged_on: Mapped[date] = mapped_column(Date)


class WarningContact(Base):
    """A contact (家访, 电话, 信函) with a flagged student's family."""

    __tablename__ = "retention_warning_contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    student_id: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text)
    person: Mapped[str] = mapped_column(String(64))
    logged_by: Mapped[str] = mapped_column(String(64))
    logged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CohortFigures(Base):
    """A school section's cohort for 巩固率, by graduation year: intake (初一 three years earlier or 一年级 six
    years earlier), transfers in and out, deaths, graduates (statistics forms, imported)."""

    __tablename__ = "retention_cohort"
    __table_args__ = (UniqueConstraint("school_id", "section", "year", name="uq_retention_cohort_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    section: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    intake: Mapped[int] = mapped_column(Integer)
    transfers_in: Mapped[int] = mapped_column(Integer)
    transfers_out: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    graduates: Mapped[int] = mapped_column(Integer)
