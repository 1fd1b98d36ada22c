"""The audit entries of 控辍保学 (every export of personal data is logged, DESIGN §6)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from junheng.store.models.accounts import AuditEntry


def audit_export(session: Session, username: str, what: str, target: str, rows: int) -> None:
    """Log an export of a list of students: who, what, which school or term, how many rows."""
    session.add(AuditEntry(username=username, action="retention:export", target=target,
                           detail={"what": what, "rows": rows}))
