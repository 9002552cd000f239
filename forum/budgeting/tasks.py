"""Closing votes at their time and counting them, as a periodic job of the worker (under a lock,
so two workers never count one vote twice)."""

from __future__ import annotations

from huey import crontab

from forum.budgeting import results
from forum.core.queue import huey, in_app


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("close-due-votes")
@in_app
def close_due_votes() -> int:
    """Close every vote whose time is over and publish its results; returns how many."""
    return results.close_due()
