"""All ORM models; importing this module registers every table on ``Base.metadata``."""

from junheng.store.base import Base
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange, User
from junheng.store.models.registry import County, SchoolClass, School, Student, Teacher, Township

__all__ = [
    "AuditEntry", "Base", "County", "ImportBatch", "ImportChange", "School", "SchoolClass", "Student",
    "Teacher", "Township", "User",
]
