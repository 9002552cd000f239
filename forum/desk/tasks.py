"""The desk's periodic job: deleting contact details of cases closed long enough ago."""

from __future__ import annotations

from huey import crontab

from forum.core.queue import huey, in_app
from forum.desk import privacy


@huey.periodic_task(crontab(minute="17", hour="*"))
@huey.lock_task("desk-erase-contacts")
@in_app
def erase_expired_contacts() -> int:
    """Delete the contact details due for deletion; returns how many cases."""
    return privacy.erase_expired_contacts()
