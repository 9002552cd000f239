"""A VOTES section as its distinct votes: identical votes counted, each distinct one parsed once.

Three readings give the same `VoteLines`, keyed by the (vote, points) text of a line:
`counted_at_once` counts the common file (voter_id;vote[;points], nothing unusual) with C-level
splitting and no line numbers; `from_plain_lines` walks an unquoted section line by line and knows
where each vote first appears; `from_rows` takes the CSV reader's rows (any quoting). Problems are
told at the line a line-by-line reading would stop at.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

SECTIONS = ("META", "PROJECTS", "VOTES")
BLANK = " \t\r\f\v;"
LINE_START = re.compile(r"^[^;\n]*", re.MULTILINE)
VOTER_ID = re.compile(r"^[^;\n]*;", re.MULTILINE)
UNUSUAL = (" ", "\t", "\r", ";;", "\n\n")  # spaces to strip, or a blank field or line


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
    """The common file counted without a Python loop per line; None when anything is unusual,
    for `from_plain_lines` to tell. A vote found wrong later is read again line by line."""
    lines = body.split("\n", 2)
    if len(lines) < 3:
        return None
    header = _header(lines[1])
    if header not in (["voter_id", "vote"], ["voter_id", "vote", "points"]):
        return None
    rest = lines[2].rstrip("\r\n")
    if any(mark in rest for mark in UNUSUAL):
        return None
    voters = LINE_START.findall(rest)
    if "" in voters:
        return None  # a line without a voter, perhaps only separators (a blank line)
    if len(set(voters)) != len(voters) or rest.count(";") != len(voters) * (len(header) - 1):
        return None  # a voter twice, or a line with too few or too many fields
    without_voters, lines_with_a_voter = VOTER_ID.subn("", rest)
    if lines_with_a_voter != len(voters):
        return None
    votes = VoteLines(header, title_line + 1)
    for text, count in Counter(without_voters.split("\n")).items():
        if text.count(";") != len(header) - 2:
            return None
        vote, _, points = text.partition(";")
        votes.distinct[vote, points] = [0, count]
    return votes
