"""Reading a VOTES section by its distinct votes gives what a line-by-line CSV reading gives:
the same election, and for a malformed file the same line and message."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forum.budgeting.tally import Ballot, PabulibError, read_pb
from forum.budgeting.tally.cli import pb
from forum.budgeting.tally.model import BallotTable
from forum.budgeting.tally.native import KernelUnavailable
from forum.budgeting.tally.pabulib import parse_sections
from forum.budgeting.tally.votelines import counted_natively
from tests.budgeting.tally.tally_helpers import REAL_FILES, WIELICZKA, pb_text

PROJECTS = "1;10;a\n2;20;b\n3;30;c\n"


def line_by_line(text: str) -> Counter | tuple[int, str]:
    """The reference: every row through the CSV reader, checked one after the other."""
    try:
        parsed = parse_sections(text)
    except PabulibError as error:
        return error.line, error.message
    known = {record["project_id"] for record in parsed.projects}
    voters, ballots = {}, Counter()
    for record, line in zip(parsed.votes, parsed.vote_lines, strict=True):
        if record["voter_id"] in voters:
            return line, f"voter {record['voter_id']} votes twice " \
                f"(first on line {voters[record['voter_id']]})"
        voters[record["voter_id"]] = line
        ids = [v.strip() for v in record["vote"].split(",") if v.strip()]
        unknown = [pid for pid in ids if pid not in known]
        if unknown:
            return line, f"vote names unknown project {unknown[0]}"
        if len(set(ids)) != len(ids):
            return line, "twice"
        ballots[Ballot(tuple(ids))] += 1
    return ballots


def without_c():
    """As where the C library cannot be built: votes are counted in Python."""
    return mock.patch("forum.budgeting.tally.native.load",
                      side_effect=KernelUnavailable("no compiler"))


def reading(text: str, native: bool = True) -> Counter | tuple[int, str]:
    try:
        if native:
            return Counter(read_pb(text)[0].ballots)
        with without_c():
            return Counter(read_pb(text)[0].ballots)
    except PabulibError as error:
        return error.line, error.message


def same(ours, reference) -> bool:
    if isinstance(reference, tuple) and reference[1] == "twice":
        return isinstance(ours, tuple) and ours[0] == reference[0] and "twice" in ours[1]
    return ours == reference


vote_text = st.lists(st.sampled_from(["1", "2", "3", " 2", "3 ", "9"]), max_size=4).map(",".join)
voter = st.sampled_from(["a", "b", "c", "d", "e", " a", "f", "g"])
line_end = st.sampled_from(["\n", "\r\n"])
extra_line = st.sampled_from(["", "\n", ";\n", "  \n"])


@settings(max_examples=300, deadline=None)
@example(rows=[("a", "", "\n", ";\n")], layout="vote", quoted=False, short_row=False,
         native=True)
@example(rows=[("a", "1,2", "\r\n", ""), ("b", "", "\n", "")], layout="age;vote",
         quoted=False, short_row=False, native=True)
@given(st.lists(st.tuples(voter, vote_text, line_end, extra_line), max_size=8),
       st.sampled_from(["vote", "vote;age", "age;vote"]), st.booleans(), st.booleans(),
       st.booleans())
def test_distinct_votes_read_as_every_line_would_be(rows, layout, quoted, short_row, native):
    body = ""
    for number, (who, vote, end, extra) in enumerate(rows):
        field = f'"{vote}"' if quoted and number == 0 else vote
        line = layout.replace("vote", field).replace("age", str(number % 3))
        body += f"{who};{line}" + end + extra
    if short_row and rows:
        body += "z\n"
    text = pb_text(PROJECTS, body, votes_header=f"voter_id;{layout}")

    assert same(reading(text, native), line_by_line(text))


def test_plain_files_are_counted_into_a_table_with_or_without_the_c_library():
    votes = "".join(f"{n};x;{1 + n % 3},{1 + (n + 1) % 3}\r\n" for n in range(1, 200))
    text = pb_text(PROJECTS, votes + "200;y;\r\n", votes_header="voter_id;sex;vote")
    election = read_pb(text)[0]
    with without_c():
        in_python = read_pb(text)[0]

    assert counted_natively(text[text.index("VOTES") + 5:], 0, ["1", "2", "3"]).table is not None
    assert isinstance(election.ballots, BallotTable)
    assert isinstance(in_python.ballots, BallotTable)
    assert election.ballots == in_python.ballots == line_by_line(text)
    assert election.ballots[Ballot(())] == 1 and election.num_voters == 200


@pytest.mark.parametrize("native", [True, False])
def test_a_problem_after_many_plain_lines_is_told_at_its_line(native):
    votes = "".join(f"{n};1,2\n" for n in range(1, 500)) + "500;1,7\n"
    text = pb_text(PROJECTS, votes)

    assert reading(text, native) == line_by_line(text) == (511, "vote names unknown project 7")


@pytest.mark.parametrize("native", [True, False])
def test_a_voter_twice_among_plain_lines_is_told_at_the_second_line(native):
    votes = "".join(f"{n};2\n" for n in range(1, 300)) + "17;3\n"
    text = pb_text(PROJECTS, votes)

    assert reading(text, native) == line_by_line(text) == \
        (311, "voter 17 votes twice (first on line 28)")


@pytest.mark.parametrize("native", [True, False])
@pytest.mark.parametrize(("row", "message"), [
    ("x;1,,2", None), ("x;1,2,", None), ("x;2,1,2", "project 2 twice"), ("x;1;x", "fields"),
    ("x;1\x0b", None), ("x;1,\u00e9", "unknown project \u00e9"), (";1", None),
])
def test_unusual_rows_among_plain_lines_read_as_every_line_would_be(native, row, message):
    votes = "".join(f"{n};1,2\n" for n in range(1, 50)) + row + "\n"
    text = pb_text(PROJECTS, votes)

    found, reference = reading(text, native), line_by_line(text)

    assert same(found, reference)
    assert message is None or message in found[1]


def test_real_files_read_the_same_both_ways():
    for path in REAL_FILES:
        text = path.read_text(encoding="utf-8-sig")
        assert reading(text) == line_by_line(text)


def test_python_m_counts_a_file_from_any_folder_without_a_configured_app(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("FORUM_", "FLASK_"))}
    command = [sys.executable, "-m", "forum.budgeting.tally", str(WIELICZKA), "--json"]
    run = subprocess.run(command, cwd=tmp_path, env=env,  # noqa: S603
                         capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stderr
    assert run.stdout == CliRunner().invoke(pb, ["tally", str(WIELICZKA), "--json"]).output


def test_python_m_tells_a_malformed_file_by_its_line(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(pb_text("1;10;a\n", "a;1\nb;4\n"), encoding="utf-8")

    run = subprocess.run([sys.executable, "-m", "forum.budgeting.tally", str(bad)],  # noqa: S603
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert run.returncode == 1
    assert run.stderr.strip() == f"{bad}:11: vote names unknown project 4"
