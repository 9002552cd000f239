"""Reading and writing pabulib files: every vote type, exact money, and errors with lines."""

from __future__ import annotations

import io

import pytest

from forum.budgeting.tally import Ballot, PabulibError, read_pb, tally, write_pb
from forum.budgeting.tally.model import format_amount
from tests.budgeting.tally.tally_helpers import KRAKOW, REAL_FILES, pb_text


def test_real_files_read_with_every_voter_and_project(real_elections):
    for path in REAL_FILES:
        election, meta = real_elections[path.stem]
        assert election.num_voters == int(meta["num_votes"])
        assert len(election.projects) == int(meta["num_projects"])


def test_decimal_budget_is_kept_exact_in_minor_units():
    election, meta = read_pb(KRAKOW)

    assert election.scale == 100
    assert election.budget == 257294676
    assert format_amount(election.budget, election.scale) == meta["budget"]


def test_byte_order_mark_and_quoted_fields_are_read():
    text = "\ufeff" + pb_text('1;10;"Park; with a ""bench"""\n2;20;Road\n', "a;1,2\nb;2\n")

    election, _ = read_pb(text)

    assert election.projects[0].name == 'Park; with a "bench"'
    assert election.ballots == {Ballot(("1", "2")): 1, Ballot(("2",)): 1}


def test_identical_ballots_are_merged_with_their_count():
    election, _ = read_pb(pb_text("1;10;a\n2;20;b\n", "a;1\nb;1\nc;2,1\n"))

    assert election.ballots == {Ballot(("1",)): 2, Ballot(("2", "1")): 1}


def test_cumulative_votes_carry_their_points_and_limits():
    text = pb_text("1;10;a\n2;20;b\n", "a;1,2;3,2\n", vote_type="cumulative",
                   meta="max_sum_points;5\n", votes_header="voter_id;vote;points")

    election, _ = read_pb(text)

    assert election.ballots == {Ballot(("1", "2"), (3, 2)): 1}
    assert election.limits.max_sum_points == 5


def test_ordinal_choose_one_and_scoring_types_are_read():
    for vote_type in ("ordinal", "choose-1"):
        election, _ = read_pb(pb_text("1;10;a\n2;20;b\n", "a;2\n", vote_type=vote_type))
        assert election.vote_type == vote_type
    election, _ = read_pb(pb_text("1;10;a\n", "a;1;-2\n", vote_type="scoring",
                                  votes_header="voter_id;vote;points"))
    assert election.ballots == {Ballot(("1",), (-2,)): 1}


def test_threshold_and_rule_come_from_meta():
    text = pb_text("1;10;a\n", "a;1\n",
                   meta="rule;greedy-threshold\nmin_project_score_threshold;3000\n")

    election, _ = read_pb(text)

    assert election.rule == "greedy-threshold"
    assert election.min_project_score_threshold == 3000


@pytest.mark.parametrize(("text", "line", "message"), [
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n", 6, "missing section VOTES"),
    (pb_text("1;10;a\n", "a;1,7\n"), 10, "unknown project 7"),
    (pb_text("1;-10;a\n", "a;1\n"), 7, "negative"),
    (pb_text("1;10;a\n", "a;1\nb;1\na;1\n"), 12, "voter a votes twice"),
    (pb_text("1;10;a\n1;20;b\n", "a;1\n"), 8, "project 1 is listed twice"),
    (pb_text("1;ten;a\n", "a;1\n"), 7, "is not a number"),
    (pb_text("1;10;a\n", "a;1,1\n"), 10, "twice"),
    (pb_text("1;10;a\n", "a;1\n", vote_type="ranked"), 4, "unknown vote_type"),
    ("PROJECTS\nproject_id;cost\n", 1, "must start with the META section"),
    (pb_text("1;10\n", "a;1\n"), 7, "fields"),
    ("", 1, "empty"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\n"
     "voter_id;vote\na;1\n", 3, "no budget"),
])
def test_malformed_file_raises_error_with_its_line(text, line, message):
    with pytest.raises(PabulibError) as caught:
        read_pb(text)

    assert caught.value.line == line
    assert message in caught.value.message


def test_written_file_reads_back_to_the_same_election_and_outcome(real_elections):
    for path in REAL_FILES:
        election, meta = real_elections[path.stem]
        out = io.StringIO()

        write_pb(election, meta, out)
        again, again_meta = read_pb(out.getvalue())

        assert again.ballots == election.ballots
        assert again.budget == election.budget and again.scale == election.scale
        assert [(p.id, p.cost) for p in again.projects] == \
            [(p.id, p.cost) for p in election.projects]
        assert again_meta["rule"] == meta["rule"]
        assert tally(again).selected == tally(election).selected


def test_written_voter_ids_are_the_callers():
    election, meta = read_pb(pb_text("1;10;a\n", "x;1\ny;1\n"))
    out = io.StringIO()

    write_pb(election, meta, out, voter_ids=["r1", "r2"])

    assert out.getvalue().rstrip().splitlines()[-2:] == ["r1;1", "r2;1"]
