"""The secretariat is told of new proposals: a setting to turn those e-mails off.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 22:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal_notice_preferences') as batch_op:
        batch_op.add_column(sa.Column('new_ones', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('proposal_notice_preferences') as batch_op:
        batch_op.drop_column('new_ones')
