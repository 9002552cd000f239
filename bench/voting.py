"""Online ballots accepted per second under concurrent load, on PostgreSQL under gunicorn, the
latency of each kind of request, and a check that no ballot was lost or duplicated.

Each simulated voter opens the ballot page and sends the form back as a browser would (every
hidden field it carries, with two ticked items); a tenth of them send it twice at the same moment,
as a double click would. Afterwards the database must hold exactly one participation and one
ballot per voter. With `--baseline COMMIT` the same load also runs against that commit (checked
out with `git worktree` in /tmp/voting-base, served by the same Python and gunicorn settings, on
its own fresh database), and both are printed side by side with their ratios. With `--readers
N`, N anonymous readers refresh the cycle's public page meanwhile (pages read per second and
their latency are printed too). gunicorn runs with the settings README.md gives for the web
process unless told otherwise.

    .venv/bin/python bench/voting.py [--voters 2000] [--concurrency 32] [--items 20]
        [--workers 2] [--threads 2] [--worker-connections THREADS] [--keep-alive 0]
        [--readers 0] [--baseline a9b857c] [--rounds 1] [--bare-form]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting]
        [--base-database postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting_base]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_TREE = Path("/tmp/voting-base")  # noqa: S108 - the checkout the issue names
SECRET = "bench-secret-key-not-for-use"  # noqa: S105 - a throwaway bench database
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
KINDS = (("get", "ballot GET"), ("post", "ballot POST, sent once"),
         ("double", "ballot POST, sent twice at once"))


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
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def prepare(url: str, voters: int, items: int) -> dict:
    """Schema, a forum, a cycle in voting with its items, and signed session cookies; run
    with the code of the tree being measured first on sys.path."""
    import logging

    try:
        from forum.core.migrations import upgrade
    except ImportError:  # a tree from before Flask-Migrate loaded on demand
        from flask_migrate import upgrade

    from forum import create_app
    from forum.accounts.models import User
    from forum.budgeting.models import Cycle, Item
    from forum.extensions import db
    from forum.forums.models import Forum

    logging.disable(logging.INFO)
    app = create_app({"ENV": "testing", "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url})
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
        on_ballot = [Item(cycle_id=cycle.id, title=f"Item {n}", language="en",
                          estimated_cost=100_000 * n, official_cost=100_000 * n,
                          status="feasible") for n in range(1, items + 1)]
        db.session.add_all(on_ballot)
        db.session.execute(User.__table__.insert(), [
            {"display_name": f"Voter {n}", "email": f"voter{n}@bench.invalid", "language": "en",
             "is_admin": False, "session_version": 1, "created_at": now}
            for n in range(voters)])
        db.session.commit()
        ids = [u.id for u in db.session.scalars(db.select(User).order_by(User.id))]
        serializer = app.session_interface.get_signing_serializer(app)
        return {"cycle": cycle.id, "items": [item.id for item in on_ballot],
                "cookies": [serializer.dumps({"_user_id": f"{i}:1", "_fresh": True})
                            for i in ids]}


def request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    """(status, body, Set-Cookie header, seconds) of one request on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    page = response.read()
    connection.close()
    return response.status, page, response.getheader("Set-Cookie") or "", \
        time.perf_counter() - started


