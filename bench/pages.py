"""Page throughput under gunicorn, side by side with a bare Flask app serving the same HTML.

For each page, the bare app returns the HTML our app rendered for it, from a constant; both run
under the same gunicorn settings on this machine, one after the other, loaded by `wrk` (Debian
package `wrk`) or, without it, by a small threaded Python client. The figure that matters is the
ratio: for public pages the target is at least 0.5 (QUALITY.md).

`--signed-in` loads the pages people see signed in (the secretariat, a member, a resident on
voting day), which are rendered for every request, and prints the SQL queries each page makes.
`--baseline COMMIT` serves that commit too (from a git worktree, on the same database), so a
change is measured against what it replaces in the same run.

    .venv/bin/python bench/pages.py [--signed-in] [--baseline COMMIT] [--rounds N]
        [--seconds 10] [--connections 16] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIGNED_IN = [  # (who, page): the demo's people
    ("secretariat.tetovo@example.org", "/mk/forums/tetovo/"),
    ("secretariat.tetovo@example.org", "/mk/forums/tetovo/meetings/3"),
    ("resident@example.org", "/rom/forums/roskovec/proposals/"),
    ("secretariat.tetovo@example.org", "/mk/forums/tetovo/proposals/queue"),
    ("resident@example.org", "/rom/forums/roskovec/budgeting/4/vote"),
    ("resident@example.org", "/sq/forums/roskovec/budgeting/3/results"),
    ("secretariat.roskovec@example.org", "/sq/forums/roskovec/minutes/"),
    ("desk.bijeljina@example.org", "/sr/forums/bijeljina/desk/cases"),
    ("resident@example.org", "/rom/forums/bijeljina/desk/"),
    ("resident@example.org", "/sq/forums/roskovec/plans/1"),
    ("secretariat.roskovec@example.org", "/sq/forums/roskovec/plans/1/measures/1"),
]
SECRET = "bench-secret-key"  # noqa: S105 - a throwaway bench database
PAGES = ["/en/", "/mk/forums/tetovo/", "/rom/forums/tetovo/", "/sq/forums/roskovec/meetings/",
         "/mk/forums/tetovo/meetings/3", "/rom/forums/tetovo/proposals/",
         "/sr-Latn/forums/tetovo/proposals/1", "/sq/forums/tetovo/minutes/1",
         "/sq/forums/roskovec/budgeting/3/results"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(folder: Path) -> dict:
    env = {**os.environ, "FORUM_ENV": "production", "FORUM_SECRET_KEY": SECRET,
           "FORUM_PUBLIC_URL": "http://127.0.0.1",
           "FORUM_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
           "FORUM_RATELIMIT_ENABLED": "false"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def write_bare_app(folder: Path, bodies: dict[str, bytes]) -> None:
    constants = {path: body.decode() for path, body in bodies.items()}
    (folder / "bare.py").write_text(textwrap.dedent(f'''
        from flask import Flask, abort
        PAGES = {constants!r}
        app = Flask(__name__)

        @app.get("/<path:path>")
        @app.get("/", defaults={{"path": ""}})
        def page(path):
            body = PAGES.get("/" + path)
            if body is None:
                abort(404)
            return body
    '''))


class Server:
    def __init__(self, target: str, cwd: Path, env: dict, workers: int):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", target, "-b", f"127.0.0.1:{self.port}",
                   "-w", str(workers), "-k", "gthread", "--threads", "4", "--log-level",
                   "warning"]
        self.process = subprocess.Popen(command, cwd=cwd, env=env)
        self._wait()

    def _wait(self) -> None:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)


def fetch(port: int, path: str, cookie: str | None = None) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)  # workers booting
    connection.request("GET", path, headers=_headers(cookie))
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status)
    return body


def _headers(cookie: str | None) -> dict:
    return {"Cookie": f"session={cookie}"} if cookie else {}


def load_with_wrk(port: int, path: str, seconds: int, connections: int,
                  cookie: str | None = None) -> float:
    header = ["-H", f"Cookie: session={cookie}"] if cookie else []
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", *header,
                             f"http://127.0.0.1:{port}{path}"],
                            capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not errors, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_with_python(port: int, path: str, seconds: int, connections: int,
                     cookie: str | None = None) -> float:
    done = [0] * connections
    stop_at = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            connection.request("GET", path, headers=_headers(cookie))
            response = connection.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
            done[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def signed_in_cookies(env: dict) -> dict[str, str]:
    """A signed session cookie for each person of SIGNED_IN, as signing in would give."""
    from sqlalchemy import select

    from forum import create_app
    from forum.accounts.models import User
    from forum.extensions import db

    app = create_app({"ENV": "production", "SECRET_KEY": SECRET, "PUBLIC_URL": "http://127.0.0.1",
                      "SQLALCHEMY_DATABASE_URI": env["FORUM_SQLALCHEMY_DATABASE_URI"]})
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        users = {user.email: user for user in db.session.scalars(select(User))}
        return {email: serializer.dumps({"_user_id": f"{users[email].id}:"
                                                     f"{users[email].session_version}",
                                         "_fresh": True})
                for email, _path in SIGNED_IN}


def queries_per_page(root: Path, env: dict, pages: list[tuple[str | None, str]],
                     cookies: dict[str, str]) -> dict[str, int]:
    """SQL statements of one request to each page (the second: the first warms up), counted
    in a process of the code under `root`."""
    script = textwrap.dedent('''
        import json, sys
        from sqlalchemy import event
        from forum import create_app
        from forum.extensions import db
        pages, cookies = json.loads(sys.argv[1]), json.loads(sys.argv[2])
        app = create_app()
        statements = [0]
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda *args: statements.__setitem__(0, statements[0] + 1))
        client = app.test_client()
        counts = {}
        for who, path in pages:
            client.delete_cookie("session", domain="127.0.0.1")
            if who:
                client.set_cookie("session", cookies[who], domain="127.0.0.1")
            client.get(path, base_url="http://127.0.0.1")
            statements[0] = 0
            client.get(path, base_url="http://127.0.0.1")
            counts[path] = statements[0]
        print(json.dumps(counts))
    ''')
    import json

    output = subprocess.run([sys.executable, "-c", script, json.dumps(pages), json.dumps(cookies)],
                            cwd=root, env={**env, "FORUM_PAGE_CACHE_SECONDS": "0",
                                           "PYTHONPATH": str(root)},
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def baseline_tree(commit: str) -> Path:
    """A worktree of `commit` beside this one (made once, reused)."""
    folder = Path(tempfile.gettempdir()) / f"forum-bench-{commit}"
    if not folder.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT,
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "forum.i18n.catalogs", "compile"], cwd=folder,
                       check=True, capture_output=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--signed-in", action="store_true",
                        help="the pages signed-in people see, rendered for every request")
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="also serve this commit (e.g. the one before a change)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each server this many times, in turn, and keep the best")
    args = parser.parse_args()
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare_database(folder)
        cookies = signed_in_cookies(env) if args.signed_in else {}
        pages = SIGNED_IN if args.signed_in else [(None, path) for path in PAGES]
        uncached = Server("wsgi:app", ROOT, {**env, "FORUM_PAGE_CACHE_SECONDS": "0"},
                          args.workers)
        forum = None if args.signed_in else Server("wsgi:app", ROOT, env, args.workers)
        base_root = baseline_tree(args.baseline) if args.baseline else None
        base = Server("wsgi:app", base_root, {**env, "FORUM_PAGE_CACHE_SECONDS": "0"},
                      args.workers) if base_root else None
        bodies = {path: fetch(uncached.port, path, cookies.get(who)) for who, path in pages}
        write_bare_app(folder, bodies)
        bare = Server("bare:app", folder, os.environ.copy(), args.workers)
        queries = queries_per_page(ROOT, env, pages, cookies)
        base_queries = queries_per_page(base_root, env, pages, cookies) if base_root else {}
        print(f"load: {load.__name__[10:]}, {args.connections} connections, {args.seconds} s "
              f"per page, gunicorn {args.workers} workers x 4 threads, {os.cpu_count()} cores")
        head = f"{'page':<44} {'bare':>7}"
        if forum:
            head += f" {'forum':>7} {'ratio':>6}"
        head += f"   {'no cache':>8} {'ratio':>6} {'SQL':>4}"
        if base:
            head += f"   {args.baseline[:9]:>9} {'ratio':>6} {'SQL':>4}   {'speed-up':>8}"
        print(head)
        for who, path in pages:
            cookie = cookies.get(who)
            servers = {"bare": (bare, None), "forum": (forum, None),
                       "cold": (uncached, cookie), "before": (base, cookie)}
            best = dict.fromkeys(servers, 0.0)
            for _round in range(args.rounds):  # in turn, so a busy moment hits every server
                for name, (server, sent) in servers.items():
                    if server:
                        best[name] = max(best[name], load(server.port, path, args.seconds,
                                                          args.connections, sent))
            baseline, ours, cold, before = (best[name] for name in servers)
            line = f"{path:<44} {baseline:>7.0f}"
            if forum:
                line += f" {ours:>7.0f} {ours / baseline:>6.2f}"
            line += f"   {cold:>8.0f} {cold / baseline:>6.3f} {queries[path]:>4}"
            if base:
                line += (f"   {before:>9.0f} {before / baseline:>6.3f} "
                         f"{base_queries[path]:>4}   {cold / before:>7.2f}x")
            print(line, flush=True)
        print("(requests per second; 'forum' is as deployed, with the anonymous page cache; "
              "'no cache' renders every request" + (", signed in as the demo's people"
                                                   if args.signed_in else "") + ")")
        for server in (forum, uncached, bare, base):
            if server:
                server.stop()


if __name__ == "__main__":
    main()
