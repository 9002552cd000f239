"""Outbox messages are claimed by one deliverer at a time, and wait out a back-off after a failure.

Revision ID: 0012_queue
Revises: 0011_accounts
Create Date: 2026-12-07 05:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_queue'
down_revision = '0011_accounts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('claimed_until')
