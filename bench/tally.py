"""Time the tally engine side by side with pabutools on the same pabulib files.

Run: .venv/bin/python bench/tally.py [--quick] [--instances NAME,...] [--skip-pabutools]
                                     [--pabutools-timeout SECONDS]

Synthetic elections are generated with a fixed seed and written as .pb files under
bench/results/, so both engines read the very same file; the real files come from
tests/data/pabulib/. Every measurement runs in a fresh subprocess (so peak memory is that
process's peak resident size, VmHWM: interpreter, libraries, the parsed election, the tally).
Times cover the tally only, not reading the file; the engine's is the fastest of `--repeat`
runs (default 3: the machine is shared), pabutools' a single run. pabutools runs under a
memory limit (BENCH_PABUTOOLS_MEMORY_GIB, default 12): its Add1 cache grows with every run.
All of the engine's runs come first, then pabutools' (so the engine is timed on a quiet
machine). "MES+Add1" is the variant both engines implement: Equal Shares with cost utilities,
shares raised by one currency unit from the exact share until the outcome is exhaustive or over
budget (pabutools' `voter_budget_increment=1`).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PABUTOOLS_RECORD = RESULTS / "pabutools.json"
REAL = ROOT / "tests" / "data" / "pabulib"
sys.path.insert(0, str(ROOT))

SYNTHETIC = {  # name: (voters, items, seed)
    "synthetic-100k-200": (100_000, 200, 2026),
    "synthetic-warsaw-60k-80": (60_000, 80, 61668),
    "synthetic-10k-50": (10_000, 50, 7),
}
REAL_FILES = {
    "assen-2024": ("Netherlands_Assen_2024.pb", ("mes-add1", "greedy")),
    "wieliczka-2023": ("Poland_Wieliczka_2023_Green_Budget.pb", ("mes-add1", "greedy")),
    "krakow-podgorze-2024": ("Poland_Krakow_2024_Podgorze.pb", ("greedy",)),
}
RULE_LABELS = {"mes-add1": "MES+Add1", "greedy": "greedy"}
QUICK = ("synthetic-10k-50", "assen-2024", "wieliczka-2023", "krakow-podgorze-2024")


def synthetic_votes(voters: int, items: int, seed: int, project_id=lambda i: str(i + 1)):
    """A realistic approval election: skewed popularity, 1-10 approvals for most voters,
    costs over two orders of magnitude, a budget of about a fifth of the total cost.
    Returns (projects, one ballot per voter, budget)."""
    import numpy as np

    from forum.budgeting.tally import Ballot, Project

    rng = np.random.default_rng(seed)
    costs = np.round(np.exp(rng.uniform(np.log(20_000), np.log(2_000_000), items)), -2)
    popularity = rng.pareto(1.2, items) + 0.05
    popularity /= popularity.sum()
    sizes = np.clip(rng.geometric(0.22, voters), 1, 15)
    ballots = [Ballot(tuple(project_id(i) for i in sorted(rng.choice(
        items, size=min(int(k), items), replace=False, p=popularity)))) for k in sizes]
    projects = [Project(project_id(i), int(c)) for i, c in enumerate(costs)]
    return projects, ballots, int(costs.sum()) // 5


def generate(voters: int, items: int, seed: int, path: Path) -> None:
    """`synthetic_votes` written as a .pb file."""
    from forum.budgeting.tally import Election, write_pb

    projects, ballots, budget = synthetic_votes(voters, items, seed)
    election = Election.from_ballots(budget, projects, ballots)
    meta = {"description": f"synthetic, seed {seed}", "country": "none", "unit": "none",
            "instance": str(seed), "rule": "equalshares/add1"}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        write_pb(election, meta, out)


def instance_path(name: str) -> Path:
    if name in REAL_FILES:
        return REAL / REAL_FILES[name][0]
    path = RESULTS / f"{name}.pb"
    if not path.exists():
        generate(*SYNTHETIC[name], path)
    return path


def worker(engine: str, rule: str, path: Path) -> dict:
    """Run one tally in this process and report time, outcome and peak memory."""
    if engine == "ours":
        from forum.budgeting.tally import read_pb, tally

        election, _ = read_pb(path)
        name = "equalshares/add1-exhaustive" if rule == "mes-add1" else "greedy"
        seconds = float("inf")
        for _ in range(int(os.environ.get("BENCH_REPEAT", "1"))):
            start = time.perf_counter()
            outcome = tally(election, name, add1_start="exact")
            seconds = min(seconds, time.perf_counter() - start)
        selected = outcome.selected
    else:
        limit = int(float(os.environ.get("BENCH_PABUTOOLS_MEMORY_GIB", "12")) * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        seconds, selected = pabutools_worker(rule, path)
    return {"seconds": seconds, "selected": selected, "peak_mib": peak_mib()}


def peak_mib() -> float:
    """This process's peak resident size (VmHWM: counted from exec, unlike ru_maxrss, which
    a child inherits from the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pabutools_worker(rule: str, path: Path) -> tuple[float, list[str]]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    instance, profile = parse_pabulib(str(path))
    votes = {p.name: profile.approval_score(p) for p in instance}
    numeric = all(p.name.isdigit() for p in instance)

    def key(project):      # the engine's default: lower cost, more votes, id
        name = int(project.name) if numeric else project.name
        return (project.cost, -votes[project.name], name)

    ties = TieBreakingRule(lambda _i, _p, project: key(project))
    start = time.perf_counter()
    if rule == "mes-add1":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
                                         tie_breaking=ties, voter_budget_increment=1)
    else:
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat,
                                             tie_breaking=ties)
    return time.perf_counter() - start, [p.name for p in outcome]


