"""Opening and closing votes at their planned times, and counting them, as periodic jobs of the
worker (each under a lock, so two workers never open or count one vote twice)."""

from __future__ import annotations

from huey import crontab

from forum.budgeting import jobs, moves, results  # noqa: F401 - jobs registers its kinds
from forum.core.queue import huey, in_app


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("close-due-votes")
@in_app
def close_due_votes() -> int:
    """Close every vote whose time is over and publish its results; returns how many."""
    return results.close_due()


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("open-due-votes")
@in_app
def open_due_votes() -> int:
    """Open voting of every checked cycle whose planned opening time has come."""
    return moves.open_due()
