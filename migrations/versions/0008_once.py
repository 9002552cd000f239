"""Forms sent twice have the effect of one: the table of claimed one-time form tokens.

Revision ID: 0008_once
Revises: 0007
Create Date: 2026-12-07 04:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008_once'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'once_claims',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('location', sa.String(length=2000), nullable=True),
        sa.Column('flashes', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_once_claims')),
    )
    with op.batch_alter_table('once_claims') as batch_op:
        batch_op.create_index(batch_op.f('ix_once_claims_created_at'), ['created_at'])


def downgrade():
    op.drop_table('once_claims')
