"""Who may see what of exam data (DESIGN §4.3, §6), and the audit of ranked student lists.

- bureau admin / staff: everything, and write (import, reports, templates); leader: everything, read-only;
- school clerk: the exam list, county aggregates and their own school's pages; other schools' named rows only
  when the county's policy says so (setting ``scores_clerks_see_other_schools``, default no);
- township official: no exam data at all (403).
Student ranks are shown only to the roles in ``settings.rank_visible_roles`` — a school clerk only for their own
school — and every view or export of a ranked student list is written to the audit log
(action ``scores:ranked-list``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from junheng.store.models.accounts import AuditEntry

READ_ROLES = ("bureau_admin", "bureau_staff", "leader", "school_clerk")
WRITE_ROLES = ("bureau_admin", "bureau_staff")
RANKED_LIST = "scores:ranked-list"


def can_read(role: str) -> bool:
    return role in READ_ROLES


def can_write(role: str) -> bool:
    return role in WRITE_ROLES


def sees_school(user, school_id: str) -> bool:
    """May the user open this school's pages?"""
    return user.role != "school_clerk" or user.school_id == school_id


def sees_other_schools(user, settings) -> bool:
    """May the user see other schools' named figures (comparison tables, charts)?"""
    if user.role != "school_clerk":
        return True
    return bool(getattr(settings, "scores_clerks_see_other_schools", False))


def sees_ranks(user, settings, school_id: str | None = None) -> bool:
    """Student ranks: by role policy; a school clerk only for their own school."""
    if user.role not in getattr(settings, "rank_visible_roles", ()):
        return False
    if user.role == "school_clerk":
        return school_id is not None and school_id == user.school_id
    return True


def log_ranked_list(session: Session, user, target: str, **detail: object) -> None:
    """Record a view or export of a list of students with ranks."""
    session.add(AuditEntry(username=user.username, action=RANKED_LIST, target=target[:255], detail=detail))


def log_export(session: Session, user, target: str, **detail: object) -> None:
    """Record an export of personal data without ranks."""
    session.add(AuditEntry(username=user.username, action="scores:export", target=target[:255], detail=detail))
