"""`validate()`: every problem of a pabulib file, each with its line, for `flask pb check`.

Structural problems stop the reading at the first one (the rest of the file cannot be trusted);
the others (counts that disagree with META, ballots outside the limits, an unknown rule, vote
counts in PROJECTS that the ballots do not give) are all listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .model import Election
from .pabulib import PabulibError, Parsed, parse_sections, read_pb
from .profile import compile_profile
from .rules import RuleError, parse_rule


@dataclass(frozen=True)
class Problem:
    """One problem found in a file."""

    line: int
    message: str


def validate(source: str | Path | IO[str]) -> list[Problem]:
    """All the problems of a file; an empty list means the file is sound."""
    if not isinstance(source, (str, Path)):
        source = source.read()
    try:
        election, _ = read_pb(source)
        parsed = parse_sections(source)
    except PabulibError as error:
        return [Problem(error.line, error.message)]
    problems = _meta_problems(election, parsed)
    problems += _ballot_problems(election, parsed)
    problems += _count_problems(election, parsed)
    return sorted(problems, key=lambda p: p.line)


def _meta_problems(election: Election, parsed: Parsed) -> list[Problem]:
    problems = []
    checks = (("num_projects", len(election.projects)), ("num_votes", election.num_voters))
    for key, actual in checks:
        stated = parsed.meta.get(key, "").strip()
        if stated and stated != str(actual):
            problems.append(Problem(parsed.meta_lines[key],
                                    f"META says {key} {stated}, the file has {actual}"))
    if election.rule:
        try:
            spec = parse_rule(election.rule)
        except RuleError as error:
            problems.append(Problem(parsed.meta_lines["rule"], str(error)))
        else:
            if spec.threshold and election.min_project_score_threshold is None:
                problems.append(Problem(parsed.meta_lines["rule"],
                                        "greedy-threshold needs min_project_score_threshold"))
    return problems


def _ballot_problems(election: Election, parsed: Parsed) -> list[Problem]:
    limits = election.limits
    costs = {p.id: p.cost for p in election.projects}
    problems = []
    for record, line in zip(parsed.votes, parsed.vote_lines, strict=True):
        ids = [v.strip() for v in record["vote"].split(",") if v.strip()]
        found = []
        if limits.min_length is not None and len(ids) < limits.min_length:
            found.append(f"vote names {len(ids)} projects, fewer than min_length "
                         f"{limits.min_length}")
        if limits.max_length is not None and len(ids) > limits.max_length:
            found.append(f"vote names {len(ids)} projects, more than max_length "
                         f"{limits.max_length}")
        if election.vote_type in ("cumulative", "scoring"):
            points = [int(p) for p in record.get("points", "").split(",") if p.strip()]
            found += _points_problems(points, limits)
        spent = sum(costs[i] for i in ids)
        if limits.max_sum_cost is not None and spent > limits.max_sum_cost:
            found.append("vote costs more than max_sum_cost")
        problems += [Problem(line, message) for message in found]
    return problems


def _points_problems(points: list[int], limits) -> list[str]:
    found = []
    total = sum(points)
    if limits.max_sum_points is not None and total > limits.max_sum_points:
        found.append(f"vote gives {total} points, more than max_sum_points "
                     f"{limits.max_sum_points}")
    if limits.min_sum_points is not None and total < limits.min_sum_points:
        found.append(f"vote gives {total} points, fewer than min_sum_points "
                     f"{limits.min_sum_points}")
    if limits.max_points is not None and any(p > limits.max_points for p in points):
        found.append(f"vote gives one project more than max_points {limits.max_points}")
    if any(p < 0 for p in points):
        found.append("vote gives negative points")
    return found


def _count_problems(election: Election, parsed: Parsed) -> list[Problem]:
    profile = compile_profile(election)
    problems = []
    for j, (record, line) in enumerate(zip(parsed.projects, parsed.project_lines,
                                           strict=True)):
        for column, actual in (("votes", profile.votes[j]), ("score", profile.scores[j])):
            stated = record.get(column, "").strip()
            if stated and stated != str(actual):
                problems.append(Problem(
                    line, f"project {profile.ids[j]}: {column} column says {stated}, "
                          f"the ballots give {actual}"))
    return problems
