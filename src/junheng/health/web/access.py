"""Who sees what in 学生健康.

- county-wide: 教育局 roles and the 卫生健康专干 (``health_officer``); a township official sees their township's
  schools, a school clerk their own school — every page is cut to that scope;
- individual psychological screening results and follow-up cases: only ``HEALTH_ROLES`` (卫生健康专干, 管理员);
  every view is written to the audit log (``health:psych-view``), as is every export of personal data;
- imports and case updates: 教育局管理员/工作人员 and the 卫生健康专干 (psychological data: ``HEALTH_ROLES``); a school
  clerk imports their own school's 体测成绩 and 视力筛查 only, and undoes only their own batches.
"""

from __future__ import annotations

from junheng.accounts import HEALTH_ROLES, WRITE_ROLES
from junheng.store.models.accounts import AuditEntry
from junheng.web.deps import Forbidden

IMPORT_ROLES = (*WRITE_ROLES, "health_officer", "school_clerk")
CLERK_KINDS = ("fitness", "vision")      # a school clerk imports their own school's test results and screenings
PSYCH_VIEW = "health:psych-view"


def sees_psych(user) -> bool:
    return user.role in HEALTH_ROLES


def require_psych(user) -> None:
    if not sees_psych(user):
        raise Forbidden("个人心理测评数据仅卫生健康专干和系统管理员可以查看")


def require_import(user) -> None:
    if user.role not in IMPORT_ROLES:
        raise Forbidden("只有教育局管理员、工作人员、卫生健康专干和学校填报员可以导入健康数据")


def log(session, user, action: str, target: str, **detail) -> None:
    session.add(AuditEntry(username=user.username, action=action, target=target[:255], detail=detail))
