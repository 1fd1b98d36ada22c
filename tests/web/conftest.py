"""A web app over a small county with one user of every role."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from junheng.accounts import create_user
from junheng.registry.store.importer import import_registry

PASSWORD = "password-123"
USERS = {
    "admin": ("bureau_admin", None, None),
    "staff": ("bureau_staff", None, None),
    "clerk": ("school_clerk", "2133010001", None),
    "township": ("township_official", None, "330100002"),
    "leader": ("leader", None, None),
}


@pytest.fixture
def web_deployment(deployment, registry_file):
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
        for name, (role, school, town) in USERS.items():
            create_user(session, name, PASSWORD, role, f"{name}用户", school, town)
    return deployment


@pytest.fixture
def app(web_deployment):
    from junheng.web.app import create_app

    return create_app(web_deployment)


def login(client: TestClient, username: str, password: str = PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def csrf_of(client: TestClient) -> str:
    page = client.get("/")
    return re.search(r'"X-CSRF-Token": "([^"]+)"', page.text).group(1)


@pytest.fixture
def client_for(app):
    clients = []

    def make(username: str | None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if username:
            assert login(client, username).status_code == 303
        return client

    yield make
    for c in clients:
        c.close()
