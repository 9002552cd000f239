"""The resident register finds duplicates and links accounts by a one-time code; ballots are
kept under their receipt with no link from a person, receipts apart once voting closes.

Revision ID: 0009_paper
Revises: 0008_once
Create Date: 2026-12-07 04:30:00

Going back restores the columns empty: the old link from a participation to its ballot is not
rebuilt (it must never exist again), so voters of an open vote then type their receipt.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_paper'
down_revision = '0008_once'
branch_labels = None
depends_on = None

records = sa.table('resident_records', sa.column('id', sa.Integer),
                   sa.column('full_name', sa.String), sa.column('name_key', sa.String))


def upgrade():
    from forum.budgeting.models.residents import name_key

    with op.batch_alter_table('resident_records') as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=160), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('neighbourhood', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('document_tail', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('duplicate_reason', sa.String(length=300),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('link_code_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_resident_records_name_key'), ['name_key'])
    connection = op.get_bind()
    for row in connection.execute(sa.select(records.c.id, records.c.full_name)).all():
        connection.execute(records.update().where(records.c.id == row.id)
                           .values(name_key=name_key(row.full_name or '')))
    with op.batch_alter_table('budget_participations') as batch_op:
        batch_op.drop_column('ballot_id')
    with op.batch_alter_table('budget_ballots') as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_ballots_receipt_hash'))
        batch_op.create_unique_constraint(batch_op.f('uq_budget_ballots_cycle_id_receipt_hash'),
                                          ['cycle_id', 'receipt_hash'])
    with op.batch_alter_table('budget_rejected_ballots') as batch_op:
        batch_op.drop_column('entered_at')
    op.create_table(
        'budget_receipts',
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('receipt_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['cycle_id'], ['budget_cycles.id'],
                                name=op.f('fk_budget_receipts_cycle_id_budget_cycles'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('cycle_id', 'receipt_hash', name=op.f('pk_budget_receipts')),
        sqlite_with_rowid=False)


def downgrade():
    op.drop_table('budget_receipts')
    with op.batch_alter_table('budget_rejected_ballots') as batch_op:
        batch_op.add_column(sa.Column('entered_at', sa.DateTime(), nullable=False,
                                      server_default=sa.func.now()))
    with op.batch_alter_table('budget_ballots') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_budget_ballots_cycle_id_receipt_hash'),
                                 type_='unique')
        batch_op.create_index(batch_op.f('ix_budget_ballots_receipt_hash'), ['receipt_hash'])
    with op.batch_alter_table('budget_participations') as batch_op:
        batch_op.add_column(sa.Column('ballot_id', sa.String(length=32), nullable=True))
    with op.batch_alter_table('resident_records') as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_records_name_key'))
        for column in ('link_code_hash', 'duplicate_reason', 'document_tail', 'neighbourhood',
                       'name_key'):
            batch_op.drop_column(column)
