"""Periodic work of plans: reminders before funding deadlines, each hour under a lock (each
reminder is also claimed in the database, so it goes out once however often this runs)."""

from __future__ import annotations

from contextlib import suppress

from flask import current_app
from huey import crontab

from forum.core import mail
from forum.core.queue import huey, in_app
from forum.plans import funding


@huey.periodic_task(crontab(minute="15"))
@huey.lock_task("plan-funding-reminders")
@in_app
def remind_funding_deadlines() -> int:
    """Queue the reminders of funding deadlines now due, then deliver them; how many."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = funding.send_due()
    if count:
        with suppress(mail.MailServerUnavailable):  # kept in the outbox; retried later
            mail.deliver_pending(limit=10_000)
    return count
