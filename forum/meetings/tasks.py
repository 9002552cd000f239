"""Session reminders as a periodic job of the worker: every ten minutes, under a lock."""

from __future__ import annotations

from contextlib import suppress

from flask import current_app
from huey import crontab

from forum.core import mail
from forum.core.queue import huey, in_app
from forum.meetings import reminders


@huey.periodic_task(crontab(minute="*/10"))
@huey.lock_task("send-reminders")
@in_app
def send_reminders() -> int:
    """Queue the reminders that are due (each is recorded once), then deliver them."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = reminders.remind()
    if count:
        with suppress(mail.MailServerUnavailable):  # kept in the outbox; retried each minute
            mail.deliver_pending(limit=10_000)
    return count
