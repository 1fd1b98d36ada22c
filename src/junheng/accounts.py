"""Roles, scope and accounts (DESIGN §6). Password hashing with argon2."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from junheng.store.models.accounts import AuditEntry, User

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


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


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
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                role=role, school_id=school_id, township_code=township_code)
    session.add(user)
    session.add(AuditEntry(username=by, action="user:create", target=username,
                           detail={"role": role, "school_id": school_id, "township_code": township_code}))
    return user
