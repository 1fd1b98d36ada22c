"""A migrated database per backend shared by a test module (creating and migrating one per test costs ~2 s),
with the small county's registry; ``clear_balance`` empties the balance tables between tests."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from tests.conftest import PG_URL, REQUIRE_PG


@contextmanager
def shared_deployment(backend: str, folder: Path):
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.registry.reports.excel import write_registry
    from junheng.registry.store.importer import import_registry
    from tests.balance.web_county import registry_frames

    if backend == "postgresql" and not PG_URL:
        if REQUIRE_PG:
            pytest.fail("CI 必须在 PostgreSQL 上运行存储测试")
        pytest.skip("未设置 JUNHENG_TEST_PG_URL")
    admin = name = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'test.db'}"
    else:
        from sqlalchemy import create_engine, text

        name = f"jh_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    dep = Deployment.open(Settings(data_dir=folder / "data", database_url=url, secret_key="test-secret"))
    path = write_registry(registry_frames(), folder / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, path, "setup", dep.protector)
    try:
        yield dep
    finally:
        dep.db.dispose()
        if admin is not None:
            from sqlalchemy import text

            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def clear_balance(dep) -> None:
    """Remove every balance row and balance import batch (and what they audited), and the retention cohort
    figures a test may have imported for 巩固率."""
    from junheng.balance.store.models import (
        BalanceCountyInput,
        BalanceEvidence,
        BalanceJudgement,
        BalanceSchoolYear,
    )
    from junheng.store.models.accounts import AuditEntry, ImportBatch, ImportChange

    with dep.db.transaction() as s:
        ids = list(s.scalars(select(ImportBatch.id).where(ImportBatch.kind.in_(("balance", "cohort")))))
        s.execute(delete(ImportChange).where(ImportChange.batch_id.in_(ids)))
        s.execute(delete(ImportBatch).where(ImportBatch.id.in_(ids)))
        for model in (BalanceSchoolYear, BalanceCountyInput, BalanceJudgement, BalanceEvidence):
            s.execute(delete(model))
        try:
            from junheng.retention.store.models import CohortFigures
        except ImportError:
            return
        s.execute(delete(CohortFigures))
        s.execute(delete(AuditEntry).where(AuditEntry.action.like("balance:%")))
