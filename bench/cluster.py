"""Two app servers and two workers on one PostgreSQL database and one Redis, with a worker killed
midway: every ballot counted once, every e-mail delivered once, every reminder once, the vote
closed once with its result, and photos served by both servers.

Voters (each opening the ballot and sending it) and password-reset requests (each writing one
e-mail) alternate between the two gunicorn servers; the workers deliver the mail to an SMTP
server in this process. Halfway, worker 1 is killed with SIGKILL and started again five seconds
later, as systemd would. Then the session reminders and the closing of the vote are set off
twice at once (two queued tasks and a `flask` command each), and the database and the SMTP
server are checked.

    .venv/bin/python bench/cluster.py [--voters 1000] [--emails 500] [--members 40]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_cluster]
        [--redis redis://127.0.0.1:6379/14]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.voting import free_port, fresh_database  # noqa: E402

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')
SECRET = "bench-cluster-secret-not-for-use"  # noqa: S105 - a throwaway bench database
SUBJECT_REMINDER = "reminder"


class MailSink:
    """An SMTP server (aiosmtpd) that keeps the Message-ID and recipient of each message."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes

        message = message_from_bytes(envelope.content)
        with self.lock:
            self.received.append((message["Message-ID"], message["To"]))
        return "250 OK"


def prepare(url: str, voters: int, emails: int, members: int) -> dict:
    """Schema, a forum with members and a session tomorrow-ish, a vote with a photographed item,
    people to vote and to ask for a password reset; their signed session cookies."""
    from forum import create_app
    from forum.accounts.models import User
    from forum.budgeting import images
    from forum.budgeting.models import Cycle, Item
    from forum.core.migrations import upgrade
    from forum.extensions import db
    from forum.forums.models import Forum, Membership
    from forum.meetings.models import Meeting

    app = create_app({"ENV": "testing", "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url,
                      "FILE_STORAGE": "database", "QUEUE_IMMEDIATE": True})
    with app.app_context():
        upgrade()
        now = datetime.now(UTC)
        forum = Forum(slug="bench", name="Bench", language="en", country="AL", municipality="B",
                      timezone="Europe/Tirane", languages=["en"], currency="ALL")
        db.session.add(forum)
        db.session.flush()
        from PIL import Image

        photo = images.keep(Image.new("RGB", (320, 240), (30, 120, 200)), quality=80)
        cycle = Cycle(forum_id=forum.id, title="Bench", language="en", currency="ALL",
                      budget=5_000_000, phase="voting", max_length=3,
                      vote_opens_at=now - timedelta(hours=1),
                      vote_closes_at=now + timedelta(days=1))
        db.session.add(cycle)
        db.session.flush()
        items = [Item(cycle_id=cycle.id, title=f"Item {n}", language="en", image=photo,
                      estimated_cost=100_000 * n, official_cost=100_000 * n, status="feasible")
                 for n in range(1, 21)]
        db.session.add_all(items)
        people = [{"display_name": f"Person {n}", "email": f"person{n}@example.org",
                   "language": "en", "is_admin": False, "session_version": 1,
                   "created_at": now, "email_confirmed_at": now}
                  for n in range(max(voters, emails, members))]
        db.session.execute(User.__table__.insert(), people)
        ids = [u.id for u in db.session.scalars(db.select(User).order_by(User.id))]
        db.session.add_all(Membership(forum_id=forum.id, user_id=i, role="member")
                           for i in ids[:members])
        db.session.add(Meeting(uid="bench-session@example.org", forum_id=forum.id,
                               title="Forum session", starts_at=now + timedelta(hours=3),
                               ends_at=now + timedelta(hours=5)))
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        db.engine.dispose()
        return {"cycle": cycle.id, "items": [item.id for item in items], "photo_item": items[0].id,
                "photo": photo, "forum": forum.id,
                "cookies": [serializer.dumps({"_user_id": f"{i}:1", "_fresh": True})
                            for i in ids[:voters]],
                "emails": [f"person{n}@example.org" for n in range(emails)]}


