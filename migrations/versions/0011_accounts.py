"""Accounts: confirmed e-mail addresses, their confirmation links, and the wait after wrong
passwords.

Addresses stored before this revision count as unconfirmed: nobody ever showed they read them.
Mail already sent is emptied: old reset links must not stay readable in the outbox.

Revision ID: 0011_accounts
Revises: 0010_cycle
Create Date: 2026-12-07 04:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_accounts'
down_revision = '0010_cycle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('sign_in_wait_until', sa.DateTime(), nullable=True))
    op.create_table(
        'email_confirmations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_email_confirmations_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_confirmations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_email_confirmations_token_hash')),
    )
    with op.batch_alter_table('email_confirmations') as batch_op:
        batch_op.create_index(batch_op.f('ix_email_confirmations_user_id'), ['user_id'],
                              unique=False)
    op.execute(sa.text("UPDATE outbox_messages SET body = '' WHERE sent_at IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('email_confirmations') as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_confirmations_user_id'))
    op.drop_table('email_confirmations')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('sign_in_wait_until')
        batch_op.drop_column('failed_sign_ins')
        batch_op.drop_column('email_confirmed_at')
