"""Read and write the pabulib `.pb` format (pabulib.org/format) with exact money.

A file has three sections, META, PROJECTS and VOTES, each a title line, a header line and
`;`-separated rows with CSV quoting; it may start with a byte-order mark. Costs and the budget are
scaled to integer minor units by the smallest common power of ten. Every structural problem is a
`PabulibError` carrying the line it was found on.

A city's file has tens of thousands of vote lines but fewer distinct votes: `read_pb` counts a
plain VOTES section at once, in C (`votes.c`) or else with C-level string methods, and parses
each distinct vote once, into the arrays the engine counts (`BallotTable`); a section with
anything unusual is split line by line (the CSV reader only where quoting could matter), and a
problem is told at the line a line-by-line reading would stop at.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import repeat
from pathlib import Path
from typing import IO

import numpy as np

from . import votelines
from .model import (
    VOTE_TYPES,
    Ballot,
    BallotTable,
    Election,
    Limits,
    Project,
    format_amount,
    to_minor_units,
)
from .votelines import VoteLines

SECTIONS = ("META", "PROJECTS", "VOTES")
LIMIT_KEYS = ("min_length", "max_length", "min_sum_points", "max_sum_points", "max_points")
COST_LIMIT_KEYS = ("min_sum_cost", "max_sum_cost")
MAX_DECIMALS = 6
VOTES_TITLE = re.compile(r"^[ \t]*votes[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


class PabulibError(ValueError):
    """A malformed file: `message` says what, `line` where (1-based; 0 when not tied to one)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Row:
    line: int
    fields: list[str]


@dataclass
class Parsed:
    """A file's sections before interpretation: META as a dict, the other two as rows."""

    meta: dict[str, str]
    meta_lines: dict[str, int]
    projects: list[dict[str, str]]
    project_lines: list[int]
    votes: list[dict[str, str]]
    vote_lines: list[int]


def _text_of(source: str | Path | IO[str]) -> str:
    if isinstance(source, Path):
        return source.read_text(encoding="utf-8-sig")
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and (
                source.endswith(".pb") or Path(source).is_file()):
            return Path(source).read_text(encoding="utf-8-sig")
        return source.removeprefix("\ufeff")
    return source.read().removeprefix("\ufeff")


def _sections(text: str) -> dict[str, list[Row]]:
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    sections: dict[str, list[Row]] = {}
    current: list[Row] | None = None
    previous = 0
    try:
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            title = fields[0].strip().upper()
            if len(fields) == 1 and title in SECTIONS:
                if current is None and title != "META":
                    raise PabulibError("the file must start with the META section", line)
                if title in sections:
                    raise PabulibError(f"section {title} appears twice", line)
                current = sections[title] = []
                continue
            if current is None:
                raise PabulibError("the file must start with the META section", line)
            current.append(Row(line, [f.strip() for f in fields]))
    except csv.Error as error:
        raise PabulibError(f"bad quoting: {error}", reader.line_num) from None
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(f"missing section {name}", max(previous, 1))
    return sections


def _table(rows: list[Row], section: str, required: tuple[str, ...],
           title_line: int) -> tuple[list[dict[str, str]], list[int]]:
    if not rows:
        raise PabulibError(f"section {section} has no header line", title_line)
    header = [h.strip().lower() for h in rows[0].fields]
    for column in required:
        if column not in header:
            raise PabulibError(f"section {section} needs a column {column!r}", rows[0].line)
    records, lines = [], []
    for row in rows[1:]:
        if len(row.fields) != len(header):
            raise PabulibError(
                f"{section} row has {len(row.fields)} fields, the header has {len(header)}",
                row.line)
        records.append(dict(zip(header, row.fields, strict=True)))
        lines.append(row.line)
    return records, lines


