"""The published tie-break order."""

from __future__ import annotations

import pytest

from forum.budgeting.tally import DEFAULT_TIE_BREAK, Project, TieBreakError, parse_tie_break
from forum.budgeting.tally.ties import rank_projects


def ranked(order, projects, votes=None) -> list[str]:
    rank = rank_projects(order, projects, votes or {})
    return sorted(rank, key=rank.__getitem__)


def test_default_order_is_lower_cost_then_more_votes_then_id():
    projects = [Project("3", 10), Project("1", 10), Project("2", 10), Project("4", 5)]
    votes = {"3": 7, "1": 3, "2": 3}

    assert DEFAULT_TIE_BREAK == ("cost", "votes", "id")
    assert ranked(DEFAULT_TIE_BREAK, projects, votes) == ["4", "3", "1", "2"]


def test_numeric_ids_compare_as_numbers_and_id_text_as_pabutools_does():
    projects = [Project("10", 1), Project("9", 1)]

    assert ranked(("id",), projects) == ["9", "10"]
    assert ranked(("id-text",), projects) == ["10", "9"]


def test_ids_that_are_not_all_numbers_compare_as_text():
    projects = [Project("B2", 1), Project("10", 1), Project("A", 1)]

    assert ranked(("id",), projects) == ["10", "A", "B2"]


def test_minus_reverses_a_criterion():
    projects = [Project("1", 5), Project("2", 9), Project("3", 9)]

    assert ranked(("-cost",), projects) == ["2", "3", "1"]
    assert ranked(("-cost", "-id"), projects) == ["3", "2", "1"]


def test_order_is_read_from_a_comma_separated_list():
    assert parse_tie_break(" votes, -cost ,id") == ("votes", "-cost", "id")


@pytest.mark.parametrize("text", ["price", "", "cost,lottery"])
def test_unknown_or_empty_order_is_refused(text):
    with pytest.raises(TieBreakError):
        parse_tie_break(text)