def vote(port: int, path: str, cookie: str, choices: list[int], twice: bool, timings,
         bare: bool = False) -> int:
    """Open the ballot, then send it (twice at once for some voters); accepted sends. `bare`
    sends only the CSRF token and the items, as this bench did up to a9b857c."""
    status, page, set_cookie, seconds = request(port, "GET", path,
                                                {"Cookie": f"session={cookie}"})
    timings["get"].append(seconds)
    if status != 200:
        return 0
    form = page.decode().split('class="stack ballot"', 1)[-1].split("</form>", 1)[0]
    fields = [(name, value) for name, value in HIDDEN.findall(form)
              if not bare or name == "csrf_token"]
    session = re.search(r"session=([^;]+)", set_cookie)
    headers = {"Cookie": f"session={session.group(1) if session else cookie}",
               "Content-Type": "application/x-www-form-urlencoded"}
    body = urllib.parse.urlencode([*fields, *(("item", c) for c in choices)])
    results = []

    def send(kind: str) -> None:
        status, _page, _cookie, seconds = request(port, "POST", path, headers, body)
        timings[kind].append(seconds)
        results.append(1 if status in (302, 303) else 0)

    if not twice:
        send("post")
    else:
        threads = [threading.Thread(target=send, args=("double",)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return sum(results)


def serve(tree: Path, url: str, port: int, args) -> subprocess.Popen:
    env = {**os.environ, "FORUM_ENV": "testing", "FORUM_SECRET_KEY": SECRET,
           "DATABASE_URL": url, "FORUM_RATELIMIT_ENABLED": "false", "PYTHONPATH": str(tree)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app", "-b",
                               f"127.0.0.1:{port}", "-w", str(args.workers), "-k", "gthread",
                               "--threads", str(args.threads),
                               "--worker-connections", str(args.worker_connections or args.threads),
                               "--keep-alive", str(args.keep_alive), "--log-level", "warning"],
                              cwd=tree, env=env)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn in {tree} did not start")


def measure(tree: Path, url: str, args) -> dict:
    """One run of the load against the code in `tree`, on a fresh database at `url`."""
    fresh_database(url)
    setup = subprocess.run([sys.executable, __file__, "--setup", url, str(args.voters),
                            str(args.items)], cwd=tree, env={**os.environ,
                                                             "PYTHONPATH": str(tree)},
                           capture_output=True, text=True, check=True)
    world = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    server = serve(tree, url, port, args)
    path = f"/en/forums/bench/budgeting/{world['cycle']}/vote"
    items, count = world["items"], len(world["items"])
    jobs = [(cookie, [items[n % count], items[(n + 1 + (n // count) % (count - 1)) % count]],
             n % 10 == 0) for n, cookie in enumerate(world["cookies"])]
    timings = {kind: [] for kind, _label in KINDS} | {"public": []}
    voting_done = threading.Event()

    def read_the_cycle_page() -> None:
        """An anonymous reader refreshing the cycle's public page (its turnout) until the
        voters are done, as the public does on voting day."""
        public = f"/en/forums/bench/budgeting/{world['cycle']}/"
        while not voting_done.is_set():
            status, _page, _cookie, seconds = request(port, "GET", public, {})
            if status == 200:
                timings["public"].append(seconds)

    readers = [threading.Thread(target=read_the_cycle_page) for _ in range(args.readers)]
    try:
        with ThreadPoolExecutor(args.concurrency) as pool:  # templates compiled, pools filled
            list(pool.map(lambda c: request(port, "GET", path, {"Cookie": f"session={c}"}),
                          world["cookies"][:2 * args.workers * args.threads]))
        started, cpu, own = time.perf_counter(), workers_cpu(server.pid), time.process_time()
        for reader in readers:
            reader.start()
        with ThreadPoolExecutor(args.concurrency) as pool:
            accepted = sum(pool.map(lambda job: vote(port, path, *job, timings, args.bare_form),
                                    jobs))
        seconds = time.perf_counter() - started
        cpu, own = workers_cpu(server.pid) - cpu, time.process_time() - own
    finally:
        voting_done.set()
        for reader in readers:
            reader.join()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {**count_rows(url, world["cycle"], args.voters), "seconds": seconds,
            "accepted": accepted, "rate": args.voters / seconds, "timings": timings,
            "cpu": cpu / args.voters, "client_cpu": own / args.voters}


def workers_cpu(master: int) -> float:
    """Seconds of CPU the gunicorn workers have used."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def count_rows(url: str, cycle_id: int, voters: int) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        people, rows = connection.execute(text(
            "SELECT count(DISTINCT person_key), count(*) FROM budget_participations")).one()
        ballots = connection.scalar(text(
            "SELECT count(*) FROM budget_ballots WHERE cycle_id = :cycle"), {"cycle": cycle_id})
    engine.dispose()
    return {"people": people, "participations": rows, "ballots": ballots,
            "lost": voters - people, "duplicated": rows - people + ballots - people}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def figures(result: dict) -> list[tuple[str, float, str]]:
    """(label, value, unit) of one run, in the order printed."""
    rows = [("voters per second", result["rate"], ""),
            ("app CPU per voter", 1000 * result["cpu"], "ms"),
            ("bench client CPU per voter", 1000 * result["client_cpu"], "ms")]
    kinds = KINDS
    if result["timings"]["public"]:
        rows.append(("public pages read per second",
                     len(result["timings"]["public"]) / result["seconds"], ""))
        kinds = (*KINDS, ("public", "public cycle page"))
    for kind, label in kinds:
        for name, share in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99)):
            rows.append((f"{label} {name}", 1000 * percentile(result["timings"][kind], share),
                         "ms"))
    return rows


def checks(result: dict, voters: int) -> str:
    return (f"{result['participations']} participations for {result['people']} voters, "
            f"{result['ballots']} ballots; lost {result['lost']}, duplicated "
            f"{result['duplicated']}; {result['accepted']} of "
            f"{voters + voters // 10} sends accepted")


def print_run(results: dict, args, names: dict) -> None:
    order = list(results)
    width = max(len(names[o]) for o in order) + 2
    print(f"{'':34}" + "".join(f"{names[o]:>{width}}" for o in order)
          + ("  ratio (this / baseline)" if len(order) == 2 else ""))
    table = {o: figures(results[o]) for o in order}
    for row, (label, _value, unit) in enumerate(table[order[0]]):
        values = [table[o][row][1] for o in order]
        cells = "".join(f"{value:>{width - 3}.0f}{(' ' + unit) if unit else '   '}"
                        for value in values)
        ratio = f"  {values[-1] / values[0]:.2f}" if len(order) == 2 and values[0] else ""
        print(f"{label:34}{cells}{ratio}")
    for o in order:
        print(f"{names[o]}: {checks(results[o], args.voters)}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        sys.path.insert(0, os.getcwd())
        print(json.dumps(prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--worker-connections", type=int, default=0,
                        help="connections a worker takes at once (default: its threads)")
    parser.add_argument("--keep-alive", type=int, default=0,
                        help="seconds a worker keeps an idle connection open (0: none)")
    parser.add_argument("--readers", type=int, default=0,
                        help="anonymous readers refreshing the cycle's public page meanwhile")
    parser.add_argument("--bare-form", action="store_true",
                        help="send only the CSRF token and the items, not every hidden field")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each tree, alternating which goes first")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="also measure this commit, checked out in /tmp/voting-base")
    parser.add_argument("--database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting")
    parser.add_argument("--base-database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting_base")
    args = parser.parse_args()
    trees = {"this": (ROOT, args.database)}
    names = {"this": f"this tree ({git(ROOT, 'rev-parse', '--short', 'HEAD')}"
                     f"{'+changes' if git(ROOT, 'status', '--porcelain') else ''})"}
    if args.baseline:
        trees = {"baseline": (checkout(args.baseline), args.base_database), **trees}
        names["baseline"] = f"baseline ({args.baseline})"
    print(f"{args.voters} voters ({args.voters // 10} send their ballot twice at once), "
          f"{args.concurrency} at a time, {args.items} items; gunicorn {args.workers} workers x "
          f"{args.threads} threads, {args.worker_connections or args.threads} connections "
          f"each, keep-alive {args.keep_alive} s; {os.cpu_count()} cores; PostgreSQL"
          f"{'; only the CSRF token and the items sent' if args.bare_form else ''}", flush=True)
    runs = []
    for round_number in range(args.rounds):
        order = list(trees) if round_number % 2 == 0 else list(reversed(trees))
        results = {}
        for name in order:
            tree, url = trees[name]
            results[name] = measure(tree, url, args)
        results = {name: results[name] for name in trees}
        runs.append(results)
        print(f"\nround {round_number + 1} (ran {' then '.join(order)}):")
        print_run(results, args, names)
    if len(runs) > 1:
        print(f"\nmedian of {len(runs)} rounds:")
        for name in trees:
            for row, (label, _v, _u) in enumerate(figures(runs[0][name])):
                values = [figures(run[name])[row][1] for run in runs]
                runs[0][name].setdefault("median", {})[label] = statistics.median(values)
        order = list(trees)
        width = max(len(names[o]) for o in order) + 2
        for label, _v, unit in figures(runs[0][order[0]]):
            values = [runs[0][o]["median"][label] for o in order]
            ratio = f"  {values[-1] / values[0]:.2f}" if len(order) == 2 and values[0] else ""
            print(f"{label:34}" + "".join(f"{v:>{width - 3}.0f}{(' ' + unit) if unit else '   '}"
                                           for v in values) + ratio)


def git(tree: Path, *words: str) -> str:
    return subprocess.run(["git", *words], cwd=tree, capture_output=True, text=True,
                          check=True).stdout.strip()


def checkout(commit: str) -> Path:
    """The baseline's source in BASE_TREE (a git worktree of this repository), at `commit`."""
    if not (BASE_TREE / ".git").exists():
        git(ROOT, "worktree", "add", "--detach", str(BASE_TREE), commit)
    elif git(BASE_TREE, "rev-parse", "HEAD") != git(ROOT, "rev-parse", commit):
        git(BASE_TREE, "checkout", "--detach", commit)
    subprocess.run([sys.executable, "-m", "forum.i18n.catalogs", "compile"], cwd=BASE_TREE,
                   env={**os.environ, "PYTHONPATH": str(BASE_TREE)}, capture_output=True,
                   check=True)
    return BASE_TREE


if __name__ == "__main__":
    main()
