"""The exact side of Equal Shares: budgets and caps rebuilt from the recorded rounds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from forum.budgeting.tally import Ballot, Election, Project, tally
from forum.budgeting.tally.equal_shares import EqualShares
from forum.budgeting.tally.exact import to_fraction
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.ties import rank_projects
from tests.budgeting.tally.tally_helpers import PROPERTY


def replay(election: Election, share: Fraction):
    """A plain per-voter replay of a run in Python fractions, for comparison."""
    rule = EqualShares(compile_profile(election), rank_projects(("id",), election.projects, {}))
    run = rule.run(share)
    money = {g: share for g in range(len(rule.profile.multiplicity))}
    for t, rnd in enumerate(run.history.rounds):
        cap = to_fraction(rnd.exact_cap)
        groups = rule.profile.supporters[rnd.project].tolist()
        weights = rule.profile.multiplicity
        assert sum(min(money[g], cap) * int(weights[g]) for g in groups) == \
            rule.profile.costs[rnd.project]
        exact = run.history.budgets(rule.profile.supporters[rnd.project], t)
        assert [to_fraction(b) for b in exact] == [money[g] for g in groups]
        for g in groups:
            money[g] -= min(money[g], cap)
    return run, money


@st.composite
def large_elections(draw) -> Election:
    count = draw(st.integers(2, 6))
    projects = [Project(str(i + 1), draw(st.integers(10**6, 10**12))) for i in range(count)]
    ids = [p.id for p in projects]
    ballots = [Ballot(tuple(sorted(draw(st.sets(st.sampled_from(ids), min_size=1)))))
               for _ in range(draw(st.integers(2, 25)))]
    budget = draw(st.integers(1, sum(p.cost for p in projects)))
    return Election.from_ballots(budget, projects, ballots)


@PROPERTY
@given(large_elections())
def test_recorded_rounds_rebuild_every_budget_and_cap_exactly(election):
    run, money = replay(election, Fraction(election.budget, election.num_voters))

    end = len(run.history.rounds)
    groups = list(money)
    rebuilt = run.history.budgets(np.array(groups), end)
    assert [to_fraction(b) for b in rebuilt] == [money[g] for g in groups]


@PROPERTY
@given(large_elections(), st.sampled_from([("cost", "votes", "id"), ("-cost", "id")]))
def test_fast_and_all_exact_agree_on_large_amounts(election, order):
    fast = tally(election, "equalshares", order)
    exact = tally(election, "equalshares", order, exact=True)

    assert fast.selected == exact.selected
