"""Roles, scope and accounts (DESIGN §6). Password hashing with argon2, the password policy, and the
server-side record of signed-in sessions (docs/security.md)."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from junheng.store.base import utcnow
from junheng.store.models.accounts import AuditEntry, User, WebSession

ROLES: dict[str, str] = {
    "bureau_admin": "教育局管理员",
    "bureau_staff": "教育局工作人员",
    "school_clerk": "学校填报员",
    "township_official": "乡镇工作人员",
    "leader": "局领导（只读）",
    "inspector": "责任督学",
    "health_officer": "卫生健康专干",
}
BUREAU_ROLES = ("bureau_admin", "bureau_staff", "leader")
WRITE_ROLES = ("bureau_admin", "bureau_staff")
# the health permission: county-wide, and the only roles that see individual psychological screening results
HEALTH_ROLES = ("bureau_admin", "health_officer")

_hasher = PasswordHasher()

# A hash costs ~0.2 CPU-seconds on both cores of a small server (argon2's four lanes run as threads). Hashing
# runs on two threads of lowered priority, which the threads argon2 starts inherit (Linux priorities are per
# thread): a morning's sign-in rush waits for spare CPU instead of slowing every page for everyone signed in.
HASHING_NICENESS = 10


def _lower_priority() -> None:
    try:
        me = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + HASHING_NICENESS))
    except (AttributeError, OSError):  # not Linux, or not allowed: hash at normal priority
        pass


_hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="junheng-password", initializer=_lower_priority)


def hash_password(password: str) -> str:
    return _hashing.submit(lambda: _hasher.hash(password)).result()


def check_password(password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerifyMismatchError, InvalidHashError):
            return False

    return _hashing.submit(verify).result()


MIN_PASSWORD_LENGTH = 8


class WeakPassword(ValueError):
    """A new password the policy refuses; the message names what is missing, in Chinese."""


def password_problems(password: str, username: str = "") -> list[str]:
    """What a new password lacks: at least 8 characters, a letter and a digit, and not the username itself.

    Applied wherever a password is set (``create_user``, ``set_password``: the admin page and the CLI);
    logging in only checks the hash, so passwords set before the policy keep working until changed."""
    missing = []
    if len(password) < MIN_PASSWORD_LENGTH:
        missing.append(f"至少 {MIN_PASSWORD_LENGTH} 位（现为 {len(password)} 位）")
    if not any(c.isalpha() for c in password):
        missing.append("含字母")
    if not any(c.isdigit() for c in password):
        missing.append("含数字")
    if username and username.strip().lower() == password.strip().lower():
        missing.append("不能与用户名相同")
    return missing


def check_password_policy(password: str, username: str = "") -> None:
    if missing := password_problems(password, username):
        raise WeakPassword(f"密码不符合要求：{'；'.join(missing)}")


def set_password(session: Session, user: User, password: str, by: str = "system") -> None:
    """A new password (policy checked); every session of the user ends, so a stolen cookie stops working."""
    check_password_policy(password, user.username)
    user.password_hash = hash_password(password)
    end_sessions_of(session, user.id)
    session.add(AuditEntry(username=by, action="user:password", target=user.username, detail={}))


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, hours: int) -> str:
    """A new random session for a login: the returned token goes into the (signed) cookie, its hash into
    ``web_session``. Expired rows of every user are cleared on the way."""
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(WebSession(id=_token_id(token), user_id=user.id, created_at=now,
                           expires_at=now + timedelta(hours=hours)))
    return token


def session_user(session: Session, token: str) -> User | None:
    """The active user of a live session token, or None (unknown, ended, expired, or the user disabled)."""
    if not token:
        return None
    record = session.get(WebSession, _token_id(token))
    if record is None or record.expires_at < utcnow():
        return None
    user = session.get(User, record.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, token: str) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.id == _token_id(token)))


def end_sessions_of(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything (bureau), one school, or one township."""

    role: str
    school_id: str | None = None
    township_code: str | None = None

    @property
    def county_wide(self) -> bool:
        return self.role in BUREAU_ROLES or self.role in HEALTH_ROLES

    def allows_school(self, school_id: str, township_code: str | None) -> bool:
        if self.county_wide:
            return True
        if self.role == "school_clerk":
            return school_id == self.school_id
        if self.role == "township_official":
            return township_code is not None and township_code == self.township_code
        return False

    def allows_township(self, township_code: str | None) -> bool:
        return self.county_wide or (self.role == "township_official" and township_code == self.township_code)


def scope_of(user: User) -> Scope:
    return Scope(user.role, user.school_id, user.township_code)


def create_user(session: Session, username: str, password: str, role: str, display_name: str = "",
                school_id: str | None = None, township_code: str | None = None, by: str = "system") -> User:
    if role not in ROLES:
        raise ValueError(f"未知角色「{role}」，可选：{'、'.join(ROLES)}")
    if role == "school_clerk" and not school_id:
        raise ValueError("学校填报员必须指定所属学校")
    if role == "township_official" and not township_code:
        raise ValueError("乡镇工作人员必须指定所属乡镇")
    if session.scalars(select(User).where(User.username == username)).first():
        raise ValueError(f"用户名「{username}」已存在")
    check_password_policy(password, username)
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                role=role, school_id=school_id, township_code=township_code)
    session.add(user)
    session.add(AuditEntry(username=by, action="user:create", target=username,
                           detail={"role": role, "school_id": school_id, "township_code": township_code}))
    return user
