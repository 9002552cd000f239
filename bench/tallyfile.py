"""Counting a city's .pb file end to end, this tree beside an earlier commit, in one run.

Run: .venv/bin/python bench/tallyfile.py [--repeat N] [--base COMMIT] [--cities NAME,...]
                                         [--skip-engine]

Three synthetic files the size of real cities (`CITIES`: voters as in the real elections, item
counts chosen as plausible, ballots from bench/tally.py's generator, voter columns laid out as
in those cities' pabulib files) are written to bench/results/. The earlier commit (default
a9b857c, before this work) is checked out with `git worktree add` in /tmp/tally-base; both
trees run with this interpreter, each with PYTHONPATH set to its own folder, from a folder of
their own (so nothing else is imported).

Printed, side by side:
- whole processes: `python -m forum.budgeting.tally FILE --rule RULE --json`, wall clock from
  start to exit, for MES+Add1 (`equalshares/add1`) and greedy; each side runs every command
  once first (the earlier commit compiles its numba kernel then, this tree its C library),
  then the two sides take turns `--repeat` times; the best and the median are printed, and
  whether the two printed the very same JSON every time; beside them, the time of a process
  that only imports numpy and click, the floor of any such command here;
- reading: `read_pb` alone, in one process per side, the best of `--repeat` readings;
- the engine: `tally()` with MES+Add1 as bench/tally.py times it (`equalshares/add1-exhaustive`,
  shares from the exact one), on bench/tally.py's synthetic elections, the best of `--repeat`.
The machine may be shared: compare the ratios, which come from the same minutes.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BASE_TREE = Path(tempfile.gettempdir()) / "tally-base"  # /tmp/tally-base
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tally import instance_path, machine, synthetic_votes  # noqa: E402


@dataclass(frozen=True)
class City:
    voters: int
    items: int
    seed: int
    columns: tuple[str, ...]        # the VOTES header, as the city's pabulib files have it
    id_prefix: str = ""             # Łódź's project ids are not plain numbers
    quoted_names: bool = False      # nor are all its project names free of quotes


CITIES = {
    "warsaw-2026": City(61_668, 90, 2026, ("voter_id", "age", "sex", "voting_method", "vote")),
    "lodz-2022": City(90_494, 100, 2022, ("voter_id", "age", "sex", "voting_method", "vote"),
                      id_prefix="L", quoted_names=True),
    "wroclaw-2020": City(88_745, 60, 2020, ("voter_id", "vote", "age", "sex", "voting_method")),
}
RULES = {"MES+Add1": "equalshares/add1", "greedy": "greedy"}
ENGINE_INSTANCES = ("synthetic-100k-200", "synthetic-warsaw-60k-80")

READ = """
import sys, time
from forum.budgeting.tally import read_pb
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    election, _ = read_pb(sys.argv[1])
    best = min(best, time.perf_counter() - start)
print(best, election.num_voters)
"""
ENGINE = """
import json, sys, time
from forum.budgeting.tally import read_pb, tally
election, _ = read_pb(sys.argv[1])
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    outcome = tally(election, "equalshares/add1-exhaustive", add1_start="exact")
    best = min(best, time.perf_counter() - start)
print(json.dumps([best, outcome.selected]))
"""


def city_path(name: str) -> Path:
    path = RESULTS / f"city-{name}.pb"
    if not path.exists():
        write_city(CITIES[name], name, path)
    return path


def write_city(city: City, name: str, path: Path) -> None:
    """The city's file: META, PROJECTS (quoted names where the city has them), and a VOTES
    row per voter with age, sex and voting method beside the vote."""
    import numpy as np

    width = len(str(city.items))
    projects, ballots, budget = synthetic_votes(
        city.voters, city.items, city.seed,
        (lambda i: f"{city.id_prefix}{i + 1:0{width}d}") if city.id_prefix else
        (lambda i: str(i + 1)))
    rng = np.random.default_rng(city.seed + 1)
    ages = rng.integers(5, 95, city.voters)
    paper = rng.random(city.voters) < 0.1
    voter_ids = np.cumsum(rng.integers(1, 40, city.voters)) + 1_400_000_000
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, delimiter=";", lineterminator="\n")
        rows.writerows([["META"], ["key", "value"], ["description", f"synthetic, {name}"],
                        ["country", "none"], ["unit", name], ["instance", str(city.seed)],
                        ["num_projects", str(city.items)], ["num_votes", str(city.voters)],
                        ["budget", str(budget)], ["vote_type", "approval"],
                        ["rule", "equalshares/add1"], ["max_length", "15"]])
        rows.writerows([["PROJECTS"], ["project_id", "cost", "name"]])
        for k, project in enumerate(projects):
            title = f'"Green" square {k + 1}' if city.quoted_names and k % 7 == 0 \
                else f"Project {k + 1}"
            rows.writerow([project.id, str(project.cost), title])
        out.write("VOTES\n" + ";".join(city.columns) + "\n")
        for n, ballot in enumerate(ballots):
            fields = {"voter_id": str(voter_ids[n]), "vote": ",".join(ballot.projects),
                      "age": str(ages[n]), "sex": "KM"[n % 2],
                      "voting_method": "paper" if paper[n] else "internet"}
            out.write(";".join(fields[column] for column in city.columns) + "\n")


def base_tree(commit: str) -> Path:
    """The earlier commit's tree, checked out once with `git worktree add`."""
    if not (BASE_TREE / "forum").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(BASE_TREE),
                        commit], check=True, capture_output=True)
    head = subprocess.run(["git", "-C", str(BASE_TREE), "rev-parse", "--short", "HEAD"],
                          check=True, capture_output=True, text=True).stdout.strip()
    if not commit.startswith(head) and not head.startswith(commit):
        sys.exit(f"{BASE_TREE} holds {head}, not {commit}: remove it "
                 f"(git worktree remove {BASE_TREE}) and run again")
    return BASE_TREE


