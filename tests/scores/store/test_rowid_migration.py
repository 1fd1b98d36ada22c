"""Migration scores_0002: an exam's rows move into WITHOUT ROWID tables on SQLite with nothing lost, the undo
trigger still deletes them, and the downgrade moves them back; PostgreSQL is left as it was."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from junheng.store.db import alembic_config

pytestmark = pytest.mark.db

ROWS = {"scores_student": 3, "scores_score": 6, "scores_item": 2}


def _fill(db) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO scores_exam (id, name, date, subjects, settings, items, file_name, n_students,"
                          " n_matched, created_by, created_at) VALUES (7, '期末', '2025-06-20', '[]', '{}', '{}',"
                          " 'a.xlsx', 3, 0, 't', '2025-06-20 08:00:00')"))
        for seq in range(3):
            conn.execute(text("INSERT INTO scores_student VALUES (7, :s, :k, NULL, '学生', '2133010001', '1班', :r)"),
                         {"s": seq, "k": f"K{seq}", "r": seq + 2})
            for subject, score in (("语文", 90.5 + seq), ("数学", None)):
                conn.execute(text("INSERT INTO scores_score VALUES (7, :s, :j, :v)"),
                             {"s": seq, "j": subject, "v": score})
        conn.execute(text("INSERT INTO scores_item VALUES (7, 0, '数学', '1', 3.0, NULL), (7, 1, '数学', '1', NULL, 'A')"))


def _counts(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ROWS}


def _without_rowid(db) -> dict[str, bool]:
    with db.engine.connect() as conn:
        return {t: conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": t}).scalar()
                .rstrip().endswith("WITHOUT ROWID") for t in ROWS}


def test_rows_survive_both_ways_and_the_undo_trigger_still_deletes_them(deployment):
    db = deployment.db
    cfg = alembic_config(db.url)
    sqlite = db.url.startswith("sqlite")
    command.downgrade(cfg, "scores_0001")
    _fill(db)
    if sqlite:
        assert _without_rowid(db) == dict.fromkeys(ROWS, False)
    command.upgrade(cfg, "heads")
    assert _counts(db) == ROWS
    if sqlite:
        assert _without_rowid(db) == dict.fromkeys(ROWS, True)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT score FROM scores_score WHERE seq = 2 AND subject = '语文'")).scalar() == 92.5
        assert conn.execute(text("SELECT choice FROM scores_item WHERE seq = 1")).scalar() == "A"
        indexes = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scores_student' AND sql IS NOT NULL"
            if sqlite else "SELECT indexname FROM pg_indexes WHERE tablename = 'scores_student'"))}
    assert {"ix_scores_student_exam_school", "ix_scores_student_registry_id"} <= indexes
    command.downgrade(cfg, "scores_0001")
    assert _counts(db) == ROWS
    if sqlite:
        assert _without_rowid(db) == dict.fromkeys(ROWS, False)
    command.upgrade(cfg, "heads")
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM scores_exam WHERE id = 7"))
    assert _counts(db) == dict.fromkeys(ROWS, 0)