def _form_post(port: int, path: str, fields: list[tuple[str, str | int]],
               cookie: str | None = None) -> int:
    """GET a form for its CSRF token, then POST it; the answer's status."""
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    hidden = [dict(ATTRIBUTE.findall(tag)) for tag in HIDDEN.findall(response.read().decode())]
    session = re.search(r"session=([^;]+)", response.getheader("Set-Cookie") or "")
    headers = {"Cookie": f"session={session.group(1) if session else cookie}",
               "Content-Type": "application/x-www-form-urlencoded"}
    form = [(field["name"], field.get("value", "")) for field in hidden if "name" in field]
    connection.request("POST", path, body=urllib.parse.urlencode([*form, *fields]),
                       headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


class Cluster:
    """The processes: two gunicorn servers and two workers, with the same settings."""

    def __init__(self, database: str, redis_url: str, mail_port: int):
        self.env = {**os.environ, "FORUM_ENV": "testing", "FORUM_SECRET_KEY": SECRET,
                    "DATABASE_URL": database, "REDIS_URL": redis_url,
                    "FORUM_RATELIMIT_ENABLED": "false", "FORUM_MAIL_SERVER": "127.0.0.1",
                    "FORUM_MAIL_PORT": str(mail_port), "FORUM_MAIL_USE_TLS": "false",
                    "FORUM_MAIL_CLAIM_SECONDS": "15", "FORUM_FILE_STORAGE": "database",
                    "FORUM_PUBLIC_URL": "http://127.0.0.1"}
        self.ports = [free_port(), free_port()]
        self.servers = [self._start([sys.executable, "-m", "gunicorn", "wsgi:app", "-b",
                                     f"127.0.0.1:{port}", "-w", "2", "-k", "gthread",
                                     "--threads", "4", "--log-level", "warning"])
                        for port in self.ports]
        self.workers = [self._start_worker(), self._start_worker()]
        for port in self.ports:
            _wait_for(port)

    def _start(self, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def _start_worker(self) -> subprocess.Popen:
        return self._start([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "-w", "2"])

    def flask(self, *args: str) -> subprocess.Popen:
        return self._start([sys.executable, "-m", "flask", "--app", "wsgi", *args])

    def kill_worker_and_restart(self, index: int, after: float = 5.0) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait()
        time.sleep(after)
        self.workers[index] = self._start_worker()

    def stop(self) -> None:
        for process in self.servers + self.workers:
            process.send_signal(signal.SIGTERM if process in self.servers else signal.SIGINT)
        for process in self.servers + self.workers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server on port {port}")


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def _enqueue_twice(database: str, redis_url: str) -> None:
    """Queue the reminders and the closing of due votes twice each, as two clocks would."""
    from forum import create_app
    from forum.core.queue import huey

    app = create_app({"ENV": "testing", "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": database,
                      "QUEUE_URL": redis_url})
    from forum.budgeting.tasks import close_due_votes
    from forum.meetings.tasks import send_reminders

    for task in (send_reminders, close_due_votes, send_reminders, close_due_votes):
        task()
    huey.storage.conn.connection_pool.disconnect()
    with app.app_context():
        from forum.extensions import db

        db.engine.dispose()


def run(voters: int, emails: int, members: int, database: str, redis_url: str,
        wait: float = 240.0) -> dict:
    """Drive the cluster; the figures and checks as a dict."""
    fresh_database(database)
    _flush_redis(redis_url)
    world = prepare(database, voters, emails, members)
    sink = MailSink()
    sink.controller.start()
    cluster = Cluster(database, redis_url, sink.controller.port)
    try:
        figures = _drive(cluster, world)
        figures.update(_set_off_and_wait(cluster, world, database, redis_url, emails, members,
                                         wait))
        figures["photo_sizes"] = [_photo_size(port, world) for port in cluster.ports]
    finally:
        cluster.stop()
        sink.controller.stop()
    figures.update(_check(database, world, sink, voters))
    return figures


def _drive(cluster: Cluster, world: dict) -> dict:
    vote_path = f"/en/forums/bench/budgeting/{world['cycle']}/vote"
    items = world["items"]
    jobs = [("vote", n, cookie) for n, cookie in enumerate(world["cookies"])]
    jobs += [("reset", n, email) for n, email in enumerate(world["emails"])]
    jobs.sort(key=lambda job: job[1])  # interleaved: votes and e-mails all along
    done, halfway, killed = [0], len(jobs) // 2, threading.Event()
    lock = threading.Lock()

    def one(job) -> tuple[str, int]:
        kind, n, who = job
        port = cluster.ports[n % 2]
        if kind == "vote":
            status = _form_post(port, vote_path, [("item", items[n % 20]),
                                                   ("item", items[(n + 7) % 20])], cookie=who)
        else:
            status = _form_post(port, "/en/accounts/reset", [("email", who)])
        with lock:
            done[0] += 1
            if done[0] == halfway:
                killed.set()
        return kind, status

    started = time.perf_counter()
    killer = threading.Thread(target=lambda: killed.wait() or cluster.kill_worker_and_restart(0),
                              daemon=True)
    killer.start()
    try:
        with ThreadPoolExecutor(16) as pool:
            answers = Counter(pool.map(one, jobs))
    finally:
        killed.set()
    seconds = time.perf_counter() - started
    killer.join()
    return {"drive_seconds": seconds, "answers": dict(answers)}


def _set_off_and_wait(cluster: Cluster, world: dict, database: str, redis_url: str,
                      emails: int, members: int, wait: float) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE budget_cycles SET vote_closes_at = :now WHERE id = :id"),
                           {"now": datetime.now(UTC).replace(tzinfo=None), "id": world["cycle"]})
    _enqueue_twice(database, redis_url)
    commands = [cluster.flask("send-reminders"), cluster.flask("budgeting", "close-due")]
    for command in commands:
        command.wait(timeout=120)
    started, expected = time.perf_counter(), emails + members
    while time.perf_counter() - started < wait:
        with engine.connect() as connection:
            unsent = connection.execute(text(
                "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")).scalar()
            total = connection.execute(text("SELECT count(*) FROM outbox_messages")).scalar()
            phase = connection.execute(text("SELECT phase FROM budget_cycles WHERE id = :id"),
                                       {"id": world["cycle"]}).scalar()
        if not unsent and total >= expected and phase != "voting":
            break
        time.sleep(1)
    engine.dispose()
    return {"settle_seconds": time.perf_counter() - started}


def _photo_size(port: int, world: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/en/forums/bench/budgeting/{world['cycle']}/items/"
                              f"{world['photo_item']}/image")
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return len(body) if response.status == 200 and body[:2] == b"\xff\xd8" else 0


def _check(database: str, world: dict, sink: MailSink, voters: int) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.connect() as connection:
        def count(sql: str) -> int:
            return connection.execute(text(sql), {"cycle": world["cycle"]}).scalar()

        figures = {
            "participations": count("SELECT count(*) FROM budget_participations "
                                    "WHERE cycle_id = :cycle"),
            "voters_recorded": count("SELECT count(DISTINCT person_key) FROM "
                                     "budget_participations WHERE cycle_id = :cycle"),
            "ballots": count("SELECT count(*) FROM budget_ballots WHERE cycle_id = :cycle"),
            "closings": count("SELECT count(*) FROM audit_entries WHERE action = 'budget.close' "
                              "AND target_id = :cycle"),
            "result_rows": count("SELECT count(*) FROM budget_results WHERE cycle_id = :cycle"),
            "distinct_result_rows": count("SELECT count(DISTINCT (item_id, scope)) FROM "
                                          "budget_results WHERE cycle_id = :cycle"),
            "phase": connection.execute(text("SELECT phase FROM budget_cycles WHERE id = :cycle"),
                                        {"cycle": world["cycle"]}).scalar(),
            "reminders": count("SELECT count(*) FROM meeting_reminders"),
            "outbox": count("SELECT count(*) FROM outbox_messages"),
            "outbox_unsent": count("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"),
        }
    engine.dispose()
    received = Counter(message_id for message_id, _to in sink.received)
    figures.update(voters=voters, mail_received=len(sink.received),
                   mail_distinct=len(received),
                   mail_twice=sum(1 for n in received.values() if n > 1))
    return figures


def report(figures: dict) -> None:
    print(f"{figures['voters']} voters and {figures['outbox'] - figures['reminders']} password "
          f"e-mails through 2 gunicorn servers (2 processes x 4 threads each), 2 workers "
          f"(2 threads each; worker 1 killed with SIGKILL halfway and restarted after 5 s), "
          f"PostgreSQL and Redis, {os.cpu_count()} cores")
    print(f"driving: {figures['drive_seconds']:.1f} s; answers {figures['answers']}; "
          f"settled {figures['settle_seconds']:.1f} s after the reminders and the closing "
          f"were set off twice")
    print(f"ballots: {figures['participations']} participations for "
          f"{figures['voters_recorded']} voters, {figures['ballots']} ballots  ->  lost "
          f"{figures['voters'] - figures['voters_recorded']}, duplicated "
          f"{figures['participations'] - figures['voters_recorded']}")
    print(f"e-mail: {figures['outbox']} in the outbox ({figures['outbox_unsent']} unsent), "
          f"{figures['mail_received']} received, {figures['mail_distinct']} distinct, "
          f"{figures['mail_twice']} received twice")
    print(f"reminders: {figures['reminders']} recorded; "
          f"vote: closed {figures['closings']} time(s), "
          f"phase {figures['phase']}, {figures['result_rows']} result rows "
          f"({figures['distinct_result_rows']} distinct)")
    print(f"photo served by server 1: {figures['photo_sizes'][0]} bytes, by server 2: "
          f"{figures['photo_sizes'][1]} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--emails", type=int, default=500)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_cluster")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    report(run(args.voters, args.emails, args.members, args.database, args.redis))


if __name__ == "__main__":
    main()
