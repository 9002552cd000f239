"""The task queue: where it keeps its tasks, what happens when it is down, locks on periodic jobs,
and real worker processes delivering mail beside `flask outbox send` without sending twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import func, select

from forum.budgeting.models import Cycle
from forum.core import tasks
from forum.core.models import AuditEntry, OutboxMessage
from forum.core.queue import huey, storage_for
from forum.extensions import db
from tests.conftest import empty_all_tables, make_app
from tests.core.smtpserver import mail_config, smtp_server
from tests.fixtures.accounts import create_user
from tests.fixtures.budgeting import create_cycle
from tests.fixtures.forums import create_forum
from tests.helpers import outbox

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/13"


def test_tasks_are_kept_in_sqlite_under_instance_unless_a_redis_url_is_given(tmp_path):
    assert storage_for(None, str(tmp_path)) == (
        SqliteStorage, {"filename": str(tmp_path / "queue.sqlite")})
    assert storage_for(REDIS, str(tmp_path)) == (RedisStorage, {"url": REDIS})
    with pytest.raises(ValueError, match="QUEUE_URL"):
        storage_for("amqp://elsewhere", str(tmp_path))


def _ask_for_a_new_password(app) -> int:
    with app.app_context():
        create_user(email="ana@example.org")
    return app.test_client().post("/en/accounts/reset",
                                  data={"email": "ana@example.org"}).status_code


def test_with_redis_the_request_queues_a_task_there_and_the_worker_delivers(database_url):
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    app = make_app(database_url, QUEUE_IMMEDIATE=False, QUEUE_URL=REDIS)
    huey.flush()
    assert _ask_for_a_new_password(app) == 302
    assert huey.pending_count() == 1 and outbox(app)[0].sent_at is None
    huey.execute(huey.dequeue())
    assert outbox(app)[0].sent_at is not None
    huey.flush()
    with app.app_context():
        empty_all_tables()


def test_when_the_queue_is_down_the_page_answers_and_the_mail_waits(database_url, caplog):
    app = make_app(database_url, QUEUE_IMMEDIATE=False, QUEUE_URL="redis://127.0.0.1:9/0")
    assert _ask_for_a_new_password(app) == 302
    assert "could not enqueue" in caplog.text
    assert outbox(app)[0].sent_at is None  # nothing lost: the retry each minute sends it
    running = make_app(database_url)
    with running.app_context():
        tasks.retry_mail()
    assert outbox(app)[0].sent_at is not None
    with app.app_context():
        empty_all_tables()


def test_a_periodic_job_another_worker_is_running_is_not_run_twice(app):
    from forum.budgeting.tasks import close_due_votes

    with app.app_context():
        cycle = create_cycle(create_forum(slug="f"), closes_in=timedelta(seconds=-1))
        with huey.lock_task("close-due-votes"):  # another worker holds it
            close_due_votes()
        assert db.session.get(Cycle, cycle.id).phase == "voting"
        close_due_votes()
        close_due_votes()
        db.session.expire_all()
        assert db.session.get(Cycle, cycle.id).phase == "results"
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "budget.close")) == 1


def _worker_environment(database_url: str, queue_file: Path, port: int) -> dict:
    settings = {"ENV": "testing", "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI":
                database_url, "QUEUE_URL": f"sqlite:///{queue_file}", **mail_config(port)}
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.update({f"FORUM_{key}": str(value) for key, value in settings.items()})
    environment["FORUM_MAIL_USE_TLS"] = "false"
    return environment


def test_two_worker_processes_and_the_command_deliver_each_message_once(database_url, tmp_path):
    queue_file = tmp_path / "queue.sqlite"
    with smtp_server() as (port, recorder):
        app = make_app(database_url, QUEUE_IMMEDIATE=False, QUEUE_URL=f"sqlite:///{queue_file}",
                       **mail_config(port))
        with app.app_context():
            db.session.add_all([OutboxMessage(recipient=f"p{n}@example.org", subject="s",
                                              body="b", language="en") for n in range(40)])
            db.session.commit()
        for _ in range(4):
            tasks.deliver_mail()
        environment = _worker_environment(database_url, queue_file, port)
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        workers = [subprocess.Popen([*flask, "worker", "-w", "2"], cwd=ROOT,  # noqa: S603
                                    env=environment,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for _ in range(2)]
        try:
            subprocess.run([*flask, "outbox", "send"], cwd=ROOT,  # noqa: S603
                           env=environment, check=True,
                           capture_output=True, timeout=60)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(recorder.message_ids()) < 40:
                time.sleep(0.2)
            time.sleep(1)  # a second delivery, if there were one, would arrive now
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(20)
        ids = recorder.message_ids()
        assert len(ids) == 40 and len(set(ids)) == 40
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None))) == 0
            empty_all_tables()
    assert huey.pending_count() == 0  # the workers took every task
    make_app(database_url)  # back to running tasks at once for the tests that follow
