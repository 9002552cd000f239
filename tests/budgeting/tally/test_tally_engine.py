"""The engine on real elections: the funded set must equal the city's official `selected` column."""

from __future__ import annotations

import pytest

from forum.budgeting.tally import RuleError, read_pb, tally
from tests.budgeting.tally.tally_helpers import ASSEN, KRAKOW, WIELICZKA, official_selection


@pytest.mark.parametrize("path", [ASSEN, WIELICZKA, KRAKOW], ids=lambda p: p.stem)
def test_real_election_with_its_own_rule_funds_the_official_selection(path):
    election, meta = read_pb(path)

    outcome = tally(election)

    assert outcome.rule == meta["rule"]
    assert set(outcome.selected) == official_selection(election)
    assert outcome.cost <= election.budget


def test_assen_with_the_tie_between_2_and_11_funds_both_as_the_city_did():
    election, _ = read_pb(ASSEN)
    votes = {p.id: p.extra["votes"] for p in election.projects}
    assert votes["2"] == votes["11"]          # the tie the file is known for

    outcome = tally(election, "equalshares/add1")

    assert {"2", "11"} <= set(outcome.selected)
    assert set(outcome.selected) == official_selection(election)


def test_wieliczka_add1_keeps_raising_past_the_first_exhaustive_share():
    election, _ = read_pb(WIELICZKA)

    official = tally(election, "equalshares/add1-comparison")
    early = tally(election, "equalshares/add1-exhaustive-comparison")

    assert official.per_voter_share == 315 * election.scale
    assert early.per_voter_share == 302 * election.scale
    assert set(early.selected) != official_selection(election)
    assert set(official.selected) == official_selection(election)
    assert official.comparison is not None and not official.comparison.switched


def test_krakow_counts_ranks_as_3_2_1_points_and_borda_2_1_0_would_differ():
    election, _ = read_pb(KRAKOW)
    official = official_selection(election)

    outcome = tally(election, "greedy")
    election.points_per_rank = (2, 1, 0)
    borda = tally(election, "greedy")

    assert set(outcome.selected) == official
    assert set(borda.selected) != official


def test_plain_equal_shares_without_completion_leaves_money_unspent_in_assen():
    election, _ = read_pb(ASSEN)

    plain = tally(election, "equalshares")
    completed = tally(election, "equalshares/add1")

    assert set(plain.selected) < set(completed.selected)
    assert plain.per_voter_share * election.num_voters == election.budget


def test_rule_argument_overrides_the_files_rule():
    election, _ = read_pb(WIELICZKA)

    outcome = tally(election, "greedy")

    assert outcome.rule == "greedy"
    assert outcome.per_voter_share is None


def test_unknown_rule_is_refused_with_a_clear_error():
    election, _ = read_pb(ASSEN)

    with pytest.raises(RuleError, match="unknown rule"):
        tally(election, "phragmen")


def test_top_up_by_votes_spends_what_equal_shares_leaves():
    election, _ = read_pb(ASSEN)

    plain = tally(election, "equalshares")
    topped = tally(election, "equalshares/greedy")

    assert set(plain.selected) <= set(topped.selected)
    assert topped.cost >= plain.cost
    reasons = {e.project_id: e.reason for e in topped.explanations}
    added = set(topped.selected) - set(plain.selected)
    assert added and all(reasons[pid] == "funded_completion" for pid in added)


def test_election_without_a_rule_uses_equal_shares_with_add1():
    from forum.budgeting.tally import DEFAULT_RULE, Ballot, Election, Project

    election = Election.from_ballots(10, [Project("1", 4)], [Ballot(("1",))] * 2)

    outcome = tally(election)

    assert outcome.rule == DEFAULT_RULE == "equalshares/add1"
    assert outcome.selected == ["1"]


def test_election_nobody_voted_in_funds_nothing_under_every_rule():
    from forum.budgeting.tally import RULE_NAMES, Election, Project

    election = Election.from_ballots(10, [Project("1", 4)], [],
                                     min_project_score_threshold=1)

    for rule in RULE_NAMES:
        outcome = tally(election, rule)
        assert outcome.selected == [] and outcome.cost == 0
        assert [e.reason for e in outcome.explanations] == ["no_votes"]
