"""A budget vote can be cancelled with a public reason; a cycle in voting has opened.

Revision ID: 0010_cycle
Revises: 0009_paper
Create Date: 2026-12-07 04:30:00

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0010_cycle'
down_revision = '0009_paper'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_cycles') as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cancel_language', sa.String(length=16), nullable=True))
    # "Voting" now always means open: a cycle moved to voting before its planned opening
    # time opened when it was moved, so say it opened now.
    now = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)
    cycles = sa.table('budget_cycles', sa.column('phase', sa.String),
                      sa.column('vote_opens_at', sa.DateTime))
    op.execute(cycles.update().where(cycles.c.phase == 'voting', cycles.c.vote_opens_at > now)
               .values(vote_opens_at=now))


def downgrade():
    with op.batch_alter_table('budget_cycles') as batch_op:
        batch_op.drop_column('cancel_language')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
