"""Long work as jobs: started by a request, run once by a worker, with progress the person sees.

An area registers a `Kind` with the function that does the work. `start` records the job (its
input file in the database, so any worker on any server reads it) and queues it; `run` claims it
with one conditional UPDATE (two workers never run it twice), lets the work report progress in
short transactions of their own, and commits the work together with the job's report in ONE
transaction, so a failed job keeps nothing half-written and records why, as a message shown in
the reader's language. `requeue_stuck` gives a job whose worker was killed back to the queue.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import delete, func, select, update

from forum.core.db import utcnow
from forum.core.models import Job
from forum.extensions import db
from forum.i18n.sentences import gettext

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ERRORS = 50  # errors kept to show; `error_count` counts them all
EVERY = 500  # rows between two progress updates…
EVERY_SECONDS = 1.0  # …and seconds: a fast job writes its progress a few times at most
STUCK_AFTER = timedelta(minutes=10)  # running without a sign of life this long: worker gone
LOST_AFTER = timedelta(minutes=5)  # queued this long: its task never reached a worker
KEEP = timedelta(days=30)  # finished jobs are then forgotten
MAX_ATTEMPTS = 3

STATUS_LABELS = {QUEUED: _l("Waiting to start"), RUNNING: _l("Working…"), DONE: _l("Done"),
                 FAILED: _l("Stopped: nothing was saved")}
CRASHED = _l("Something went wrong on our side. Nothing was saved; try again, and tell the "
             "site's administrators if it happens again.")
GAVE_UP = _l("The work stopped %(num)d times before it could finish. Nothing was saved; try "
             "again with a smaller file, or tell the site's administrators.")


@dataclass(frozen=True)
class Kind:
    """What a kind of job does: `run(job, progress)` does the work in `db.session` without
    committing and returns the report (JSON); `title` names it on the progress page;
    `report_template` shows the report; `back(job)` is the (address, words) to return to."""

    name: str
    run: Callable
    title: LazyString
    report_template: str
    back: Callable


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> Kind:
    """The registered kind; the areas register theirs in modules the task queue loads."""
    if name not in KINDS:
        from forum.core import queue

        queue.bind(current_app._get_current_object())
    return KINDS[name]


class JobFailed(Exception):
    """The job cannot do its work: `message` is lazy text (`_l("…", name=value)`), kept as its
    source text and values and translated when the person reads it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def as_message(message) -> dict:
    """A lazy text as {text, args}, to keep in JSON and translate later."""
    if isinstance(message, LazyString):
        text = message._args[0] if message._args else str(message)
        return {"text": text, "args": {k: v if isinstance(v, int | float) else str(v)
                                       for k, v in message._kwargs.items()}}
    return {"text": str(message), "args": {}}


def translated(message: dict | None) -> str:
    """A kept message in the reader's language."""
    if not message:
        return ""
    return gettext(message["text"], **message.get("args", {}))


class Progress:
    """What the work says as it goes: rows done and the errors so far, written every `EVERY`
    rows (and `EVERY_SECONDS`) in a short transaction of its own (never in the work's), so
    others see it at once, and the sweep knows the worker is alive.

    Call `step` only before the work writes: on SQLite a second writer would wait for it."""

    def __init__(self, job: Job):
        self.job_id = job.id
        self.total, self.done, self.errors, self.error_count = job.rows_total, 0, [], 0
        self._written, self._at = 0, time.monotonic()

    def set_total(self, total: int) -> None:
        self.total = total
        self._write()

    def error(self, line: int | None, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"line": line, **as_message(message)})

    def step(self, done: int) -> None:
        self.done = done
        if done - self._written >= EVERY and time.monotonic() - self._at >= EVERY_SECONDS:
            self._write()

    def _write(self) -> None:
        self._written, self._at = self.done, time.monotonic()
        with db.engine.begin() as connection:
            connection.execute(update(Job).where(Job.id == self.job_id, Job.status == RUNNING)
                               .values(rows_total=self.total, rows_done=self.done,
                                       errors=list(self.errors), error_count=self.error_count,
                                       heartbeat_at=utcnow()))


def start(kind: str, *, forum=None, params: dict | None = None, input: bytes | None = None,
          same_as: str | None = None) -> Job:
    """Record a job for the signed-in person and queue it; a job for the same thing still
    queued or running (`same_as`) is returned instead of a second one."""
    if same_as is not None:
        found = pending(same_as)
        if found is not None:
            return found
    job = Job(kind=kind, forum_id=getattr(forum, "id", None), params=params or {},
              input=input, same_as=same_as, status=QUEUED,
              started_by_id=current_user.id if current_user.is_authenticated else None)
    db.session.add(job)
    db.session.commit()
    queue(job.id)
    db.session.expire(job)  # run at once in tests: read what the worker wrote
    return job


