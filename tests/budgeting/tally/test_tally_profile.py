"""Ballots compiled into arrays: groups, supporters, votes and scores."""

from __future__ import annotations

import dataclasses

from forum.budgeting.tally import Ballot, Election, Project
from forum.budgeting.tally.model import BallotTable
from forum.budgeting.tally.profile import compile_profile


def test_groups_supporters_votes_and_scores():
    projects = [Project("1", 5), Project("2", 5), Project("3", 5)]
    ballots = [Ballot(("1", "2"))] * 3 + [Ballot(("2",))]
    profile = compile_profile(Election.from_ballots(10, projects, ballots))

    assert profile.multiplicity.tolist() == [3, 1]
    assert [s.tolist() for s in profile.supporters] == [[0], [0, 1], []]
    assert profile.votes == (3, 4, 0) == profile.scores
    assert profile.membership.tolist() == [[True, True, False], [False, True, False]]


def test_ordinal_ranks_score_k_down_to_1_by_default_and_custom_points_when_given():
    projects = [Project("1", 5), Project("2", 5), Project("3", 5)]
    ballots = [Ballot(("3", "1", "2")), Ballot(("1",))]
    election = Election.from_ballots(10, projects, ballots, vote_type="ordinal")

    assert compile_profile(election).scores == (2 + 3, 1, 3)
    election.points_per_rank = (5, 1)
    assert compile_profile(election).scores == (1 + 5, 0, 5)


def test_cumulative_scores_sum_points_times_voters():
    projects = [Project("1", 5), Project("2", 5)]
    ballots = [Ballot(("1", "2"), (2, 1))] * 2
    profile = compile_profile(Election.from_ballots(10, projects, ballots,
                                                    vote_type="cumulative"))

    assert profile.scores == (4, 2) and profile.votes == (2, 2)


def test_a_files_ballot_table_compiles_as_its_dict_of_ballots(real_elections):
    for name, (election, _) in real_elections.items():
        as_dict = dataclasses.replace(election, ballots=dict(election.ballots.items()))
        table, ballots = compile_profile(election), compile_profile(as_dict)

        assert isinstance(election.ballots, BallotTable), name
        assert table.multiplicity.tolist() == ballots.multiplicity.tolist()
        assert [s.tolist() for s in table.supporters] == [s.tolist() for s in ballots.supporters]
        assert (table.votes, table.scores) == (ballots.votes, ballots.scores)
        assert as_dict.ballots == election.ballots and len(election.ballots) == len(as_dict.ballots)
