"""A module's data revision moves on with every committed write to its tables, in the same transaction, and with
nothing else; a memo recomputes exactly when a module it reads moves on."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, select, text

from junheng.store import revision
from junheng.store.memo import Memo
from junheng.store.models import AuditEntry, ImportBatch


@pytest.fixture
def any_db(deployment):
    return deployment.db


def _rev(db, module="platform") -> int:
    with db.sessions() as s:
        return revision.current(s, [module])[0]


def _batch(s, note="x"):
    s.add(ImportBatch(kind="test", file_name=note, username="t"))


def test_written_table_reads_the_target_of_dml_only():
    assert revision.written_table('INSERT INTO "school" (a) VALUES (?)') == "school"
    assert revision.written_table("insert or replace into exam_score values (1)") == "exam_score"
    assert revision.written_table("  UPDATE ledger_item SET x=1") == "ledger_item"
    assert revision.written_table("DELETE FROM retention_case WHERE id=1") == "retention_case"
    assert revision.written_table("SELECT * FROM school") is None
    assert revision.written_table("CREATE TABLE t (a int)") is None


def test_tables_belong_to_the_module_that_maps_them():
    from junheng.modules import load_models

    load_models()
    assert revision.module_of("import_batch") == "platform"
    assert revision.module_of("school") == "registry"
    assert revision.module_of("health_fitness") == "health"
    assert revision.module_of("no_such_table") == revision.ANY


def test_a_committed_write_moves_it_on_once(any_db):
    before = _rev(any_db)
    with any_db.transaction() as s:
        _batch(s)
        s.flush()
        _batch(s, "y")
    assert _rev(any_db) == before + 1
    with any_db.transaction() as s:
        s.execute(insert(ImportBatch), [{"kind": "test", "file_name": f"f{i}", "username": "t"} for i in range(3)])
    assert _rev(any_db) == before + 2


def test_a_rollback_or_a_read_leaves_it(any_db):
    before = _rev(any_db)
    with pytest.raises(RuntimeError), any_db.transaction() as s:
        _batch(s)
        s.flush()
        raise RuntimeError
    with any_db.transaction() as s:
        s.scalars(select(ImportBatch)).all()
    assert _rev(any_db) == before


def test_bookkeeping_does_not_count(any_db):
    before = _rev(any_db)
    with any_db.transaction() as s:
        s.add(AuditEntry(username="t", action="health:view", target="x", detail={}))
    assert _rev(any_db) == before


def test_uncommitted_writes_are_seen(any_db):
    with any_db.sessions() as s:
        assert not revision.has_uncommitted_writes(s)
        _batch(s)
        assert revision.has_uncommitted_writes(s)  # pending in the session
        s.flush()
        assert revision.has_uncommitted_writes(s)  # written, not committed
        s.commit()
        assert not revision.has_uncommitted_writes(s)


def test_a_write_moves_only_its_own_module(any_db):
    before = (_rev(any_db, "registry"), _rev(any_db, revision.ANY))
    with any_db.transaction() as s:
        _batch(s)
    assert (_rev(any_db, "registry"), _rev(any_db, revision.ANY)) == before


def test_memo_recomputes_when_the_data_change(any_db):
    memo, calls = Memo(reads=("platform",)), []

    def compute():
        with any_db.sessions() as s2:
            calls.append(1)
            return len(s2.scalars(select(ImportBatch)).all())

    with any_db.sessions() as s:
        first = memo.get(s, "batches", compute)
        assert memo.get(s, "batches", compute) == first and len(calls) == 1
    with any_db.transaction() as s:
        _batch(s)
    with any_db.sessions() as s:
        assert memo.get(s, "batches", compute) == first + 1 and len(calls) == 2


def test_memo_does_not_keep_what_a_session_has_not_committed(any_db):
    memo = Memo(reads=("platform",))
    with any_db.sessions() as s:
        _batch(s)
        s.flush()
        seen = memo.get(s, "n", lambda: len(s.scalars(select(ImportBatch)).all()))
        s.rollback()
        assert memo.get(s, "n", lambda: len(s.scalars(select(ImportBatch)).all())) == seen - 1


def test_memo_computes_once_for_concurrent_requests(any_db):
    memo, calls = Memo(reads=("platform",)), []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return 42

    def ask(out):
        with any_db.sessions() as s:
            out.append(memo.get(s, "k", slow))

    out: list[int] = []
    threads = [threading.Thread(target=ask, args=(out,)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [42] * 6 and len(calls) == 1


def test_a_restore_moves_it_on(any_db, tmp_path):
    from junheng.store.backup import dump, load

    with any_db.transaction() as s:
        _batch(s)
    dump(any_db, tmp_path / "b.json.gz")
    before = _rev(any_db)
    load(any_db, tmp_path / "b.json.gz")
    assert _rev(any_db) > before
    with any_db.sessions() as s:
        assert s.execute(text("SELECT count(*) FROM data_revision WHERE module = 'platform'")).scalar() == 1


def test_memo_ignores_writes_to_modules_it_does_not_read(any_db):
    memo, calls = Memo(reads=("registry",)), []
    with any_db.sessions() as s:
        memo.get(s, "k", lambda: calls.append(1))
    with any_db.transaction() as s:
        _batch(s)
    with any_db.sessions() as s:
        memo.get(s, "k", lambda: calls.append(1))
    assert len(calls) == 1