def pending(same_as: str) -> Job | None:
    return db.session.scalar(select(Job).where(Job.same_as == same_as,
                                               Job.status.in_((QUEUED, RUNNING)))
                             .order_by(Job.id).limit(1))


def queue(job_id: int) -> None:
    from forum.core import queue as task_queue
    from forum.core.tasks import run_job

    task_queue.enqueue(run_job, job_id)


def _claim(job_id: int) -> bool:
    """Take the queued job, in one statement: of two workers, exactly one gets it."""
    now = utcnow()
    with db.engine.begin() as connection:
        taken = connection.execute(
            update(Job).where(Job.id == job_id, Job.status == QUEUED)
            .values(status=RUNNING, attempts=Job.attempts + 1, started_at=now,
                    heartbeat_at=now, rows_done=0, errors=[], error_count=0))
    return taken.rowcount == 1


def run(job_id: int) -> str | None:
    """Run a queued job (the worker's task); returns its status, None if it was not ours."""
    if not _claim(job_id):
        return None
    job = db.session.get(Job, job_id)
    if job.attempts > MAX_ATTEMPTS:
        return _fail(job, {"text": GAVE_UP._args[0], "args": {"num": job.attempts - 1}})
    progress = Progress(job)
    try:
        _finish(job, kind_of(job.kind).run(job, progress), progress)
    except JobFailed as failure:
        db.session.rollback()
        return _fail(job, as_message(failure.message), progress)
    except Exception:  # the work, or its commit (a constraint): nothing of it is kept
        db.session.rollback()
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        return _fail(job, as_message(CRASHED), progress)
    return DONE


def _finish(job: Job, report: dict, progress: Progress) -> None:
    job.status, job.report, job.finished_at = DONE, report, utcnow()
    job.rows_total = progress.total if progress.total is not None else progress.done
    job.rows_done, job.errors = progress.done, progress.errors
    job.error_count, job.input = progress.error_count, None
    db.session.commit()  # the work and its report, together


def _fail(job: Job, message: dict, progress: Progress | None = None) -> str:
    job = db.session.get(Job, job.id)
    job.status, job.failure, job.finished_at, job.input = FAILED, message, utcnow(), None
    if progress is not None:
        job.rows_done, job.errors = progress.done, progress.errors
        job.error_count = progress.error_count
    db.session.commit()
    return FAILED


def requeue_stuck(now=None) -> int:
    """Give back to the queue each job still running with no sign of life for `STUCK_AFTER`
    (its worker was killed), and queue again a job waiting since `LOST_AFTER` (its task was
    lost: the queue was down). Each is given back once, by whoever changes it first; running
    it twice is harmless, as only one worker can claim it."""
    now = now or utcnow()
    rules = ((RUNNING, STUCK_AFTER, {"status": QUEUED}), (QUEUED, LOST_AFTER, {}))
    given = 0
    for status, after, change in rules:
        late = (Job.status == status, func.coalesce(Job.heartbeat_at, Job.created_at)
                < now - after)
        found = list(db.session.scalars(select(Job.id).where(*late)))
        db.session.rollback()
        for job_id in found:
            with db.engine.begin() as connection:
                changed = connection.execute(update(Job).where(Job.id == job_id, *late)
                                             .values(heartbeat_at=now, **change)).rowcount
            if changed:
                given += 1
                queue(job_id)
    return given


def forget_old(now=None) -> int:
    """Delete jobs finished `KEEP` ago: their reports may name people."""
    with db.engine.begin() as connection:
        return connection.execute(delete(Job).where(
            Job.status.in_((DONE, FAILED)), Job.finished_at < (now or utcnow()) - KEEP)).rowcount


def recent(forum, kind: str, **params) -> list[Job]:
    """The forum's latest jobs of this kind (with these params), newest first: the page that
    starts them links to them, for a person who left their progress page."""
    found = db.session.scalars(select(Job).where(Job.forum_id == forum.id, Job.kind == kind)
                               .order_by(Job.id.desc()).limit(20))
    return [job for job in found
            if all(job.params.get(key) == value for key, value in params.items())][:5]


def visible_to(job: Job, user, staff: bool) -> bool:
    """The person who started the job and the forum's secretariat (or an administrator)."""
    return staff or (getattr(user, "is_authenticated", False) and job.started_by_id == user.id)