def parse_sections(source: str | Path | IO[str]) -> Parsed:
    """Split a file into its three sections and check their headers."""
    text = _text_of(source)
    if not text.strip():
        raise PabulibError("the file is empty", 1)
    sections = _sections(text)
    parsed = _parse_head(sections)
    first = sections["VOTES"][0].line - 1 if sections["VOTES"] else 0
    parsed.votes, parsed.vote_lines = _table(sections["VOTES"], "VOTES", ("voter_id", "vote"),
                                             first)
    return parsed


def _parse_head(sections: dict[str, list[Row]]) -> Parsed:
    """META and PROJECTS of a file's sections (VOTES left empty)."""
    meta, meta_lines = {}, {}
    for row in sections["META"][1:]:
        if len(row.fields) < 2:
            raise PabulibError("META rows need a key and a value", row.line)
        meta[row.fields[0].lower()] = row.fields[1]
        meta_lines[row.fields[0].lower()] = row.line
    first = sections["PROJECTS"][0].line - 1 if sections["PROJECTS"] else 0
    projects, project_lines = _table(sections["PROJECTS"], "PROJECTS", ("project_id", "cost"),
                                     first)
    return Parsed(meta, meta_lines, projects, project_lines, [], [])


def _decimal(text: str, what: str, line: int) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise PabulibError(f"{what} {text!r} is not a number", line) from None
    if not value.is_finite():
        raise PabulibError(f"{what} {text!r} is not a number", line)
    if value < 0:
        raise PabulibError(f"{what} is negative ({text})", line)
    if -value.normalize().as_tuple().exponent > MAX_DECIMALS:
        raise PabulibError(f"{what} {text!r} has more than {MAX_DECIMALS} decimals", line)
    return value


