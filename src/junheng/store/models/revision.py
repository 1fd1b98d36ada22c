"""The data revisions: per module, a counter that every committed write to that module's tables moves on (see
``junheng.store.revision``)."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base


class DataRevision(Base):
    __tablename__ = "data_revision"
    module: Mapped[str] = mapped_column(String(32), primary_key=True)  # a module's name; "platform"; "*"
    n: Mapped[int] = mapped_column(BigInteger, default=0)
