"""Ballot rules: every limit of every ballot kind refuses a ballot with its reason."""

from __future__ import annotations

import pytest

from forum.budgeting.rules import BallotRules, check, parse_text

COSTS = {1: 100, 2: 200, 3: 300, 4: 400}


def codes(rules, choices) -> list[str]:
    return [problem.code for problem in check(rules, choices)]


def test_approval_limits_and_the_budget():
    rules = BallotRules("approval", COSTS, budget=500, min_length=2, max_length=3,
                        within_budget=True)
    assert codes(rules, [(1, 1), (2, 1)]) == []
    assert codes(rules, [(1, 1)]) == ["too_few"]
    assert codes(rules, [(1, 1), (2, 1), (3, 1), (4, 1)]) == ["too_many", "over_budget"]
    assert codes(rules, [(2, 1), (4, 1)]) == ["over_budget"]


def test_unknown_and_duplicate_items_are_named():
    rules = BallotRules("approval", COSTS, budget=10_000)
    problems = check(rules, [(1, 1), (1, 1), (99, 1)])
    assert [(p.code, p.params) for p in problems] == [("duplicate_item", {"item": 1}),
                                                      ("unknown_item", {"item": 99})]


def test_choose_one_needs_exactly_one():
    rules = BallotRules("choose-1", COSTS, budget=10_000)
    assert codes(rules, [(1, 1)]) == []
    assert codes(rules, [(1, 1), (2, 1)]) == ["choose_one"]
    assert codes(rules, []) == ["choose_one"]


def test_ordinal_ranks_must_start_at_one_without_gaps_and_fit_k():
    rules = BallotRules("ordinal", COSTS, budget=10_000, max_length=3)
    assert codes(rules, [(3, 1), (1, 2), (2, 3)]) == []
    assert codes(rules, [(3, 1), (1, 3)]) == ["rank_gap"]
    assert codes(rules, [(1, 1), (2, 2), (3, 3), (4, 4)]) == ["too_many"]


def test_cumulative_points_per_item_and_in_total():
    rules = BallotRules("cumulative", COSTS, budget=10_000, max_sum_points=10,
                        max_points_per_item=5)
    assert codes(rules, [(1, 5), (2, 5)]) == []
    assert codes(rules, [(1, 6), (2, 5)]) == ["item_points", "total_points"]
    assert codes(rules, [(1, 0)]) == ["points_positive"]


@pytest.mark.parametrize(("kind", "text", "choices", "problems"), [
    ("approval", "3, 1;2", [(3, 1), (1, 1), (2, 1)], []),
    ("ordinal", "4 1 2", [(4, 1), (1, 2), (2, 3)], []),
    ("cumulative", "1:3 2:2", [(1, 3), (2, 2)], []),
    ("approval", "1 two", [(1, 1)], ["unreadable"]),
])
def test_paper_ballot_text(kind, text, choices, problems):
    parsed, found = parse_text(kind, text)
    assert parsed == choices and [p.code for p in found] == problems
