"""Alembic migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from junheng.modules import MODULES, load_models
from junheng.store.base import Base

pytestmark = pytest.mark.db


def test_migrations_match_models(deployment):
    load_models()
    with deployment.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff


def test_backup_and_restore_round_trip(deployment, registry_file, tmp_path):
    from sqlalchemy import func, select

    from junheng.registry.store.importer import import_registry
    from junheng.registry.store.models import Student
    from junheng.store.backup import dump, load

    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "tester", deployment.protector)
    counts = dump(deployment.db, tmp_path / "b.json.gz")
    assert counts["student"] == 5
    with deployment.db.transaction() as session:
        session.execute(Student.__table__.delete())
    load(deployment.db, tmp_path / "b.json.gz")
    with deployment.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Student)) == 5


@pytest.mark.core
def test_every_module_with_tables_has_its_alembic_branch():
    for module in MODULES:
        if module.models() is not None and module.name != "registry":  # the registry is in the foundation
            folder = module.migrations()
            assert folder is not None and any(folder.glob(f"{module.name}_*.py")), module.name


def test_a_restore_ends_every_signed_in_session(deployment, tmp_path):
    """Sessions are not data: a backup holds none, so a restore cannot bring back one ended since the backup."""
    import gzip
    import json

    from junheng.accounts import create_user, session_user, start_session
    from junheng.store.backup import dump, load

    with deployment.db.transaction() as session:
        user = create_user(session, "backup-user", "Passw0rd-x", "bureau_admin")
        session.flush()
        token = start_session(session, user, hours=8)
    counts = dump(deployment.db, tmp_path / "b.json.gz")
    with gzip.open(tmp_path / "b.json.gz", "rt", encoding="utf-8") as fh:
        assert json.load(fh)["tables"]["web_session"] == []
    assert counts["web_session"] == 0 and counts["app_user"] >= 1
    with deployment.db.sessions() as session:
        assert session_user(session, token) is not None      # live until the restore
    load(deployment.db, tmp_path / "b.json.gz")
    with deployment.db.sessions() as session:
        assert session_user(session, token) is None
