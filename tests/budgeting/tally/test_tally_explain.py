"""Explanations: a reason and the numbers behind it for every project."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import given

from forum.budgeting.tally import REASONS, Ballot, Election, Project, read_pb, tally
from forum.budgeting.tally.equal_shares import EqualShares
from forum.budgeting.tally.explain import explain_equal_shares
from forum.budgeting.tally.profile import compile_profile
from tests.budgeting.tally.tally_helpers import ASSEN, KRAKOW, PROPERTY, WIELICZKA, elections


def test_every_project_gets_one_record_with_a_known_reason():
    for path, rule in ((ASSEN, "equalshares/add1"), (KRAKOW, "greedy")):
        election, _ = read_pb(path)
        outcome = tally(election, rule)

        assert [e.project_id for e in outcome.explanations] == [p.id for p in election.projects]
        assert {e.reason for e in outcome.explanations} <= set(REASONS)
        assert {e.project_id for e in outcome.explanations if e.funded} == set(outcome.selected)


def test_equal_shares_records_say_who_paid_how_much():
    # shares of 10: project 2 (4 supporters) costs each 6; then project 1 (cost 24) is paid by
    # its 3 supporters: the one who also funded 2 has 4 left and pays it all, the two others
    # pay the cap of 10, which is all they have too.
    projects = [Project("1", 24), Project("2", 24)]
    ballots = [Ballot(("1", "2")), Ballot(("1",)), Ballot(("1",)),
               Ballot(("2",)), Ballot(("2",)), Ballot(("2",))]
    election = Election.from_ballots(60, projects, ballots)

    outcome = tally(election, "equalshares")

    records = {e.project_id: e for e in outcome.explanations}
    assert outcome.selected == ["2", "1"]
    assert records["2"].max_payment_per_voter == 6 and records["2"].paid_max == 4
    first = records["1"]
    assert first.reason == "funded_equal_shares" and first.position == 2
    assert first.max_payment_per_voter == 10
    assert (first.paid_max, first.paid_all_they_had, first.paid_nothing) == (2, 1, 0)
    assert first.max_payment_per_voter * first.paid_max + 4 == first.cost


def test_unfunded_equal_shares_project_says_its_supporters_ran_out():
    projects = [Project("1", 30), Project("2", 25)]
    ballots = [Ballot(("1", "2")), Ballot(("1",)), Ballot(("1",)), Ballot(("2",))]
    election = Election.from_ballots(40, projects, ballots)

    outcome = tally(election, "equalshares")

    record = {e.project_id: e for e in outcome.explanations}["2"]
    assert not record.funded and record.reason == "supporters_ran_out"
    assert record.supporters_money_left == Fraction(10)       # the lone voter of 2 kept 10
    assert record.supporters_money_left < record.cost


def test_greedy_did_not_fit_record_gives_the_money_left_at_its_turn():
    projects = [Project("1", 70), Project("2", 50)]
    election = Election.from_ballots(100, projects, [Ballot(("1", "2")), Ballot(("1",))])

    record = tally(election, "greedy").explanations[1]

    assert record.reason == "did_not_fit" and record.money_left == 30
    assert record.as_dict()["project_id"] == "2"


def _without_float_money(run):
    """The same run with every drained supporter's money left to exact fractions."""
    history = dataclasses.replace(run.history, rounds=[
        dataclasses.replace(r, drained_money=None) for r in run.history.rounds])
    return dataclasses.replace(run, history=history)


def _explained_both_ways(election: Election, share: Fraction):
    profile = compile_profile(election)
    rule = EqualShares(profile, {pid: k for k, pid in enumerate(profile.ids)})
    run = rule.run(share)
    return (explain_equal_shares(profile, run),
            explain_equal_shares(profile, _without_float_money(run)))


@PROPERTY
@given(elections(max_projects=6, max_voters=12))
def test_floats_only_rule_out_supporters_clearly_short_of_the_cap(election):
    if election.num_voters:
        fast, exact = _explained_both_ways(election,
                                           Fraction(election.budget, election.num_voters))
        assert fast == exact


def test_supporters_whose_money_equals_the_cap_count_as_paying_it():
    # Shares of 5: project "1" (10, two supporters) takes exactly all they have.
    election = Election.from_ballots(10, [Project("1", 10)], [Ballot(("1",))] * 2)
    fast, exact = _explained_both_ways(election, Fraction(5))

    assert fast == exact
    assert (fast[0].paid_max, fast[0].paid_all_they_had) == (2, 0)


def test_real_elections_explain_the_same_with_the_float_filter():
    for path in (ASSEN, WIELICZKA):
        election, _ = read_pb(path)
        share = tally(election, "equalshares/add1").per_voter_share
        fast, exact = _explained_both_ways(election, share)
        assert fast == exact
