"""Security headers on every kind of response, the session cookie's flags, server-side sessions (rotated at
login, refused after logout or a password change), the password policy and the login lockout."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from junheng.accounts import (
    WeakPassword,
    check_password_policy,
    create_user,
    hash_password,
    password_problems,
    session_user,
    set_password,
)
from junheng.store.models.accounts import User, WebSession
from junheng.web.app import SESSION_COOKIE, create_app
from junheng.web.routes.auth import lockout_message
from junheng.web.security import RateLimiter
from tests.web.conftest import PASSWORD, csrf_of, login

pytestmark = pytest.mark.db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def assert_security_headers(response) -> None:
    directives = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert directives == CSP, response.url
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(client_for):
    anonymous, admin, clerk = client_for(None), client_for("admin"), client_for("clerk")
    cases = [
        (anonymous, "/login", 200),                    # a page
        (anonymous, "/schools", 303),                  # a redirect to the login
        (admin, "/", 200),
        (clerk, "/admin/users", 403),                  # an error page
        (admin, "/schools/9999999999", 404),           # the app's not-found page
        (admin, "/no-such-page", 404),                 # the framework's not-found answer
        (anonymous, "/static/junheng.js", 200),        # a static file
        (admin, "/ledger/template.xlsx", 200),         # a download
    ]
    for client, path, status in cases:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == status, path
        assert_security_headers(response)
    download = admin.get("/ledger/template.xlsx")
    assert "attachment" in download.headers["content-disposition"]
    posted = admin.post("/logout", data={"csrf_token": csrf_of(admin)}, follow_redirects=False)
    assert posted.status_code == 303
    assert_security_headers(posted)


def _cookie_header(response) -> str:
    [header] = [v for v in response.headers.get_list("set-cookie") if v.startswith(f"{SESSION_COOKIE}=")]
    return header.lower()


def test_session_cookie_is_httponly_and_lax_and_secure_only_over_https(app, web_deployment):
    plain = login(TestClient(app), "admin")
    flags = _cookie_header(plain)
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags
    # a request that came over HTTPS (directly, or from a trusted proxy: uvicorn then sets the scheme)
    over_https = login(TestClient(app, base_url="https://testserver"), "admin")
    assert "; secure" in _cookie_header(over_https) and "httponly" in _cookie_header(over_https)
    # the https setting: Secure on every cookie, even when the proxy speaks plain HTTP to the app
    web_deployment.settings.https = True
    try:
        always = login(TestClient(create_app(web_deployment)), "admin")
    finally:
        web_deployment.settings.https = False
    assert _cookie_header(always).count("secure") == 1 and "samesite=lax" in _cookie_header(always)


def test_login_rotates_the_session_and_logout_invalidates_the_old_cookie(client_for, web_deployment):
    client = client_for(None)
    client.get("/login")
    before = client.cookies.get(SESSION_COOKIE)  # the anonymous cookie (its CSRF token)
    assert login(client, "staff").status_code == 303
    after = client.cookies.get(SESSION_COOKIE)
    assert after and after != before
    assert client.get("/", follow_redirects=False).status_code == 200
    again = client_for(None)
    assert login(again, "staff").status_code == 303
    assert again.cookies.get(SESSION_COOKIE) != after  # every login is a new session
    with web_deployment.db.sessions() as s:
        assert len(s.scalars(select(WebSession)).all()) == 2

    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    for stolen in (before, after):  # a captured cookie replayed after the logout
        thief = TestClient(client.app)
        thief.cookies.set(SESSION_COOKIE, stolen)
        response = thief.get("/", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"
    assert again.get("/", follow_redirects=False).status_code == 200  # the other browser stays signed in


def test_a_session_ends_when_it_expires_the_user_is_disabled_or_the_password_changes(client_for, web_deployment):
    client = client_for("leader")
    with web_deployment.db.transaction() as s:
        s.execute(WebSession.__table__.update().values(expires_at=WebSession.created_at))
    assert client.get("/", follow_redirects=False).status_code == 303

    client = client_for("leader")
    with web_deployment.db.transaction() as s:
        s.scalars(select(User).where(User.username == "leader")).one().active = False
    assert client.get("/", follow_redirects=False).status_code == 303
    with web_deployment.db.transaction() as s:
        s.scalars(select(User).where(User.username == "leader")).one().active = True

    client = client_for("leader")
    with web_deployment.db.transaction() as s:
        set_password(s, s.scalars(select(User).where(User.username == "leader")).one(), "new-pass-2024", by="admin")
    assert client.get("/", follow_redirects=False).status_code == 303
    assert login(client_for(None), "leader").status_code == 401
    assert login(client_for(None), "leader", "new-pass-2024").status_code == 303


def test_a_forged_or_unknown_session_token_is_refused(web_deployment):
    with web_deployment.db.sessions() as s:
        assert session_user(s, "") is None and session_user(s, "made-up-token") is None


@pytest.mark.parametrize(("password", "username", "missing"), [
    ("abc123", "x", ["至少 8 位（现为 6 位）"]),
    ("12345678", "x", ["含字母"]),
    ("abcdefgh", "x", ["含数字"]),
    ("zhang2024", "Zhang2024", ["不能与用户名相同"]),
    ("", "x", ["至少 8 位（现为 0 位）", "含字母", "含数字"]),
])
def test_password_policy_names_what_is_missing(password, username, missing):
    assert password_problems(password, username) == missing
    with pytest.raises(WeakPassword, match="密码不符合要求：" + "；".join(missing).replace("(", r"\(")
                       .replace(")", r"\)")):
        check_password_policy(password, username)


def test_policy_holds_wherever_a_password_is_set_and_existing_ones_still_log_in(client_for, web_deployment):
    from junheng.demo.serve import DEMO_PASSWORD

    assert password_problems(PASSWORD, "admin") == [] and password_problems(DEMO_PASSWORD, "admin") == []
    with web_deployment.db.transaction() as s, pytest.raises(WeakPassword):
        create_user(s, "weak", "12345678", "leader")
    admin = client_for("admin")
    page = admin.post("/admin/users", data={"username": "weak", "password": "abcdefgh", "role": "leader",
                                            "csrf_token": csrf_of(admin)})
    assert page.status_code == 400 and "密码不符合要求：含数字" in page.text
    with web_deployment.db.transaction() as s:
        user = s.scalars(select(User).where(User.username == "staff")).one()
        with pytest.raises(WeakPassword):
            set_password(s, user, "staff")
        user.password_hash = hash_password("old")
    assert login(client_for(None), "staff", "old").status_code == 303  # set before the policy: still logs in


def test_cli_user_commands_apply_the_policy(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from junheng.cli import app

    monkeypatch.setenv("JUNHENG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("JUNHENG_DATABASE_URL", raising=False)
    run = CliRunner().invoke
    weak = run(app, ["init", "--admin-password", "password"])
    assert weak.exit_code == 2 and "含数字" in weak.output
    assert run(app, ["init", "--admin-password", "admin-2024"]).exit_code == 0
    added = run(app, ["user", "add", "lin", "--role", "leader", "--password", "lin"])
    assert added.exit_code == 2 and "至少 8 位（现为 3 位）；含数字；不能与用户名相同" in added.output
    assert run(app, ["user", "add", "lin", "--role", "leader", "--password", "lin-2024a"]).exit_code == 0
    changed = run(app, ["user", "password", "lin", "--password", "short1"])
    assert changed.exit_code == 2 and "至少 8 位" in changed.output
    assert run(app, ["user", "password", "lin", "--password", "longer-2025"]).exit_code == 0
    assert run(app, ["user", "password", "nobody", "--password", "longer-2025"]).exit_code == 2


def test_lockout_holds_for_the_configured_time_and_says_how_long():
    now = [1000.0]
    limiter = RateLimiter(3, lockout_seconds=600, clock=lambda: now[0])
    for _ in range(2):
        limiter.fail("user:a")
    assert not limiter.blocked("user:a")
    limiter.fail("user:a")
    assert limiter.wait_seconds("user:a") == 600
    now[0] += 120  # the minute of counting is over, the lockout is not
    assert limiter.wait_seconds("user:a", "ip:x") == 480 and "请 8 分钟后再试" in lockout_message(480)
    now[0] += 481
    assert not limiter.blocked("user:a")
    limiter.fail("user:a")
    assert not limiter.blocked("user:a")  # counting starts afresh
    now[0] += 61
    limiter.fail("user:a")
    limiter.fail("user:a")
    assert not limiter.blocked("user:a")  # failures older than a minute no longer count


def test_lockout_minutes_come_from_the_settings(web_deployment):
    web_deployment.settings.login_lockout_minutes = 2
    try:
        client = TestClient(create_app(web_deployment))
        codes = [login(client, "staff", "nope") for _ in range(5)]
    finally:
        web_deployment.settings.login_lockout_minutes = 15
    assert codes[-1].status_code == 429 and "请 2 分钟后再试" in codes[-1].text
