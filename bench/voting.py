"""Online ballots accepted per second under concurrent load, on PostgreSQL under gunicorn,
and a check that none was lost or duplicated.

Each simulated voter opens the ballot page (for its CSRF token) and sends a ballot; a share of
them send the same ballot twice at the same moment, as a double click would. Afterwards the
database must hold exactly one participation and one ballot per voter.

    .venv/bin/python bench/voting.py [--voters 2000] [--concurrency 32] [--workers 2]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting]
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
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def prepare(url: str, voters: int, secret: str) -> tuple[int, list[str], list[int]]:
    """Schema, a forum, a cycle in voting with 20 items, and signed session cookies."""
    from forum import create_app
    from forum.accounts.models import User
    from forum.budgeting.models import Cycle, Item
    from forum.core.migrations import upgrade
    from forum.extensions import db
    from forum.forums.models import Forum

    app = create_app({"ENV": "testing", "SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        forum = Forum(slug="bench", name="Bench", language="en", country="AL", municipality="B",
                      timezone="Europe/Tirane", languages=["en"], currency="ALL")
        db.session.add(forum)
        db.session.flush()
        now = datetime.now(UTC)
        cycle = Cycle(forum_id=forum.id, title="Bench", language="en", currency="ALL",
                      budget=5_000_000, phase="voting", max_length=3,
                      vote_opens_at=now - timedelta(hours=1),
                      vote_closes_at=now + timedelta(days=1))
        db.session.add(cycle)
        db.session.flush()
        items = [Item(cycle_id=cycle.id, title=f"Item {n}", language="en",
                      estimated_cost=100_000 * n, official_cost=100_000 * n, status="feasible")
                 for n in range(1, 21)]
        db.session.add_all(items)
        db.session.execute(User.__table__.insert(), [
            {"display_name": f"Voter {n}", "email": f"voter{n}@bench.invalid", "language": "en",
             "is_admin": False, "session_version": 1, "created_at": now}
            for n in range(voters)])
        db.session.commit()
        ids = [u.id for u in db.session.scalars(db.select(User).order_by(User.id))]
        serializer = app.session_interface.get_signing_serializer(app)
        cookies = [serializer.dumps({"_user_id": f"{i}:1", "_fresh": True}) for i in ids]
        return cycle.id, cookies, [item.id for item in items]


def vote(port: int, path: str, cookie: str, choices: list[int], twice: bool) -> int:
    """Open the ballot, then send it (twice at once for some voters); accepted ballots."""
    headers = {"Cookie": f"session={cookie}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    token = TOKEN.search(page).group(1)
    cookie_header = response.getheader("Set-Cookie") or ""
    session = re.search(r"session=([^;]+)", cookie_header)
    headers = {"Cookie": f"session={session.group(1) if session else cookie}",
               "Content-Type": "application/x-www-form-urlencoded"}
    body = urllib.parse.urlencode([("csrf_token", token), *(("item", c) for c in choices)])

    def send() -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", path, body=body, headers=headers)
        status = conn.getresponse().status
        conn.close()
        return 1 if status == 302 else 0

    if not twice:
        return send()
    results = []
    threads = [threading.Thread(target=lambda: results.append(send())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting")
    args = parser.parse_args()
    secret = "bench-secret-key-not-for-use"  # noqa: S105 - a throwaway bench database
    fresh_database(args.database)
    cycle_id, cookies, items = prepare(args.database, args.voters, secret)
    port = free_port()
    env = {**os.environ, "FORUM_ENV": "testing", "FORUM_SECRET_KEY": secret,
           "DATABASE_URL": args.database, "FORUM_RATELIMIT_ENABLED": "false"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app", "-b",
                               f"127.0.0.1:{port}", "-w", str(args.workers), "-k", "gthread",
                               "--threads", "8", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        path = f"/en/forums/bench/budgeting/{cycle_id}/vote"
        jobs = [(cookie, [items[n % 20], items[(n + 1 + (n // 20) % 19) % 20]], n % 10 == 0)
                for n, cookie in enumerate(cookies)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            accepted = sum(pool.map(lambda job: vote(port, path, *job), jobs))
        seconds = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(args, cycle_id, seconds, accepted, secret)


def report(args, cycle_id: int, seconds: float, accepted: int, secret: str) -> None:
    from sqlalchemy import func, select

    from forum import create_app
    from forum.budgeting.models import Ballot, Participation
    from forum.extensions import db

    app = create_app({"ENV": "testing", "SECRET_KEY": secret,
                      "SQLALCHEMY_DATABASE_URI": args.database})
    with app.app_context():
        voters = db.session.scalar(select(func.count(func.distinct(Participation.person_key))))
        rows = db.session.scalar(select(func.count(Participation.id)))
        ballots = db.session.scalar(select(func.count(Ballot.id)).where(
            Ballot.cycle_id == cycle_id))
    double = args.voters // 10
    print(f"{args.voters} voters ({double} sent their ballot twice at once), "
          f"{args.concurrency} at a time; gunicorn {args.workers} workers x 8 threads, "
          f"{os.cpu_count()} cores, PostgreSQL")
    print(f"time {seconds:.1f} s  ->  {args.voters / seconds:.0f} voters per second "
          f"(each: open the ballot, then send it)")
    print(f"accepted requests {accepted} (a double send is accepted twice: the second "
          f"replaces the first)")
    print(f"in the database: {rows} participations for {voters} voters, {ballots} ballots  ->  "
          f"lost {args.voters - voters}, duplicated {rows - voters + ballots - voters}")


if __name__ == "__main__":
    main()