def run(tree: Path, args: list[str], folder: str) -> tuple[float, str]:
    """One whole process with `tree` on PYTHONPATH: wall-clock seconds and what it printed."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("FORUM_", "FLASK_", "PYTHON"))}
    env["PYTHONPATH"] = str(tree)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{tree}: {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.rjust(w) if i else cell.ljust(w)
                        for i, (cell, w) in enumerate(zip(line, widths, strict=True))),
              flush=True)


def whole_processes(trees: dict[str, Path], cities: list[str], repeat: int,
                    folder: str) -> None:
    commands = {(city, label): ["-m", "forum.budgeting.tally", str(city_path(city)),
                                "--rule", rule, "--json"]
                for city in cities for label, rule in RULES.items()}
    for args in commands.values():          # compile each side's kernel, warm the disk cache
        for tree in trees.values():
            run(tree, args, folder)
    floor = []
    for _ in range(repeat):     # what any process that loads numpy and click takes here
        floor.append(run(trees["new"], ["-c", "import numpy, click"], folder)[0])
    rows = []
    for (city, label), args in commands.items():
        times = {side: [] for side in trees}
        outputs = {side: set() for side in trees}
        for _ in range(repeat):
            for side, tree in trees.items():
                seconds, printed = run(tree, args, folder)
                times[side].append(seconds)
                outputs[side].add(printed)
        same = len(outputs["base"] | outputs["new"]) == 1
        selected = len(json.loads(next(iter(outputs["new"])))["selected"])
        base, new = min(times["base"]), min(times["new"])
        rows.append([city, label, f"{base:.3f}", f"{statistics.median(times['base']):.3f}",
                     f"{new:.3f}", f"{statistics.median(times['new']):.3f}",
                     f"{base / new:.1f}", str(selected), "yes" if same else "NO"])
        print(f"  {city} {label}: {base:.3f} s -> {new:.3f} s", file=sys.stderr, flush=True)
    print("\nWhole process, python -m forum.budgeting.tally FILE --rule RULE --json "
          f"(seconds, wall clock; best and median of {repeat}):")
    table(["file", "rule", "base best", "base median", "new best", "new median", "x",
           "funded", "same output"], rows)
    print(f"(python -c 'import numpy, click' alone: best {min(floor):.3f}, median "
          f"{statistics.median(floor):.3f})")


def reading(trees: dict[str, Path], cities: list[str], repeat: int, folder: str) -> None:
    rows = []
    for city in cities:
        found = {}
        for side, tree in trees.items():
            _, printed = run(tree, ["-c", READ, str(city_path(city)), str(repeat)], folder)
            seconds, voters = printed.split()
            found[side] = float(seconds)
        rows.append([city, voters, f"{found['base']:.4f}", f"{found['new']:.4f}",
                     f"{found['base'] / found['new']:.1f}"])
    print(f"\nReading, read_pb(FILE) in one process (seconds, best of {repeat}):")
    table(["file", "voters", "base", "new", "x"], rows)


def engine(trees: dict[str, Path], repeat: int, folder: str) -> None:
    rows = []
    for name in ENGINE_INSTANCES:
        path = instance_path(name)
        found = {}
        for side, tree in trees.items():
            _, printed = run(tree, ["-c", ENGINE, str(path), str(repeat)], folder)
            found[side] = json.loads(printed)
        same = found["base"][1] == found["new"][1]
        rows.append([name, f"{found['base'][0]:.3f}", f"{found['new'][0]:.3f}",
                     f"{found['base'][0] / found['new'][0]:.1f}", "yes" if same else "NO"])
    print(f"\nEngine, tally() with MES+Add1 as bench/tally.py times it (seconds, best of "
          f"{repeat}):")
    table(["election", "base", "new", "x", "same outcome"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", default="a9b857c", help="the commit to compare with")
    parser.add_argument("--cities", default=",".join(CITIES), help=", ".join(CITIES))
    parser.add_argument("--skip-engine", action="store_true")
    args = parser.parse_args()
    cities = args.cities.split(",")
    trees = {"base": base_tree(args.base), "new": ROOT}
    for city in cities:
        city_path(city)
    print(f"# .pb files end to end, {datetime.date.today()}, {machine()}, "
          f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for side, tree in trees.items():
            _, where = run(tree, ["-c", "import forum.budgeting.tally as t; print(t.__file__)"],
                           folder)
            print(f"# {side}: {args.base if side == 'base' else 'this tree'}, imported from "
                  f"{Path(where.strip()).parent}", flush=True)
        whole_processes(trees, cities, args.repeat, folder)
        reading(trees, cities, args.repeat, folder)
        if not args.skip_engine:
            engine(trees, args.repeat, folder)
    print(f"\n# load average {os.getloadavg()[0]:.1f} at the end (2 cores)")


if __name__ == "__main__":
    main()
