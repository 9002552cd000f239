"""Public page throughput under gunicorn, side by side with a bare Flask app serving the same HTML.

For each page, the bare app returns the HTML our app rendered for it, from a constant; both run
under the same gunicorn settings on this machine, one after the other, loaded by `wrk` (Debian
package `wrk`) or, without it, by a small threaded Python client. The figure that matters is the
ratio: the target is at least 0.5 (QUALITY.md).

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 16] [--workers 2]
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
PAGES = ["/en/", "/mk/forums/tetovo/", "/rom/forums/tetovo/", "/sq/forums/roskovec/meetings/",
         "/mk/forums/tetovo/meetings/3", "/rom/forums/tetovo/proposals/",
         "/sr-Latn/forums/tetovo/proposals/1", "/sq/forums/tetovo/minutes/1",
         "/sq/forums/roskovec/budgeting/3/results"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(folder: Path) -> dict:
    env = {**os.environ, "FORUM_ENV": "production", "FORUM_SECRET_KEY": "bench-secret-key",
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


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status)
    return body


def load_with_wrk(port: int, path: str, seconds: int, connections: int) -> float:
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
                             f"http://127.0.0.1:{port}{path}"],
                            capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not errors, output
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_with_python(port: int, path: str, seconds: int, connections: int) -> float:
    done = [0] * connections
    stop_at = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            done[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare_database(folder)
        forum = Server("wsgi:app", ROOT, env, args.workers)
        uncached = Server("wsgi:app", ROOT, {**env, "FORUM_PAGE_CACHE_SECONDS": "0"},
                          args.workers)
        bodies = {path: fetch(forum.port, path) for path in PAGES}
        write_bare_app(folder, bodies)
        bare = Server("bare:app", folder, os.environ.copy(), args.workers)
        print(f"load: {load.__name__[10:]}, {args.connections} connections, {args.seconds} s "
              f"per page, gunicorn {args.workers} workers x 4 threads, {os.cpu_count()} cores")
        print(f"{'page':<40} {'bare':>8} {'forum':>8} {'ratio':>6}   {'no cache':>8} {'ratio':>6}")
        for path in PAGES:
            baseline = load(bare.port, path, args.seconds, args.connections)
            ours = load(forum.port, path, args.seconds, args.connections)
            cold = load(uncached.port, path, args.seconds, args.connections)
            print(f"{path:<40} {baseline:>8.0f} {ours:>8.0f} {ours / baseline:>6.2f}   "
                  f"{cold:>8.0f} {cold / baseline:>6.2f}")
        print("(requests per second; 'forum' is as deployed, with the anonymous page cache; "
              "'no cache' renders every request)")
        for server in (forum, uncached, bare):
            server.stop()


if __name__ == "__main__":
    main()
