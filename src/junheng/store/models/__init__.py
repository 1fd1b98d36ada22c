"""All ORM models; importing this package registers every table on ``Base.metadata``.

Each feature keeps its tables in its own module here (``store/models/<feature>.py``); every module in this
package is imported, so a feature adds tables without editing this file.
"""

import importlib
import pkgutil

from junheng.store.base import Base
from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange, User
from junheng.store.models.registry import County, School, SchoolClass, Student, Teacher, Township

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = [
    "AuditEntry", "Base", "County", "ImportBatch", "ImportChange", "School", "SchoolClass", "Student",
    "Teacher", "Township", "User",
]
