"""The task queue (Huey): web processes enqueue, `flask worker` runs tasks and periodic jobs.

Storage is SQLite under instance/ by default, or Redis when QUEUE_URL (or REDIS_URL) is set;
QUEUE_IMMEDIATE runs each task at once in the caller (tests). A web process loads this module,
Huey and the task modules on its first enqueue, not at start-up.
"""

from __future__ import annotations

import os
from functools import wraps

import click
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

# Results are not kept (nobody reads them); the storage is set by bind().
huey = Huey("forum", results=False, immediate=True, storage_class=MemoryStorage)
_app: Flask | None = None


def storage_for(url: str | None, instance_path: str) -> tuple[type, dict]:
    """The Huey storage class and its arguments for a queue URL (None: SQLite in instance/)."""
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url and not url.startswith("sqlite:///"):
        raise ValueError(f"QUEUE_URL must be redis://… or sqlite:///…, not {url!r}")
    path = url.removeprefix("sqlite:///") if url else os.path.join(instance_path, "queue.sqlite")
    return SqliteStorage, {"filename": path}


def bind(app: Flask) -> None:
    """Point the queue at the app's storage and register its tasks (`create_app` lists the
    task modules in `app.extensions["task_modules"]`); again only for another app."""
    global _app
    import importlib

    if _app is app:
        return
    url = app.config.get("QUEUE_URL") or os.environ.get("REDIS_URL")
    huey.storage_class, huey.storage_kwargs = storage_for(url, app.instance_path)
    old = huey.storage
    huey._immediate = bool(app.config.get("QUEUE_IMMEDIATE"))
    if huey.storage_class is SqliteStorage and not huey._immediate:
        os.makedirs(os.path.dirname(huey.storage_kwargs["filename"]) or ".", exist_ok=True)
    huey.storage = huey.create_storage()
    old.close()
    _app = app
    for module in app.extensions["task_modules"]:
        importlib.import_module(module)


def in_app(function):
    """Run a task in its own app context (and database session) of the current or built app."""
    @wraps(function)
    def inner(*args, **kwargs):
        app = current_app._get_current_object() if has_app_context() else _app
        bind(app)
        with app.app_context():
            return function(*args, **kwargs)
    return inner


def enqueue(task, *args) -> None:
    """Put a task on the queue; if the queue cannot be reached, the periodic jobs catch up."""
    try:
        bind(current_app._get_current_object())
        task(*args)
    except Exception:  # the change is saved: never turn it into an error page
        current_app.logger.exception("could not enqueue %s", getattr(task, "name", task))


@click.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Tasks run at once.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run queued tasks and the periodic jobs (reminders, opening and closing votes, mail)."""
    from huey.consumer_options import ConsumerConfig

    bind(current_app._get_current_object())
    if huey.immediate:
        raise click.ClickException("QUEUE_IMMEDIATE is set: tasks run in the web process.")
    # A worker killed in a periodic job leaves its lock behind: clear locks at start. Were two
    # workers to run a job at once after that, the jobs stay correct (claims, row locks).
    config = ConsumerConfig(workers=workers, worker_type="thread", periodic=True,
                            check_worker_health=True, flush_locks=True)
    config.setup_logger()
    click.echo(f"Worker: {workers} thread(s) on {huey.storage.__class__.__name__} "
               f"({huey.storage_kwargs.get('filename') or 'Redis'}).")
    huey.create_consumer(**config.values).run()
