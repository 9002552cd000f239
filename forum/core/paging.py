"""A page of a list with its total in one query: the total rides along each row as a window
count (`count(*) over ()`), where `db.paginate` asks the database a second time.

Built on Flask-SQLAlchemy's `Pagination`, so templates read the same `items`, `total`, `pages`,
`has_next`… Extra columns of the select (a count of supports, say) come back in `extras`, one
tuple per item.
"""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from forum.extensions import db


class CountedPage(Pagination):
    """The rows of one page, their extra columns, and the total of the whole list."""

    def _query_items(self) -> list:
        query = self._query_args["select"]
        rows = db.session.execute(
            query.add_columns(func.count().over().label("page_total"))
            .limit(self.per_page).offset(self._query_offset)).all()
        # Past the last page no row brings the total: only then is it counted apart.
        self._counted = rows[0][-1] if rows else (0 if self.page == 1 else None)
        self.extras = [tuple(row[1:-1]) for row in rows]
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._counted is not None:
            return self._counted
        query = self._query_args["select"].options(lazyload("*")).order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(query))


def paginate(query: Select, per_page: int) -> CountedPage:
    """Like `db.paginate(query, per_page=…, error_out=False)`, in one query."""
    return CountedPage(select=query, per_page=per_page, max_per_page=None, error_out=False)
