"""The demo loader goes through the real import path and leaves the oversubscribed school with the lottery."""

from __future__ import annotations

from sqlalchemy import func, select

from junheng.admissions.demo import load
from junheng.admissions.store.models import AdmissionsApplication, AdmissionsRound


def test_demo_load(deployment, tmp_path):
    line = load(deployment, tmp_path, "demo")
    assert line.startswith("招生入学：2025 年小学一年级报名 1200 份（审核通过 1192，不通过 8，重复报名 1 次已被拦截）")
    with deployment.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(AdmissionsApplication)) == 1200
        rnd = s.scalar(select(AdmissionsRound))
        assert rnd.state == "待派位" and rnd.lottery_id is not None
    assert (tmp_path / "学区划片表_2025.xlsx").exists()