def _integer(text: str, what: str, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise PabulibError(f"{what} {text!r} is not a whole number", line) from None


def _meta_int(parsed: Parsed, key: str) -> int | None:
    if not parsed.meta.get(key, "").strip():
        return None
    line = parsed.meta_lines[key]
    return int(_decimal(parsed.meta[key], key, line).to_integral_value())


def _projects(parsed: Parsed) -> tuple[list[Project], int, int]:
    if "budget" not in parsed.meta:
        raise PabulibError("META has no budget", min(parsed.meta_lines.values(), default=1))
    budget = _decimal(parsed.meta["budget"], "budget", parsed.meta_lines["budget"])
    seen: dict[str, int] = {}
    costs = []
    for record, line in zip(parsed.projects, parsed.project_lines, strict=True):
        pid = record["project_id"]
        if not pid:
            raise PabulibError("a project has an empty id", line)
        if pid in seen:
            raise PabulibError(f"project {pid} is listed twice (first on line {seen[pid]})",
                               line)
        seen[pid] = line
        costs.append(_decimal(record["cost"], f"cost of project {pid}", line))
    amounts, scale = to_minor_units([str(budget), *map(str, costs)])
    projects = [
        Project(record["project_id"], cost, record.get("name", ""),
                {k: v for k, v in record.items() if k not in ("project_id", "cost", "name")})
        for record, cost in zip(parsed.projects, amounts[1:], strict=True)
    ]
    return projects, amounts[0], scale


def _ballot(vote: str, points_text: str, line: int, vote_type: str, known: set[str]) -> Ballot:
    if vote.isalnum() or (vote.replace(",", "").isalnum() and ",," not in vote
                          and not vote.startswith(",") and not vote.endswith(",")):
        ids = vote.split(",")  # the common case: plain ids, nothing to strip
    else:
        ids = [v.strip() for v in vote.split(",") if v.strip()]
    if not known.issuperset(ids):
        unknown = next(pid for pid in ids if pid not in known)
        raise PabulibError(f"vote names unknown project {unknown}", line)
    if len(set(ids)) != len(ids):
        repeated = next(pid for pid, n in Counter(ids).items() if n > 1)
        raise PabulibError(f"vote names project {repeated} twice", line)
    points = None
    if vote_type in ("cumulative", "scoring"):
        raw = [p.strip() for p in points_text.split(",") if p.strip()]
        if len(raw) != len(ids):
            raise PabulibError(f"vote lists {len(ids)} projects but {len(raw)} points", line)
        points = tuple(_integer(p, "points", line) for p in raw)
    return Ballot(tuple(ids), points)


def _vote_lines(text: str) -> tuple[Parsed, VoteLines | None, int]:
    """META and PROJECTS as `parse_sections` gives them, the VOTES section as its distinct lines
    (None: no header), and the line of the VOTES title."""
    if not text or text.isspace():
        raise PabulibError("the file is empty", 1)
    title = VOTES_TITLE.search(text)    # another title after it stops the quick readings
    if title:
        head, body = text[:title.start()], text[title.end():]
        if '"' not in body and head.count('"') % 2 == 0:
            title_line = head.count("\n") + 1
            try:
                parsed = _parse_head(_sections(head + "VOTES\n"))
                votes = (None if _vote_type(parsed) in ("cumulative", "scoring") else
                         votelines.counted_natively(body, title_line, [
                             record["project_id"] for record in parsed.projects])) \
                    or votelines.counted_at_once(body, title_line) \
                    or votelines.from_plain_lines(body, title_line)
            except (votelines.NeedsCsvReader, PabulibError):
                pass  # read as a whole, so that what is wrong is told as before
            else:
                return parsed, votes, title_line
    sections = _sections(text)
    rows = sections["VOTES"]
    title_line = rows[0].line - 1 if rows else 0
    return _parse_head(sections), votelines.from_rows(rows, title_line), title_line


def _vote_type(parsed: Parsed) -> str:
    return parsed.meta.get("vote_type", "approval").strip().lower() or "approval"


def _check_vote_header(votes: VoteLines | None, title_line: int) -> VoteLines:
    if votes is None:
        raise PabulibError("section VOTES has no header line", title_line)
    for column in ("voter_id", "vote"):
        if column not in votes.header:
            raise PabulibError(f"section VOTES needs a column {column!r}", votes.header_line)
    if votes.first_short:
        line, found = votes.first_short
        raise PabulibError(f"VOTES row has {found} fields, the header has {len(votes.header)}",
                           line)
    return votes


def _ballots(votes: VoteLines, vote_type: str, known: set[str]) -> dict[Ballot, int]:
    """Each distinct vote parsed once; the earliest problem in the file is the one told."""
    ballots: dict[Ballot, int] = {}
    for (vote, points), (line, count) in votes.entries().items():
        if votes.first_repeat and votes.first_repeat[0] <= line:
            break
        ballot = _ballot(vote, points, line, vote_type, known)
        ballots[ballot] = ballots.get(ballot, 0) + count
    if votes.first_repeat:
        line, voter, first = votes.first_repeat
        raise PabulibError(f"voter {voter} votes twice (first on line {first})", line)
    return ballots


def _ballot_table(votes: VoteLines, vote_type: str,
                  ids: tuple[str, ...]) -> BallotTable | None:
    """The distinct votes as a table, all parsed at once (no Python loop per vote); None when
    one needs a closer look, or has points, for `_ballots` to read them one by one."""
    if votes.table is not None:
        return BallotTable(ids, *votes.table)
    if vote_type in ("cumulative", "scoring") or votes.first_repeat:
        return None
    if votes.by_vote is not None:
        texts, counted = list(votes.by_vote), votes.by_vote.values()
    else:
        texts, counted = [vote for vote, _ in votes.distinct], [
            count for _, count in votes.distinct.values()]
        if len(set(texts)) != len(texts):
            return None     # one vote beside different points, which this vote type ignores
    counts = np.fromiter(counted, dtype=np.int64, count=len(texts))
    lengths = np.fromiter(map(str.count, texts, repeat(",")), dtype=np.int64,
                          count=len(texts)) + 1
    items = ",".join(texts).split(",")
    # -1: unknown, or with spaces around; -2: empty, as a vote for nothing is
    lookup = {pid: j for j, pid in enumerate(ids)}
    lookup[""] = -2
    projects = np.fromiter(map(lookup.get, items, repeat(-1)), dtype=np.int64,
                           count=len(items))
    blank = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) == 0
    empty = projects == -2
    if (projects == -1).any() or empty.sum() != blank.sum():
        return None     # an unknown id, spaces, or an empty item beside others ("1,,2")
    if blank.any():     # a vote for nothing: no entry
        lengths[blank] = 0
        projects = projects[~empty]
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    table = BallotTable(ids, starts, projects.astype(np.int32), counts)
    return None if table.repeats() else table


