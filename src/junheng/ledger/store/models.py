"""Rectification ledger (整改台账) tables: one row per item, one row per event of its history, one row per
piece of evidence (the file itself lives under ``settings.data_dir / "evidence"``).

Events and evidence refer to the item by its number (``item_no``) so that an import can write items and their
first history entries as one batch of rows with natural keys (``junheng.store.batches.upsert_batch``); they are
deleted with their item (ON DELETE CASCADE), e.g. when an import batch is undone.

Dates travel through import batches as ISO text (the batch log is JSON), so the date columns accept ISO text
as well as ``date``/``datetime`` values.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from junheng.store.base import Base, utcnow


class IsoDate(TypeDecorator):
    """A DATE column that also accepts ISO text ("2026-09-30") and datetimes (their date)."""

    impl = Date
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
        if isinstance(value, dt.datetime):
            return value.date()
        return value


class IsoDateTime(TypeDecorator):
    """A DATETIME column that also accepts ISO text ("2026-09-01T09:00:00")."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        return value


class LedgerItemRecord(Base):
    __tablename__ = "ledger_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_no: Mapped[str] = mapped_column(String(32), unique=True)
    source_inspection: Mapped[str] = mapped_column(String(128))
    source_date: Mapped[dt.date] = mapped_column(IsoDate)
    source_by: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(16), index=True)
    unit_id: Mapped[str] = mapped_column(String(32), index=True)
    unit_name: Mapped[str] = mapped_column(String(128))
    unit_kind: Mapped[str] = mapped_column(String(8))
    person: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    deadline: Mapped[dt.date] = mapped_column(IsoDate, index=True)
    evidence_required: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(IsoDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(IsoDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(IsoDateTime, nullable=True)
    indicator: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)


class LedgerEventRecord(Base):
    """One entry of an item's history (创建, 开始整改, 上传佐证, 提交验收, 验收通过/不通过, 延期, 修改, 指标复核)."""

    __tablename__ = "ledger_event"
    __table_args__ = (UniqueConstraint("item_no", "seq", name="uq_ledger_event_item_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_no: Mapped[str] = mapped_column(ForeignKey("ledger_item.item_no", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(IsoDateTime)
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(8), nullable=True)
    to_status: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[list] = mapped_column(JSON, default=list)


class LedgerEvidenceRecord(Base):
    """A stored evidence file: ``ref`` is its path under the evidence folder, never a user-supplied name."""

    __tablename__ = "ledger_evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_no: Mapped[str] = mapped_column(ForeignKey("ledger_item.item_no", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(8))
    ref: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(IsoDateTime)
    by: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(255), default="")
