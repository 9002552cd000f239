"""Mail delivery on the queue: a task per committed change that wrote mail, and a retry each
minute for what waited (a server down, a killed worker, a back-off run out); long jobs; each
hour, forgetting the one-time tokens of forms sent a day ago; and each night, the deletion of
personal data past its time."""

from __future__ import annotations

from huey import crontab

from forum.core import jobs, mail, once, retention
from forum.core.queue import huey, in_app


@huey.task(retries=6, retry_delay=60, retry_backoff=2)
@in_app
def deliver_mail() -> int:
    """Deliver what is in the outbox; retried with a growing delay while the server is down."""
    return mail.deliver_pending()


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("retry-mail")
@in_app
def retry_mail() -> int:
    try:
        return mail.deliver_pending(limit=1_000)
    except mail.MailServerUnavailable:  # recorded on each message; the next minute tries again
        return 0


@huey.task()
@in_app
def run_job(job_id: int) -> str | None:
    """Run one job (see `jobs.py`); a second delivery of the task finds it claimed and stops."""
    return jobs.run(job_id)


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("requeue-stuck-jobs")
@in_app
def requeue_stuck_jobs() -> int:
    """Give back to the queue the jobs of a worker killed while running them (and forget old
    finished ones)."""
    jobs.forget_old()
    return jobs.requeue_stuck()


@huey.periodic_task(crontab(minute="41"))
@huey.lock_task("forget-old-form-claims")
@in_app
def forget_old_form_claims() -> int:
    """One-time form tokens claimed over a day ago (sending a form no longer waits for it)."""
    return once.prune()


@huey.periodic_task(crontab(hour="3", minute="17"))
@huey.lock_task("forget-expired")
@in_app
def forget_expired() -> dict[str, int]:
    return retention.forget_expired()
