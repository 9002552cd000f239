"""Published minutes keep their PDF once laid out, instead of laying it out on every request.

Revision ID: 0013_jobs
Revises: 0012_queue
Create Date: 2026-12-07 05:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013_jobs'
down_revision = '0012_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'minutes_pdfs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('minutes_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('etag', sa.String(length=64), nullable=False),
        sa.Column('body', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('minutes_id', 'number', 'language', 'etag'),
    )


def downgrade():
    op.drop_table('minutes_pdfs')
