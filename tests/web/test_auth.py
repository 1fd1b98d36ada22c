"""Login, logout, rate limit, CSRF and the audit of writes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from junheng.store.models.accounts import AuditEntry
from tests.web.conftest import csrf_of, login

pytestmark = pytest.mark.db


def test_login_page_is_chinese_and_wrong_password_is_refused(client_for):
    client = client_for(None)
    assert "登录" in client.get("/login").text
    response = login(client, "admin", "wrong-password")
    assert response.status_code == 401 and "用户名或密码错误" in response.text


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get("/schools", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_login_is_rate_limited(client_for):
    client = client_for(None)
    responses = [login(client, "staff", "nope") for _ in range(5)]
    assert [r.status_code for r in responses] == [401] * 4 + [429]
    assert "请 15 分钟后再试" in responses[-1].text  # the fifth failure locks, and says for how long
    assert login(client, "staff").status_code == 429  # even the right password waits


def test_post_without_csrf_token_is_refused(client_for):
    client = client_for("admin")
    response = client.post("/admin/users", data={"username": "x", "password": "abcd1234", "role": "leader"})
    assert response.status_code == 403 and "CSRF" in response.text


def test_user_creation_is_audited(client_for, web_deployment):
    client = client_for("admin")
    response = client.post("/admin/users", data={"username": "newbie", "password": "abcd1234", "role": "leader",
                                                  "csrf_token": csrf_of(client)})
    assert response.status_code == 200 and "已创建用户 newbie" in response.text
    with web_deployment.db.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user:create",
                                                         AuditEntry.target == "newbie")).one()
        assert entry.username == "admin"
    assert "user:create" in client.get("/admin/audit").text


def test_logout_ends_the_session(client_for):
    client = client_for("staff")
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_student_id_numbers_never_appear_in_pages(client_for):
    client = client_for("admin")
    from tests.factories import small_registry

    for s in small_registry()["student"]:
        for path in ("/schools", f"/schools/{s['school_id']}"):
            assert s["id_number"] not in client.get(path).text


def test_passwords_are_hashed_at_lowered_priority():
    """A sign-in rush must leave the CPU to page requests: hashing threads run niced (Linux)."""
    import os
    import threading

    from junheng import accounts

    def niceness():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert accounts.check_password(accounts.hash_password("正确的口令1a"), "正确的口令1a")
    assert not accounts.check_password(accounts.hash_password("正确的口令1a"), "错误的口令")
    hashing = accounts._hashing.submit(niceness).result()
    assert hashing >= min(19, niceness() + accounts.HASHING_NICENESS)
