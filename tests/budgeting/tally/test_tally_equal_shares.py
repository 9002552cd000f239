"""Equal Shares against pabutools (exact fractions) and against the engine's own all-exact mode."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pabutools.election import Cost_Sat
from pabutools.rules import method_of_equal_shares

from forum.budgeting.tally import Ballot, Election, Project, read_pb, tally
from forum.budgeting.tally.equal_shares import EqualShares
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.ties import rank_projects
from tests.budgeting.tally.tally_helpers import (
    ASSEN,
    PROPERTY,
    TIE_ORDERS,
    WIELICZKA,
    elections,
    pabutools_instance,
    pabutools_tie_breaking,
)


def pabutools_equal_shares(election: Election, order) -> list[str]:
    instance, profile = pabutools_instance(election)
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
                                     tie_breaking=pabutools_tie_breaking(election, order))
    return [p.name for p in outcome]


@PROPERTY
@given(elections(), st.sampled_from(TIE_ORDERS))
def test_equal_shares_funds_what_pabutools_funds_in_the_same_order(election, order):
    ours = tally(election, "equalshares", order)

    assert ours.selected == pabutools_equal_shares(election, order)


@PROPERTY
@given(elections(max_projects=6, max_voters=10), st.sampled_from(TIE_ORDERS))
def test_fast_equal_shares_equals_the_all_exact_computation(election, order):
    fast = tally(election, "equalshares/add1", order)
    exact = tally(election, "equalshares/add1", order, exact=True)

    assert fast.selected == exact.selected
    assert fast.per_voter_share == exact.per_voter_share


@pytest.mark.parametrize("path", [ASSEN, WIELICZKA], ids=lambda p: p.stem)
def test_equal_shares_on_real_files_equals_pabutools(path):
    election, _ = read_pb(path)
    order = ("cost", "votes", "id")

    assert tally(election, "equalshares", order).selected == \
        pabutools_equal_shares(election, order)


def test_near_tie_below_float_precision_is_decided_exactly():
    share = 10**17
    # round 1: x, y, z fund project 1 and keep 1 each. Round 2: project 2 costs u and w one
    # half per unit of cost; project 3 a hair less (x chips in her 1): in floats both are 0.5.
    projects = [Project("1", 3 * (share - 1)), Project("2", 2 * share),
                Project("3", 2 * share)]
    ballots = [Ballot(("1", "3")), Ballot(("1",)), Ballot(("1",)),
               Ballot(("2", "3")), Ballot(("2", "3"))]
    election = Election.from_ballots(5 * share, projects, ballots)

    outcome = tally(election, "equalshares", ("id",))

    assert float(Fraction(2 * share - 1, 4 * share)) == 0.5
    assert outcome.selected == ["1", "3"] == pabutools_equal_shares(election, ("id",))


def test_exact_tie_goes_to_the_tie_break_order():
    projects = [Project("1", 30), Project("2", 30)]
    ballots = [Ballot(("1",)), Ballot(("2",))] * 3
    election = Election.from_ballots(60, projects, ballots)     # supporters hold exactly 30

    assert tally(election, "equalshares", ("id",)).selected == ["1", "2"]
    assert tally(election, "equalshares", ("-id",)).selected == ["2", "1"]


def test_supporter_paying_exactly_all_they_have_is_drained_exactly():
    projects = [Project("1", 2), Project("2", 1)]
    ballots = [Ballot(("1", "2")), Ballot(("1",))]
    election = Election.from_ballots(2, projects, ballots)
    rule = EqualShares(compile_profile(election), rank_projects(("id",), election.projects, {}))

    run = rule.run(Fraction(1))

    assert [rule.profile.ids[j] for j in run.selected] == ["1"]
    assert run.caps() == [Fraction(1)]
    assert run.budgets.tolist() == [0.0, 0.0]


def test_zero_cost_project_gives_no_utility_and_is_not_funded_as_in_pabutools():
    projects = [Project("1", 0), Project("2", 5)]
    election = Election.from_ballots(5, projects, [Ballot(("1", "2"))])

    outcome = tally(election, "equalshares")

    assert outcome.selected == ["2"] == pabutools_equal_shares(election, ("id",))
    assert outcome.explanations[0].reason == "zero_cost"
