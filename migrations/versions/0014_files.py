"""Files every app server can read, when FILE_STORAGE keeps them in the database.

Revision ID: 0014_files
Revises: 0013_jobs
Create Date: 2026-12-07 12:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_files'
down_revision = '0013_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_files',
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=80), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('body', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('stored_files')
