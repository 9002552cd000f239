"""Greedy rules: against pabutools, with thresholds, without skipping, and on ordinal ballots."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pabutools.election import Cost_Sat
from pabutools.rules import greedy_utilitarian_welfare

from forum.budgeting.tally import Ballot, Election, Project, read_pb, tally
from forum.budgeting.tally.greedy import greedy, greedy_order
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.ties import rank_projects
from tests.budgeting.tally.tally_helpers import (
    KRAKOW,
    PROPERTY,
    TIE_ORDERS,
    elections,
    pabutools_instance,
    pabutools_tie_breaking,
)


def pabutools_greedy(election: Election, order) -> list[str]:
    # pabutools also funds projects nobody voted for when money is left; the forum does not,
    # so they are left out of pabutools' instance.
    instance, profile = pabutools_instance(election, drop_unvoted=True)
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat,
                                         tie_breaking=pabutools_tie_breaking(election, order))
    return [p.name for p in outcome]


@PROPERTY
@given(elections(zero_costs=False), st.sampled_from(TIE_ORDERS))
def test_greedy_funds_what_pabutools_funds_in_the_same_order(election, order):
    assert tally(election, "greedy", order).selected == pabutools_greedy(election, order)


@PROPERTY
@given(elections(), st.sampled_from(TIE_ORDERS))
def test_greedy_with_free_projects_funds_the_same_set_as_pabutools(election, order):
    # pabutools ranks a free project first (infinite votes per unit of cost); by votes it
    # comes in its place. It fits either way, so only the order can differ.
    assert set(tally(election, "greedy", order).selected) == \
        set(pabutools_greedy(election, order))


def simple_election(**options) -> Election:
    projects = [Project("1", 50), Project("2", 60), Project("3", 10), Project("4", 5)]
    ballots = ([Ballot(("1", "3"))] * 5 + [Ballot(("2",))] * 4 + [Ballot(("3",))]
               + [Ballot(("4",))] * 2)
    return Election.from_ballots(70, projects, ballots, **options)


def test_greedy_skips_a_project_that_does_not_fit_and_goes_on():
    outcome = tally(simple_election(), "greedy")

    assert outcome.selected == ["3", "1", "4"]       # 2 (60) no longer fits after 3 and 1
    reasons = {e.project_id: e.reason for e in outcome.explanations}
    assert reasons["2"] == "did_not_fit"


def test_greedy_no_skip_stops_at_the_first_project_that_does_not_fit():
    outcome = tally(simple_election(), "greedy-no-skip")

    assert outcome.selected == ["3", "1"]
    reasons = {e.project_id: e.reason for e in outcome.explanations}
    assert reasons["2"] == "did_not_fit" and reasons["4"] == "not_reached"


def test_greedy_threshold_sets_aside_projects_below_the_threshold():
    outcome = tally(simple_election(min_project_score_threshold=3), "greedy-threshold")

    assert outcome.selected == ["3", "1"]
    explanation = {e.project_id: e for e in outcome.explanations}["4"]
    assert explanation.reason == "below_threshold" and explanation.threshold == 3


def test_project_nobody_voted_for_is_not_funded():
    projects = [Project("1", 5), Project("2", 1)]
    election = Election.from_ballots(10, projects, [Ballot(("1",))])

    outcome = tally(election, "greedy")

    assert outcome.selected == ["1"]
    assert outcome.explanations[1].reason == "no_votes"


def test_cumulative_ballots_rank_projects_by_points():
    projects = [Project("1", 10), Project("2", 10)]
    ballots = [Ballot(("1", "2"), (1, 4)), Ballot(("1",), (2,))]
    election = Election.from_ballots(10, projects, ballots, vote_type="cumulative")

    assert tally(election, "greedy").selected == ["2"]       # 4 points against 3


def test_ordinal_scores_equal_the_official_score_column_in_krakow():
    election, _ = read_pb(KRAKOW)
    profile = compile_profile(election)

    official = [int(p.extra["score"]) for p in election.projects]

    assert list(profile.scores) == official


def test_greedy_order_breaks_equal_scores_by_the_tie_break_order():
    election = simple_election()
    election.ballots[Ballot(("2",))] = 5                      # 2 now ties with 1 on 5 votes
    profile = compile_profile(election)
    votes = dict(zip(profile.ids, profile.votes, strict=True))

    cheap_first = greedy_order(profile, rank_projects(("cost",), election.projects, votes))
    dear_first = greedy_order(profile, rank_projects(("-cost",), election.projects, votes))

    assert cheap_first == [2, 0, 1, 3] and dear_first == [2, 1, 0, 3]
    assert greedy(profile, 70, rank_projects(("-cost",), election.projects, votes)).selected \
        == [2, 1]
