"""The in-memory election and exact money."""

from __future__ import annotations

import pytest

from forum.budgeting.tally import Ballot, Election, Project, format_amount
from forum.budgeting.tally.model import to_minor_units


def test_amounts_scale_by_the_smallest_common_power_of_ten():
    assert to_minor_units(["2572946.76", "650000", "0.5"]) == ([257294676, 65000000, 50], 100)
    assert to_minor_units(["100000", "7200"]) == ([100000, 7200], 1)


def test_amounts_print_back_exactly():
    assert format_amount(257294676, 100) == "2572946.76"
    assert format_amount(65000000, 100) == "650000"
    assert format_amount(50, 100) == "0.5"
    assert format_amount(7200, 1) == "7200"


def test_identical_ballots_merge_and_voters_are_counted():
    ballots = [Ballot(("1",)), Ballot(("1",)), Ballot(("2", "1"))]

    election = Election.from_ballots(10, [Project("1", 5), Project("2", 5)], ballots)

    assert election.ballots == {Ballot(("1",)): 2, Ballot(("2", "1")): 1}
    assert election.num_voters == 3


@pytest.mark.parametrize(("projects", "ballots", "message"), [
    ([Project("1", -1)], [], "negative cost"),
    ([Project("1", 1), Project("1", 2)], [], "same id"),
    ([Project("1", 1)], [Ballot(("2",))], "unknown project 2"),
])
def test_inconsistent_elections_are_refused(projects, ballots, message):
    with pytest.raises(ValueError, match=message):
        Election.from_ballots(10, projects, ballots)


def test_unknown_vote_type_is_refused():
    with pytest.raises(ValueError, match="vote type"):
        Election.from_ballots(10, [Project("1", 1)], [], vote_type="ranked")