def read_pb(source: str | Path | IO[str]) -> tuple[Election, dict[str, str]]:
    """Read a `.pb` file (a path, its text, or an open file) into an election and its META."""
    parsed, votes, title_line = _vote_lines(_text_of(source))
    votes = _check_vote_header(votes, title_line)
    vote_type = _vote_type(parsed)
    if vote_type not in VOTE_TYPES:
        raise PabulibError(f"unknown vote_type {vote_type!r}",
                           parsed.meta_lines.get("vote_type", 0))
    projects, budget, scale = _projects(parsed)
    known = {p.id for p in projects}
    try:
        ballots = _ballot_table(votes, vote_type, tuple(p.id for p in projects)) \
            or _ballots(votes, vote_type, known)
    except PabulibError as error:
        if error.line:
            raise
        # counted at once, so without lines: read line by line to tell where
        text = _text_of(source)
        title = VOTES_TITLE.search(text)
        first_line = text.count("\n", 0, title.start()) + 1
        _ballots(votelines.from_plain_lines(text[title.end():], first_line), vote_type, known)
        raise
    limits = {key: _meta_int(parsed, key) for key in LIMIT_KEYS}
    for key in COST_LIMIT_KEYS:
        value = _meta_int(parsed, key)
        limits[key] = None if value is None else value * scale
    election = Election(
        budget=budget, projects=tuple(projects), ballots=ballots, vote_type=vote_type,
        scale=scale, limits=Limits(**limits),
        min_project_score_threshold=_meta_int(parsed, "min_project_score_threshold"),
        rule=parsed.meta.get("rule") or None,
    )
    return election, dict(parsed.meta)


def write_pb(election: Election, meta: dict[str, str], file: IO[str],
             voter_ids: list[str] | None = None) -> None:
    """Write an election as a `.pb` file; voters get ids 1..n unless `voter_ids` are given."""
    out = csv.writer(file, delimiter=";", quotechar='"', lineterminator="\n")
    meta = dict(meta)
    meta.update(budget=format_amount(election.budget, election.scale),
                vote_type=election.vote_type, num_projects=str(len(election.projects)),
                num_votes=str(election.num_voters))
    out.writerow(["META"])
    out.writerow(["key", "value"])
    for key, value in meta.items():
        out.writerow([key, value])
    _write_projects(election, out)
    _write_votes(election, out, voter_ids)


def _write_projects(election: Election, out) -> None:
    extra = sorted({k for p in election.projects for k in p.extra})
    out.writerow(["PROJECTS"])
    out.writerow(["project_id", "cost", "name", *extra])
    for p in election.projects:
        out.writerow([p.id, format_amount(p.cost, election.scale), p.name,
                      *(p.extra.get(k, "") for k in extra)])


def _write_votes(election: Election, out, voter_ids: list[str] | None) -> None:
    points = election.vote_type in ("cumulative", "scoring")
    out.writerow(["VOTES"])
    out.writerow(["voter_id", "vote", "points"] if points else ["voter_id", "vote"])
    number = 0
    for ballot, count in election.ballots.items():
        for _ in range(count):
            voter = voter_ids[number] if voter_ids else str(number + 1)
            number += 1
            row = [voter, ",".join(ballot.projects)]
            if points:
                row.append(",".join(map(str, ballot.points or ())))
            out.writerow(row)
