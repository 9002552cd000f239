"""Long work runs as jobs with their progress, errors so far, report, and uploaded input.

Revision ID: 0016_jobs_progress
Revises: 0015_desk
Create Date: 2026-12-07 12:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016_jobs_progress'
down_revision = '0015_desk'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=True),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('input', sa.LargeBinary(), nullable=True),
        sa.Column('same_as', sa.String(length=64), nullable=True),
        sa.Column('rows_total', sa.Integer(), nullable=True),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('error_count', sa.Integer(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.Column('failure', sa.JSON(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'],
                                name=op.f('fk_jobs_forum_id_forums'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['started_by_id'], ['users.id'],
                                name=op.f('fk_jobs_started_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index('ix_jobs_status_heartbeat', 'jobs', ['status', 'heartbeat_at'])
    op.create_index(op.f('ix_jobs_forum_id'), 'jobs', ['forum_id'])
    op.create_index(op.f('ix_jobs_same_as'), 'jobs', ['same_as'])


def downgrade():
    op.drop_table('jobs')
