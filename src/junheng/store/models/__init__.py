"""The platform's own tables: users, their sessions, the audit log and import batches.

Each module keeps its tables in ``junheng/<module>/store/models.py``; ``junheng.modules.load_models()``
imports them all onto ``Base.metadata`` (Alembic, backup and the tests call it).
"""

from junheng.store.base import Base
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange, User, WebSession

__all__ = ["AuditEntry", "Base", "ImportBatch", "ImportChange", "User", "WebSession"]