def measure(engine: str, rule: str, path: Path, timeout: float | None) -> dict | None:
    command = [sys.executable, __file__, "--worker", engine, rule, str(path)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        memory = done.returncode < 0 or "memory" in done.stderr.lower()
        reason = "out of memory" if memory else "failed"
        return {"failed": reason, "after": time.perf_counter() - start}
    return json.loads(done.stdout.splitlines()[-1])


def voters_and_items(path: Path) -> tuple[int, int]:
    from forum.budgeting.tally import read_pb

    election, _ = read_pb(path)
    return election.num_voters, len(election.projects)


def duration(seconds: float) -> str:
    """Seconds to three significant digits (0.000412, 0.0213, 1.54, 305)."""
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


def pabutools_measurement(rule: str, path: Path, args) -> dict | None:
    """pabutools' run on this file, or the one recorded earlier for the very same file and
    pabutools version when `--reuse-pabutools` is given (its run takes up to an hour)."""
    from importlib.metadata import version

    key = f"{rule} {hashlib.sha256(path.read_bytes()).hexdigest()} {version('pabutools')}"
    record = json.loads(PABUTOOLS_RECORD.read_text()) if PABUTOOLS_RECORD.exists() else {}
    if args.reuse_pabutools and key in record:
        print(f"  pabutools {path.name} {rule}: reused, measured {record[key]['measured']}",
              file=sys.stderr, flush=True)
        return record[key]["result"]
    theirs = measure("pabutools", rule, path, args.pabutools_timeout)
    record[key] = {"measured": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                   "result": theirs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    PABUTOOLS_RECORD.write_text(json.dumps(record, indent=1))
    return theirs


def pabutools_cells(name: str, rule: str, path: Path, ours: dict, args) -> list[str]:
    """pabutools s, speed-up, pabutools peak MiB, same outcome."""
    if args.skip_pabutools:
        return ["skipped", "-", "-", "-"]
    if name == "krakow-podgorze-2024":
        return ["n/a (ordinal)", "-", "-", "-"]
    theirs = pabutools_measurement(rule, path, args)
    if theirs is None:
        return [f">{args.pabutools_timeout:.0f} (timeout)",
                f">{args.pabutools_timeout / ours['seconds']:.0f}", "-", "-"]
    if "failed" in theirs:
        after = theirs["after"]
        return [f">{after:.0f} ({theirs['failed']})", f">{after / ours['seconds']:.0f}", "-", "-"]
    same = "yes" if set(theirs["selected"]) == set(ours["selected"]) else "NO"
    return [duration(theirs["seconds"]), f"{theirs['seconds'] / ours['seconds']:.0f}",
            f"{theirs['peak_mib']:.0f}", same]


def table_rows(jobs: list[tuple[str, str]], args) -> list[list[str]]:
    ours = {}
    for name, rule in jobs:
        ours[name, rule] = measure("ours", rule, instance_path(name), None)
        print(f"  ours {name} {rule}: {duration(ours[name, rule]['seconds'])} s", file=sys.stderr,
              flush=True)
    rows = []
    for name, rule in jobs:
        path = instance_path(name)
        voters, items = voters_and_items(path)
        mine = ours[name, rule]
        cells = pabutools_cells(name, rule, path, mine, args)
        print(f"  pabutools {name} {rule}: {cells[0]}", file=sys.stderr, flush=True)
        rows.append([name, str(voters), str(items), RULE_LABELS[rule],
                     duration(mine["seconds"]), cells[0], cells[1], f"{mine['peak_mib']:.0f}",
                     cells[2], cells[3]])
    return rows


def print_table(rows: list[list[str]]) -> None:
    header = ["instance", "voters", "items", "rule", "ours s", "pabutools s", "speed-up x",
              "ours peak MiB", "pabutools peak MiB", "same outcome"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) if i >= 1 else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(line, widths, strict=True))),
              flush=True)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small synthetic + real files")
    parser.add_argument("--instances", help="comma-separated: " + ", ".join(
        [*SYNTHETIC, *REAL_FILES]))
    parser.add_argument("--rules", default="mes-add1,greedy", help="mes-add1, greedy")
    parser.add_argument("--skip-pabutools", action="store_true")
    parser.add_argument("--pabutools-timeout", type=float, default=1800.0)
    parser.add_argument("--reuse-pabutools", action="store_true",
                        help="take pabutools' figures recorded by an earlier run on the same files")
    parser.add_argument("--repeat", type=int, default=3,
                        help="time the engine this many times and keep the fastest")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, rule, path = args.worker
        print(json.dumps(worker(engine, rule, Path(path))))
        return
    os.environ["BENCH_REPEAT"] = str(args.repeat)
    names = args.instances.split(",") if args.instances else (
        list(QUICK) if args.quick else [*SYNTHETIC, *REAL_FILES])
    rules = args.rules.split(",")
    print(f"# tally benchmark, {datetime.date.today()}, {machine()}", flush=True)
    jobs = []
    for name in names:
        allowed = REAL_FILES[name][1] if name in REAL_FILES else ("mes-add1", "greedy")
        jobs += [(name, rule) for rule in rules if rule in allowed]
    print_table(table_rows(jobs, args))


if __name__ == "__main__":
    main()
