"""A VOTES section as its distinct votes: identical votes counted, each distinct one parsed once.

Three readings give the same `VoteLines`, keyed by the (vote, points) text of a line:
`counted_natively` counts the common file (any columns, nothing unusual) in C (`votes.c`), and
`counted_at_once` the same where the C library cannot be had, with C-level string splitting;
neither numbers lines; `from_plain_lines` walks an unquoted section line by line and knows
where each vote first appears; `from_rows` takes the CSV reader's rows (any quoting). Problems are
told at the line a line-by-line reading would stop at.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

SECTIONS = ("META", "PROJECTS", "VOTES")
BLANK = " \t\r\f\v;"
UNUSUAL = (" ", "\t", "\r", "\n\n", '"')  # spaces to strip, a blank line, quoting
ASCII_BLANK = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")  # what else str.strip() strips


class NeedsCsvReader(Exception):
    """The section cannot be split line by line (a section title inside it)."""


@dataclass
class VoteLines:
    """The header, and for each distinct (vote, points) text: the line it first appears on (0:
    not known) and how many lines have it."""

    header: list[str]
    header_line: int
    distinct: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    first_repeat: tuple[int, str, int] | None = None  # (line, voter, the voter's first line)
    first_short: tuple[int, int] | None = None  # (line, fields) of a row of the wrong width
    by_vote: Counter | None = None  # counted at once without a points column: vote -> lines
    # counted in C: (starts, projects, counts) of the distinct votes, as a BallotTable holds them
    table: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def entries(self) -> dict[tuple[str, str], list[int]]:
        """`distinct`, made from `by_vote` where the section was counted at once."""
        if self.by_vote is not None and not self.distinct:
            self.distinct = {(vote, ""): [0, count] for vote, count in self.by_vote.items()}
        return self.distinct

    def at(self, name: str) -> int:
        return self.header.index(name) if name in self.header else -1


def _header(raw: str) -> list[str]:
    return [h.strip().lower() for h in raw.split(";")]


def _tally_rows(votes: VoteLines, rows) -> VoteLines:
    """Count (line, fields) rows whose fields are already split."""
    width, voter_at, vote_at, points_at = (len(votes.header), votes.at("voter_id"),
                                           votes.at("vote"), votes.at("points"))
    voters: dict[str, int] = {}
    distinct = votes.distinct
    for line, fields in rows:
        if len(fields) != width:
            if votes.first_short is None:
                votes.first_short = (line, len(fields))
            continue
        voter = fields[voter_at].strip() if voter_at >= 0 else ""
        first = voters.setdefault(voter, line)
        if first != line and votes.first_repeat is None:
            votes.first_repeat = (line, voter, first)
        key = (fields[vote_at] if vote_at >= 0 else "",
               fields[points_at] if points_at >= 0 else "")
        entry = distinct.get(key)
        if entry is None:
            distinct[key] = [line, 1]
        else:
            entry[1] += 1
    return votes


def from_rows(rows: list, header_line: int) -> VoteLines | None:
    """From the CSV reader's rows (header first); None when there is no header."""
    if not rows:
        return None
    votes = VoteLines([h.strip().lower() for h in rows[0].fields], rows[0].line)
    return _tally_rows(votes, ((row.line, row.fields) for row in rows[1:]))


def from_plain_lines(body: str, title_line: int) -> VoteLines | None:
    """From the text after the VOTES title (no quotes in it). None when there is no header;
    NeedsCsvReader when a section title appears inside."""
    lines = body.split("\n")
    header_at = next((i for i, raw in enumerate(lines) if i and raw.strip(BLANK)), None)
    if header_at is None:
        return None
    votes = VoteLines(_header(lines[header_at]), title_line + header_at)
    if len(votes.header) == 1 and votes.header[0].upper() in SECTIONS:
        raise NeedsCsvReader

    def rows():
        for number, raw in enumerate(lines[header_at + 1:], start=votes.header_line + 1):
            if not raw.strip(BLANK):
                continue  # blank, or only separators
            if ";" not in raw and raw.strip().upper() in SECTIONS:
                raise NeedsCsvReader
            yield number, raw.split(";")

    return _tally_rows(votes, rows())


def counted_at_once(body: str, title_line: int) -> VoteLines | None:
    """The common file counted without a Python loop per line, whatever its columns (voter_id
    and vote among them); None when anything is unusual (quotes, spaces, blank lines, blank
    voter ids, a voter twice, a row of the wrong width), for `from_plain_lines` to tell. Lines
    are not numbered: a vote found wrong later is read again line by line."""
    lines = body.split("\n", 2)
    if len(lines) < 3:
        return None
    header = _header(lines[1])
    if "voter_id" not in header or "vote" not in header:
        return None
    rest = lines[2].replace("\r\n", "\n").removesuffix("\n")
    rows = rest.split("\n")
    if any(mark in rest for mark in UNUSUAL) or not (
            all(mark not in rest for mark in ASCII_BLANK) if rest.isascii()
            else all(map(str.isprintable, rows))):
        return None     # what a reading line by line would strip or skip
    width = len(header)
    if list(map(str.count, rows, repeat(";"))).count(width - 1) != len(rows):
        return None     # a row with too few or too many fields
    fields = rest.replace("\n", ";").split(";")
    voters = fields[header.index("voter_id")::width]
    if "" in voters or len(set(voters)) != len(voters):
        return None     # a line without a voter (perhaps only separators), or a voter twice
    vote = fields[header.index("vote")::width]
    votes = VoteLines(header, title_line + 1)
    if "points" in header:
        counted = Counter(zip(vote, fields[header.index("points")::width], strict=True))
        votes.distinct = {key: [0, count] for key, count in counted.items()}
    else:
        votes.by_vote = Counter(vote)
    return votes


def counted_natively(body: str, title_line: int, ids: list[str]) -> VoteLines | None:
    """`counted_at_once` in C, each distinct vote also parsed into indices of `ids` (the table a
    `BallotTable` holds; for vote types without points). None where the C library cannot be had
    or the section is not plain (`votes.c` says what plain is)."""
    lines = body.split("\n", 2)
    if len(lines) < 3:
        return None
    header = _header(lines[1])
    rest = lines[2].replace("\r\n", "\n").removesuffix("\n")
    if "voter_id" not in header or "vote" not in header or not rest.isascii() \
            or any("\n" in pid for pid in ids):
        return None
    from .native import KernelUnavailable, load  # ctypes: only for a file to count

    try:
        library = load()
    except KernelUnavailable:
        return None
    data = rest.encode("ascii")
    known = "".join(f"{pid}\n" for pid in ids).encode("utf-8")
    rows = data.count(b"\n") + 1
    entries = data.count(b",") + rows
    counts = np.empty(rows, dtype=np.int64)
    starts = np.empty(rows + 1, dtype=np.int64)
    projects = np.empty(entries, dtype=np.int32)
    found = library.count_votes(data, len(data), len(header), header.index("voter_id"),
                                header.index("vote"), known, len(known), len(ids), rows,
                                entries, counts.ctypes.data, starts.ctypes.data,
                                projects.ctypes.data)
    if found == -2:
        raise MemoryError("counting the votes could not allocate its tables")
    if found < 0:
        return None
    votes = VoteLines(header, title_line + 1)
    votes.table = (starts[:found + 1], projects[:starts[found]], counts[:found])
    return votes
