"""Admissions lottery (电脑派位) tables.

- ``lottery``: the set-up (title, published rules, tier labels, eligibility columns, source of randomness);
- ``lottery_applicant``: the registration list, with the private part (name, masked ID number) that is never
  published; applicants judged ineligible at import keep their row with ``excluded_reason``;
- ``lottery_freeze``: the freeze record — the canonical list, its SHA-256 and the applicant count. Its
  existence is what "frozen" means;
- ``lottery_draw``: the one draw of a lottery (unique per lottery): revealed secret, public values, seed and
  the public result file;
- ``lottery_receipt``: one receipt per applicant, for the public search page.

The database itself keeps a frozen lottery from changing (triggers in migration ``lottery_0001``): once a
``lottery_freeze`` row exists, rows of ``lottery_applicant`` of that lottery cannot be inserted, updated or
deleted, the ``lottery`` row cannot be updated or deleted, and freeze, draw and receipt rows cannot be
updated. A freeze row itself can only be removed by deleting it outright (the whole-database restore does that
before it reloads every table, in dependency order); the application never does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow

FROZEN_MARK = "lottery_frozen"   # appears in every error the database raises for a frozen lottery


class Lottery(Base):
    __tablename__ = "lottery"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(128))
    rules: Mapped[dict] = mapped_column(JSON)
    tier_labels: Mapped[dict] = mapped_column(JSON, default=dict)
    eligibility: Mapped[dict] = mapped_column(JSON, default=dict)
    bundle_siblings: Mapped[bool] = mapped_column(default=True)
    commitment: Mapped[str] = mapped_column(String(64), default="")
    public_source: Mapped[str] = mapped_column(Text, default="")
    public_count: Mapped[int] = mapped_column(Integer, default=0)
    import_file: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class LotteryApplicant(Base):
    __tablename__ = "lottery_applicant"
    __table_args__ = (UniqueConstraint("lottery_id", "applicant_id", name="uq_lottery_applicant_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id"), index=True)
    applicant_id: Mapped[str] = mapped_column(String(32))
    tier: Mapped[int] = mapped_column(Integer)
    sibling_group: Mapped[str] = mapped_column(String(32), default="")
    choices: Mapped[str] = mapped_column(String(255), default="")
    name: Mapped[str] = mapped_column(String(64))
    id_number_masked: Mapped[str] = mapped_column(String(24))
    source_row: Mapped[int] = mapped_column(Integer)
    excluded_reason: Mapped[str | None] = mapped_column(String(255), nullable=True)


class LotteryFreeze(Base):
    __tablename__ = "lottery_freeze"
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id"), primary_key=True)
    list_sha256: Mapped[str] = mapped_column(String(64))
    canonical_csv: Mapped[str] = mapped_column(Text)
    applicant_count: Mapped[int] = mapped_column(Integer)
    frozen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    frozen_by: Mapped[str] = mapped_column(String(64))


class LotteryDraw(Base):
    __tablename__ = "lottery_draw"
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), default="")
    public_values: Mapped[list] = mapped_column(JSON, default=list)
    seed: Mapped[str] = mapped_column(String(64))
    result_json: Mapped[str] = mapped_column(Text)
    admitted_count: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    drawn_by: Mapped[str] = mapped_column(String(64))


class LotteryReceipt(Base):
    __tablename__ = "lottery_receipt"
    __table_args__ = (UniqueConstraint("lottery_id", "applicant_id", name="uq_lottery_receipt_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id"), index=True)
    applicant_id: Mapped[str] = mapped_column(String(32))
    draw_number: Mapped[int] = mapped_column(Integer)
    tier: Mapped[int] = mapped_column(Integer)
    sibling_group: Mapped[str] = mapped_column(String(32), default="")
    position: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(8))
    school_id: Mapped[str] = mapped_column(String(16), default="")
    school_name: Mapped[str] = mapped_column(String(128), default="")
    round_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    waitlist_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rule: Mapped[str] = mapped_column(Text)
