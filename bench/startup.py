"""Start-up: importing the WSGI app and answering its first request, gunicorn's start to its
first answer, and a worker's memory, for this tree and (with `--baseline COMMIT`) another
commit side by side, on the same demo database.

Each figure is the best of `--repeat` fresh processes (the machine may be shared), with Python's
bytecode caches written as a deployment has them (PYTHONDONTWRITEBYTECODE unset, one warm-up run).

    .venv/bin/python bench/startup.py [--baseline COMMIT] [--repeat 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from pages import PAGES, baseline_tree, free_port, prepare_database  # noqa: E402

FIRST_REQUEST = """
import json, sys, time
started = time.perf_counter()
import wsgi
imported = time.perf_counter()
response = wsgi.app.test_client().get("/en/", base_url="http://127.0.0.1")
answered = time.perf_counter()
assert response.status_code == 200, response.status_code
print(json.dumps({"import": imported - started, "first": answered - started,
                  "modules": len(sys.modules)}))
"""


def in_process(root: Path, env: dict) -> dict:
    """`import wsgi` and the first answer, timed inside a fresh interpreter."""
    output = subprocess.run([sys.executable, "-c", FIRST_REQUEST], cwd=root,
                            env={**env, "PYTHONPATH": str(root)}, capture_output=True,
                            text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def gunicorn(root: Path, env: dict) -> dict:
    """Start to first 200 under gunicorn (1 worker), and the worker's memory: started, after
    the first page, after every benchmarked page once."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app", "-b",
                               f"127.0.0.1:{port}", "-w", "1", "-k", "gthread", "--threads",
                               "4", "--log-level", "warning"], cwd=root,
                              env={**env, "PYTHONPATH": str(root)})
    try:
        while True:
            try:
                if get(port, "/en/") == 200:
                    break
            except OSError:
                time.sleep(0.01)
            if time.perf_counter() - started > 60:
                raise RuntimeError("gunicorn did not answer")
        first = time.perf_counter() - started
        worker = int(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                    text=True).stdout.split()[0])
        after_first = rss_mib(worker)
        for path in PAGES:
            get(port, path)
        after_pages = rss_mib(worker)
        return {"gunicorn": first, "rss_first": after_first, "rss_pages": after_pages}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def measure(root: Path, env: dict, repeat: int) -> dict:
    in_process(root, env)  # writes the bytecode caches
    runs = [in_process(root, env) for _ in range(repeat)]
    served = [gunicorn(root, env) for _ in range(repeat)]
    return {"import": min(r["import"] for r in runs), "first": min(r["first"] for r in runs),
            "modules": runs[0]["modules"], "gunicorn": min(s["gunicorn"] for s in served),
            "rss_first": min(s["rss_first"] for s in served),
            "rss_pages": min(s["rss_pages"] for s in served)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="COMMIT")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**prepare_database(Path(tmp)), "FORUM_PAGE_CACHE_SECONDS": "0"}
        env.pop("PYTHONPATH", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        trees = [("this tree", ROOT)]
        if args.baseline:
            trees.append((args.baseline[:9], baseline_tree(args.baseline)))
        results = {name: measure(root, env, args.repeat) for name, root in trees}
    rows = [("import wsgi (s)", "import", "{:.3f}"),
            ("import wsgi + first answer (s)", "first", "{:.3f}"),
            ("modules loaded", "modules", "{:d}"),
            ("gunicorn start to first 200 (s)", "gunicorn", "{:.3f}"),
            ("worker memory after first page (MiB)", "rss_first", "{:.0f}"),
            ("worker memory after every page (MiB)", "rss_pages", "{:.0f}")]
    print(f"best of {args.repeat}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'':<40}" + "".join(f"{name:>12}" for name in results) +
          ("     ratio" if len(results) > 1 else ""))
    for label, key, form in rows:
        values = [results[name][key] for name in results]
        line = f"{label:<40}" + "".join(f"{form.format(v):>12}" for v in values)
        if len(values) > 1 and values[0]:
            line += f"  {values[1] / values[0]:>7.2f}x"
        print(line)


if __name__ == "__main__":
    main()
