"""The admin's undo of an import on the web: refused, with the rows at stake listed, when people have worked on
the imported data since; carried out otherwise."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from junheng.registry.store.models import School
from junheng.store.models.accounts import ImportBatch

pytestmark = pytest.mark.db


def _undo(client, batch_id: int):
    page = client.get("/admin/imports")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post(f"/admin/imports/{batch_id}/undo", data={"csrf_token": token})


def test_refusal_lists_what_would_be_lost_and_changes_nothing(web_deployment, client_for):
    with web_deployment.db.transaction() as s:
        batch_id = s.scalar(select(ImportBatch.id))
        s.get(School, "2133010001").name = "<b>实验小学</b>（网页更正）"
    admin = client_for("admin")
    refused = _undo(admin, batch_id)
    assert refused.status_code == 409
    assert 'class="msg error"' in refused.text and "不能撤销" in refused.text
    assert re.search(r"<li>学校名册「2133010001」在导入后已被修改</li>", refused.text)
    with web_deployment.db.sessions() as s:
        assert s.get(School, "2133010001").name == "<b>实验小学</b>（网页更正）"
        assert s.get(ImportBatch, batch_id).undone_at is None


def test_undo_goes_through_when_nothing_was_worked_on(web_deployment, client_for):
    with web_deployment.db.sessions() as s:
        batch_id = s.scalar(select(ImportBatch.id))
    done = _undo(client_for("admin"), batch_id)
    assert done.status_code == 200 and f"已撤销批次 {batch_id}" in done.text
    with web_deployment.db.sessions() as s:
        assert s.scalar(select(School.school_id)) is None
