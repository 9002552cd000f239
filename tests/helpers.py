"""Small test helpers: counting SQL queries, reading the outbox, finding links in e-mails."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event, select

from forum.core.models import OutboxMessage
from forum.extensions import db


@contextmanager
def count_queries(app):
    """Count the SQL statements the app sends while the block runs."""
    counter = {"n": 0}

    def count(*_args, **_kwargs):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", count)


def outbox(app, recipient: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(db.session.scalars(query))


def link_in(body: str) -> str:
    """The path of the first link to this site in an e-mail body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def text_of(response) -> str:
    return response.get_data(as_text=True)
