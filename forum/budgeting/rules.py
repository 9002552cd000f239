"""A ballot's validity under its cycle's limits, for online and paper ballots alike.

A ballot is a list of (item id, points): points are 1 for approval and choose-1 ballots, the
rank (1 = first) for ordinal ballots, and the voter's points for cumulative ballots. A ballot
that breaks a limit is refused with every reason, never truncated or repaired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forum.budgeting.models.cycles import BallotKind
from forum.core.cleaning import whole_number


@dataclass(frozen=True)
class Problem:
    """Why a ballot is refused: a code (see `problems.py` for the words) and its numbers."""

    code: str
    params: dict = field(default_factory=dict)

    def as_list(self) -> list:
        return [self.code, self.params]


@dataclass(frozen=True)
class BallotRules:
    """The limits of one ballot: the items it may name, with their costs, and the cycle's rules."""

    kind: str
    costs: dict[int, int]  # item id -> official cost in minor units, for items on the ballot
    budget: int
    min_length: int | None = None
    max_length: int | None = None
    within_budget: bool = False
    max_sum_points: int | None = None
    max_points_per_item: int | None = None

    @classmethod
    def of(cls, cycle, costs: dict[int, int], budget: int) -> BallotRules:
        return cls(cycle.ballot_kind, costs, budget, cycle.min_length, cycle.max_length,
                   cycle.within_budget, cycle.max_sum_points, cycle.max_points_per_item)

    @property
    def ranks(self) -> int:
        return self.max_length or min(3, len(self.costs)) or 1


def check(rules: BallotRules, choices: list[tuple[int, int]]) -> list[Problem]:
    """Every reason the ballot breaks the rules (an empty list: the ballot is valid)."""
    problems = _known_and_distinct(rules, choices)
    if problems:
        return problems
    count = len(choices)
    if rules.kind == BallotKind.CHOOSE_ONE:
        return [] if count == 1 else [Problem("choose_one")]
    minimum = rules.min_length or 1
    if count < minimum:
        problems.append(Problem("too_few", {"min": minimum, "count": count}))
    maximum = rules.ranks if rules.kind == BallotKind.ORDINAL else rules.max_length
    if maximum is not None and count > maximum:
        problems.append(Problem("too_many", {"max": maximum, "count": count}))
    if rules.kind == BallotKind.ORDINAL:
        problems += _ranks_in_order(choices)
    if rules.kind == BallotKind.CUMULATIVE:
        problems += _points(rules, choices)
    if rules.kind == BallotKind.APPROVAL and rules.within_budget:
        total = sum(rules.costs[item] for item, _points in choices)
        if total > rules.budget:
            problems.append(Problem("over_budget", {"total": total, "budget": rules.budget}))
    return problems


def _known_and_distinct(rules: BallotRules, choices) -> list[Problem]:
    problems, seen = [], set()
    for item, _points in choices:
        if item not in rules.costs:
            problems.append(Problem("unknown_item", {"item": item}))
        elif item in seen:
            problems.append(Problem("duplicate_item", {"item": item}))
        seen.add(item)
    return problems


def _ranks_in_order(choices) -> list[Problem]:
    ranks = sorted(points for _item, points in choices)
    if ranks != list(range(1, len(ranks) + 1)):
        return [Problem("rank_gap")]
    return []


def _points(rules: BallotRules, choices) -> list[Problem]:
    problems = []
    for item, points in choices:
        if points < 1:
            problems.append(Problem("points_positive", {"item": item}))
        elif rules.max_points_per_item and points > rules.max_points_per_item:
            problems.append(Problem("item_points", {"item": item,
                                                    "max": rules.max_points_per_item}))
    total = sum(points for _item, points in choices)
    if rules.max_sum_points and total > rules.max_sum_points:
        problems.append(Problem("total_points", {"total": total, "max": rules.max_sum_points}))
    return problems


def total_cost(rules: BallotRules, choices) -> int:
    return sum(rules.costs.get(item, 0) for item, _points in choices)


def parse_text(kind: str, text: str) -> tuple[list[tuple[int, int]], list[Problem]]:
    """Choices written as on a paper-ballot file: item ids separated by spaces, commas or
    semicolons, in rank order for ordinal ballots, `id:points` for cumulative ballots."""
    choices, problems = [], []
    parts = [p for p in text.replace(",", " ").replace(";", " ").split() if p]
    for rank, part in enumerate(parts, start=1):
        item_text, _sep, points_text = part.partition(":")
        item, given = whole_number(item_text), whole_number(points_text or "0")
        if item is None or given is None:
            problems.append(Problem("unreadable", {"text": part[:40]}))
            continue
        if kind == BallotKind.CUMULATIVE:
            points = given
        else:
            points = rank if kind == BallotKind.ORDINAL else 1
        choices.append((item, points))
    return choices, problems
