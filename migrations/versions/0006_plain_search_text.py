"""Search text also in plain letters: refold what proposals and published minutes keep for search.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 22:50:00

The search text is derived from the rows' own text, so this only recomputes it with the
current folding (`forum.core.search`); going back leaves the extra plain spelling in place,
which the older code simply also searches.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

proposals = sa.table('proposals', sa.column('id', sa.Integer), sa.column('title', sa.String),
                     sa.column('description', sa.Text), sa.column('translations', sa.JSON),
                     sa.column('search_text', sa.Text))
versions = sa.table('minutes_versions', sa.column('id', sa.Integer),
                    sa.column('content', sa.JSON), sa.column('translations', sa.JSON),
                    sa.column('search_text', sa.Text))


def upgrade():
    from forum.minutes.document import search_text
    from forum.proposals.models import searchable

    connection = op.get_bind()
    for row in connection.execute(sa.select(proposals)).all():
        connection.execute(proposals.update().where(proposals.c.id == row.id)
                           .values(search_text=searchable(row)))
    for row in connection.execute(sa.select(versions)).all():
        connection.execute(versions.update().where(versions.c.id == row.id)
                           .values(search_text=search_text(row.content, row.translations)))


def downgrade():
    pass
