"""data revisions: per module, a counter moved on by every committed write to its tables (cache keys)

Revision ID: 0003_data_revision
Revises: 0002_web_session
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_data_revision'
down_revision = '0002_web_session'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_revision',
    sa.Column('module', sa.String(length=32), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('module', name=op.f('pk_data_revision'))
    )


def downgrade() -> None:
    op.drop_table('data_revision')
