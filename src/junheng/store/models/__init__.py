"""The platform's own tables: users, their sessions, the audit log, import batches and the data revision.

Each module keeps its tables in ``junheng/<module>/store/models.py``; ``junheng.modules.load_models()``
imports them all onto ``Base.metadata`` (Alembic, backup and the tests call it).
"""

from junheng.store.base import Base
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange, User, WebSession
from junheng.store.models.revision import DataRevision

__all__ = ["AuditEntry", "Base", "DataRevision", "ImportBatch", "ImportChange", "User", "WebSession"]
