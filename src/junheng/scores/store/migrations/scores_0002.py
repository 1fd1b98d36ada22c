"""scores: an exam's students, scores and item scores stored WITHOUT ROWID on SQLite

Revision ID: scores_0002
Revises: scores_0001
"""
import re

from alembic import op

# Each of these tables is read and deleted by its primary key (exam, student, subject …) only. With a rowid SQLite
# keeps two b-trees per table (the rows, and the key's index); without it the rows are stored in key order in one.
# Measured on 200,000 students × 9 subjects (benchmarks/scores_db.py): the import's write 3.9 → 3.2 s; 1.8 M
# score rows alone take 107 MB instead of 191 MB. PostgreSQL has no rowid: nothing to do there.
_TABLES = ("scores_item", "scores_score", "scores_student")

revision = "scores_0002"
down_revision = "scores_0001"
branch_labels = None
depends_on = None


def _rebuild(without_rowid: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    trigger = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name = 'scores_exam_cascade'").scalar()
    op.execute("DROP TRIGGER IF EXISTS scores_exam_cascade")  # its body names the tables being swapped
    for table in _TABLES:
        create = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                      (table,)).scalar()
        indexes = [r[0] for r in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))]
        body = create.rstrip().removesuffix("WITHOUT ROWID").rstrip()
        # after a rename SQLite keeps the name quoted: CREATE TABLE "scores_item" (…)
        new = re.sub(r'^CREATE TABLE\s+"?\w+"?', f"CREATE TABLE {table}_rebuilt", body, count=1)
        op.execute(new + (" WITHOUT ROWID" if without_rowid else ""))
        op.execute(f"INSERT INTO {table}_rebuilt SELECT * FROM {table}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
        for sql in indexes:
            op.execute(sql)
    if trigger:
        op.execute(trigger)


def upgrade() -> None:
    _rebuild(without_rowid=True)


def downgrade() -> None:
    _rebuild(without_rowid=False)
