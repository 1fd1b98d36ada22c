"""The role × page matrix (DESIGN §6): every route, every role, allowed or refused."""

from __future__ import annotations

import pytest

from tests.web.conftest import USERS

pytestmark = pytest.mark.db

ALL = set(USERS)
BUREAU = {"admin", "staff", "leader"}
# path -> the users who may open it (others get 403; anonymous is sent to login)
MATRIX = {
    "/": ALL,
    "/schools": ALL,
    "/schools/2133010001": BUREAU | {"clerk"},          # clerk's own school; township 330100001 is not theirs
    "/schools/2133010002": BUREAU,
    "/schools/2133010003": BUREAU | {"township"},       # in the township official's township
    "/admin/imports": {"admin", "staff"},
    "/admin/users": {"admin"},
    "/admin/audit": {"admin"},
}


@pytest.mark.parametrize("user", sorted(ALL))
@pytest.mark.parametrize("path", sorted(MATRIX))
def test_role_page_matrix(client_for, path, user):
    response = client_for(user).get(path)
    expected = 200 if user in MATRIX[path] else 403
    assert response.status_code == expected, (path, user, response.status_code)


@pytest.mark.parametrize("path", sorted(MATRIX))
def test_anonymous_never_sees_a_page(client_for, path):
    assert client_for(None).get(path, follow_redirects=False).status_code == 303


def test_school_list_is_scoped(client_for):
    assert "测试县第一中学" not in client_for("clerk").get("/schools").text
    township = client_for("township").get("/schools").text
    assert "山前乡九年一贯制学校" in township and "测试县实验小学" not in township
    assert "测试县第一中学" in client_for("leader").get("/schools").text


def test_unknown_school_is_404(client_for):
    assert client_for("admin").get("/schools/0000000000").status_code == 404
