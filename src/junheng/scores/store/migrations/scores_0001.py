"""scores: exams, exam students, scores per subject, item scores, class–teacher–subject table

Revision ID: scores_0001
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

# The exam's students, scores and items have no foreign key (PostgreSQL checks one row by row, 3–4× slower COPY
# of 1.8 M rows); deleting an exam (undoing its import batch) deletes them through this trigger instead.
_CHILDREN = ("scores_item", "scores_score", "scores_student")
_DELETES = " ".join(f"DELETE FROM {t} WHERE exam_id = OLD.id;" for t in _CHILDREN)


def _create_cascade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION scores_exam_cascade() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN {_DELETES} RETURN OLD; END $$")
        op.execute("CREATE TRIGGER scores_exam_cascade AFTER DELETE ON scores_exam FOR EACH ROW "
                   "EXECUTE FUNCTION scores_exam_cascade()")
    else:
        op.execute(f"CREATE TRIGGER scores_exam_cascade AFTER DELETE ON scores_exam FOR EACH ROW BEGIN {_DELETES} END")


def _drop_cascade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS scores_exam_cascade ON scores_exam")
        op.execute("DROP FUNCTION IF EXISTS scores_exam_cascade()")
    else:
        op.execute("DROP TRIGGER IF EXISTS scores_exam_cascade")


revision = "scores_0001"
down_revision = "0001_foundation"
branch_labels = ("scores",)
depends_on = None


def upgrade() -> None:
    op.create_table('scores_class_teacher',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('school_year', sa.String(length=9), nullable=False),
    sa.Column('school_id', sa.String(length=10), nullable=False),
    sa.Column('class_name', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('teacher', sa.String(length=64), nullable=False),
    sa.Column('teacher_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores_class_teacher')),
    sa.UniqueConstraint('school_year', 'school_id', 'class_name', 'subject', name='uq_scores_class_teacher')
    )
    op.create_index(op.f('ix_scores_class_teacher_school_year'), 'scores_class_teacher', ['school_year'], unique=False)
    op.create_table('scores_exam',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=True),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('n_students', sa.Integer(), nullable=False),
    sa.Column('n_matched', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_scores_exam_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores_exam'))
    )
    op.create_index(op.f('ix_scores_exam_batch_id'), 'scores_exam', ['batch_id'], unique=False)
    op.create_index(op.f('ix_scores_exam_date'), 'scores_exam', ['date'], unique=False)
    op.create_table('scores_item',
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('choice', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('exam_id', 'seq', 'subject', 'item', name=op.f('pk_scores_item'))
    )
    op.create_table('scores_score',
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('exam_id', 'seq', 'subject', name=op.f('pk_scores_score'))
    )
    op.create_table('scores_student',
    sa.Column('exam_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('student_key', sa.String(length=40), nullable=False),
    sa.Column('registry_id', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('school_id', sa.String(length=10), nullable=False),
    sa.Column('class_name', sa.String(length=32), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('exam_id', 'seq', name=op.f('pk_scores_student')),
    sa.UniqueConstraint('exam_id', 'student_key', name='uq_scores_student_key')
    )
    op.create_index('ix_scores_student_exam_school', 'scores_student', ['exam_id', 'school_id'], unique=False)
    op.create_index(op.f('ix_scores_student_registry_id'), 'scores_student', ['registry_id'], unique=False)
    _create_cascade()


def downgrade() -> None:
    _drop_cascade()
    op.drop_index(op.f('ix_scores_student_registry_id'), table_name='scores_student')
    op.drop_index('ix_scores_student_exam_school', table_name='scores_student')
    op.drop_table('scores_student')
    op.drop_table('scores_score')
    op.drop_table('scores_item')
    op.drop_index(op.f('ix_scores_exam_date'), table_name='scores_exam')
    op.drop_index(op.f('ix_scores_exam_batch_id'), table_name='scores_exam')
    op.drop_table('scores_exam')
    op.drop_index(op.f('ix_scores_class_teacher_school_year'), table_name='scores_class_teacher')
    op.drop_table('scores_class_teacher')
