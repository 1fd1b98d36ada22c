"""The demo lottery: about 300 applicants of a school of the registry, imported and frozen, not drawn."""

from __future__ import annotations

import pytest

from junheng.lottery.store import queries, service

pytestmark = pytest.mark.db


def test_demo_lottery_is_frozen_and_ready_to_draw(web_deployment, tmp_path):
    from junheng.lottery.demo import APPLICANTS, SEATS, load

    summary = load(web_deployment, tmp_path, "demo")
    assert f"报名 {APPLICANTS} 人" in summary and "名单已冻结" in summary
    with web_deployment.db.sessions() as s:
        (row,) = queries.list_lotteries(s)
        view = queries.view(s, row.id)
    assert row.state == service.FROZEN and row.seats == SEATS and view.excluded == 2
    assert view.groups == 6 and set(view.tiers) == {1, 2} and view.applicants == APPLICANTS - 2
    assert view.lottery.public_count == 1 and not view.lottery.commitment
    first = (tmp_path / f"{view.rules.schools[0].name}七年级报名名单.xlsx").read_bytes()
    load(web_deployment, tmp_path, "demo")           # deterministic: the same registry gives the same list
    with web_deployment.db.sessions() as s:
        hashes = {queries.view(s, r.id).freeze.list_sha256 for r in queries.list_lotteries(s)}
    assert len(hashes) == 1 and len(first) > 10_000
