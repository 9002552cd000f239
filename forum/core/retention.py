"""Personal data kept no longer than it serves: each area registers what it forgets and when,
and one daily job of the worker (or `flask forget-expired`) deletes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete

from forum.core.db import utcnow
from forum.core.mail import MAX_ATTEMPTS
from forum.core.models import OutboxMessage
from forum.extensions import db

# (what it is, for people reading the output; a function deleting what expired by `now`: rows)
_FORGETTERS: list[tuple[str, Callable[[datetime], int]]] = []


def forgets(what: str):
    """Register a function `(now) -> rows deleted` under a plain description."""
    def register(function):
        if all(existing is not function for _what, existing in _FORGETTERS):
            _FORGETTERS.append((what, function))
        return function
    return register


def forget_expired(now: datetime | None = None) -> dict[str, int]:
    """Run every registered deletion, each in its own transaction; rows deleted by each."""
    from forum.core import queue

    queue.bind(current_app._get_current_object())  # the areas register theirs in their tasks
    now = now or utcnow()
    counts = {}
    for what, function in _FORGETTERS:
        counts[what] = function(now)
        db.session.commit()
    return counts


@forgets("e-mails sent (or given up) longer ago than MAIL_KEEP_DAYS")
def _old_mail(now: datetime) -> int:
    cutoff = now - timedelta(days=current_app.config["MAIL_KEEP_DAYS"])
    done = OutboxMessage.sent_at.is_not(None) | (OutboxMessage.attempts >= MAX_ATTEMPTS)
    return db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.created_at < cutoff, done)).rowcount


@click.command("forget-expired")
@with_appcontext
def forget_expired_command() -> None:
    """Delete personal data past its time (the worker does this each night)."""
    for what, count in forget_expired().items():
        click.echo(f"{count:6d}  {what}")
