"""Rule names as pabulib writes them."""

from __future__ import annotations

import pytest

from forum.budgeting.tally import RULE_NAMES, RuleError
from forum.budgeting.tally.rules import EXHAUSTIVE, UNTIL_OVER_BUDGET, parse_rule


def test_every_listed_rule_name_parses():
    for name in RULE_NAMES:
        assert parse_rule(name).name == name


def test_add1_comparison_means_raise_until_over_budget_then_compare():
    spec = parse_rule("equalshares/add1-comparison")

    assert spec.completion == UNTIL_OVER_BUDGET and spec.comparison and not spec.top_up


def test_add1_exhaustive_and_greedy_top_up_parse():
    spec = parse_rule("equalshares/add1-exhaustive/greedy")

    assert spec.completion == EXHAUSTIVE and spec.top_up


def test_greedy_variants_parse():
    assert not parse_rule("greedy-no-skip").skip
    assert parse_rule("greedy-threshold").threshold


@pytest.mark.parametrize("name", ["mes", "equalshares/add2", "equalshares/greedy/add1",
                                  "equalshares/add1/add1"])
def test_unknown_rules_are_refused(name):
    with pytest.raises(RuleError):
        parse_rule(name)
