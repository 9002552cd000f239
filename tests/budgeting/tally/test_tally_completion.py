"""Add1 completion (both stopping rules), the greedy top-up and the comparison step."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from pabutools.election import Cost_Sat
from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares

from forum.budgeting.tally import Ballot, Election, Project, read_pb, tally
from forum.budgeting.tally.completion import add1, compare_with_greedy, is_exhaustive
from forum.budgeting.tally.equal_shares import EqualShares
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.ties import rank_projects
from tests.budgeting.tally.tally_helpers import (
    PROPERTY,
    TIE_ORDERS,
    WIELICZKA,
    elections,
    pabutools_instance,
    pabutools_tie_breaking,
)


def pabutools_add1_exhaustive(election: Election, order) -> set[str]:
    instance, profile = pabutools_instance(election)
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat,
                                     tie_breaking=pabutools_tie_breaking(election, order),
                                     voter_budget_increment=1)
    return {p.name for p in outcome}


def pabutools_add1_until_over_budget(election: Election, order) -> set[str]:
    instance, profile = pabutools_instance(election)
    params = {"sat_class": Cost_Sat, "tie_breaking": pabutools_tie_breaking(election, order)}
    outcome = exhaustion_by_budget_increase(instance, profile, method_of_equal_shares, params,
                                            exhaustive_stop=False,
                                            budget_step=election.num_voters)
    return {p.name for p in outcome}


@PROPERTY
@given(elections(), st.sampled_from(TIE_ORDERS))
def test_add1_exhaustive_equals_pabutools_voter_budget_increment(election, order):
    ours = tally(election, "equalshares/add1-exhaustive", order, add1_start="exact")

    assert set(ours.selected) == pabutools_add1_exhaustive(election, order)


@PROPERTY
@given(elections(max_projects=6, max_voters=8), st.sampled_from(TIE_ORDERS))
def test_add1_until_over_budget_equals_pabutools_budget_increase(election, order):
    ours = tally(election, "equalshares/add1", order, add1_start="exact")

    assert set(ours.selected) == pabutools_add1_until_over_budget(election, order)


@PROPERTY
@given(elections(budget_multiple_of_voters=True), st.sampled_from(TIE_ORDERS))
def test_whole_share_steps_equal_pabutools_when_the_share_is_whole(election, order):
    ours = tally(election, "equalshares/add1-exhaustive", order)

    assert set(ours.selected) == pabutools_add1_exhaustive(election, order)


@PROPERTY
@given(elections())
def test_add1_never_spends_more_than_the_budget(election):
    for rule in ("equalshares/add1", "equalshares/add1-exhaustive", "equalshares/add1/greedy"):
        assert tally(election, rule).cost <= election.budget


def test_add1_tries_the_exact_share_then_whole_currency_units_when_amounts_have_cents():
    projects = [Project("1", 1000), Project("2", 2000)]         # 10.00 and 20.00
    ballots = [Ballot(("1",))] * 2 + [Ballot(("1", "2"))] + [Ballot(("2",))] * 3
    election = Election.from_ballots(2900, projects, ballots, scale=100)   # budget 29.00
    profile = compile_profile(election)
    rule = EqualShares(profile, rank_projects(("id",), election.projects, {}), exact=True)
    tried = []
    run = rule.run
    rule.run = lambda share: tried.append(share) or run(share)

    kept = add1(rule, election.budget, unit=election.scale)

    assert tried == [Fraction(2900, 6), 500]   # 4.8333.., then 5.00, which funds both: 30.00
    assert kept.share == Fraction(2900, 6)
    assert kept.cost <= election.budget < run(Fraction(500)).cost


def test_comparison_counts_voters_who_fund_more_of_their_projects():
    projects = [Project("1", 1), Project("2", 1), Project("3", 1)]
    ballots = [Ballot(("1", "2")), Ballot(("1",)), Ballot(("3",))]
    profile = compile_profile(Election.from_ballots(2, projects, ballots))

    comparison = compare_with_greedy(profile, [0, 2], [0, 1])

    assert (comparison.prefer_equal_shares, comparison.prefer_greedy) == (1, 1)
    assert not comparison.switched


def test_comparison_switches_to_greedy_when_more_voters_prefer_it():
    # Shares of 100/7: Equal Shares can only fund 3 (5 supporters); greedy by votes funds 3 and
    # then 2, which the three voters of {2, 3} prefer; nobody prefers Equal Shares' outcome.
    projects = [Project("1", 40), Project("2", 60), Project("3", 30)]
    ballots = [Ballot(("2", "3"))] * 3 + [Ballot(("1",))] * 2 + [Ballot(("3",))] * 2
    election = Election.from_ballots(100, projects, ballots)

    plain = tally(election, "equalshares")
    compared = tally(election, "equalshares-comparison")
    greedy = tally(election, "greedy")

    assert plain.selected == ["3"]
    assert (compared.comparison.prefer_equal_shares, compared.comparison.prefer_greedy) == (0, 3)
    assert compared.comparison.switched
    assert compared.selected == greedy.selected == ["3", "2"]
    assert {e.reason for e in compared.explanations if e.funded} == {"funded_by_votes"}


def test_wieliczka_comparison_keeps_equal_shares_as_the_city_did():
    election, _ = read_pb(WIELICZKA)

    outcome = tally(election, "equalshares/add1-comparison")

    assert outcome.comparison.prefer_equal_shares > outcome.comparison.prefer_greedy


def test_exhaustive_means_no_left_out_candidate_fits():
    projects = [Project("1", 5), Project("2", 4), Project("3", 9)]
    profile = compile_profile(Election.from_ballots(10, projects, [Ballot(("1", "2", "3"))]))

    assert is_exhaustive(profile, [0, 1], 10, [0, 1, 2])
    assert not is_exhaustive(profile, [0], 10, [0, 1, 2])
