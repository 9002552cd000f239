"""`tally()`: run a named rule on an election and return the outcome with its explanations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .explain import Explanation, explain_equal_shares, explain_greedy
from .greedy import greedy
from .model import Election
from .profile import Profile, compile_profile
from .rules import RuleError, RuleSpec, parse_rule
from .ties import DEFAULT_TIE_BREAK, parse_tie_break, rank_projects

if TYPE_CHECKING:   # Equal Shares (and gmpy2) load only when it runs
    from .completion import Comparison

DEFAULT_RULE = "equalshares/add1"


@dataclass
class Outcome:
    """The result of a tally.

    `selected` lists project ids in funding order; `cost` is in minor units (the election's
    `scale` says how many make one currency unit); `per_voter_share` is the exact share every
    voter started from in the Equal Shares run the completion kept (in minor units; None for
    greedy rules), and `comparison` says whether the comparison step switched to greedy.
    `explanations` has one record per project, in the election's project order.
    """

    rule: str
    selected: list[str]
    cost: int
    scale: int
    tie_break: tuple[str, ...]
    explanations: list[Explanation]
    per_voter_share: Fraction | None = None
    comparison: Comparison | None = None


def tally(election: Election, rule: str | None = None,
          tie_break: str | Sequence[str] = DEFAULT_TIE_BREAK, *,
          exact: bool = False, add1_start: str = "floor") -> Outcome:
    """Compute the outcome of `election` under `rule` (default: the election's own rule).

    `exact=True` takes every Equal Shares decision in fractions (slow; for verification).
    `add1_start="exact"` makes Add1 add whole units to the exact share, as pabutools does.
    """
    spec = parse_rule(rule or election.rule or DEFAULT_RULE)
    order = parse_tie_break(tie_break)
    profile = compile_profile(election)
    tie_rank = rank_projects(order, election.projects, dict(zip(profile.ids, profile.votes,
                                                                 strict=True)))
    if spec.greedy:
        return _greedy_outcome(election, profile, spec, order, tie_rank)
    return _equal_shares_outcome(election, profile, spec, order, tie_rank, exact, add1_start)


def _greedy_outcome(election: Election, profile: Profile, spec: RuleSpec,
                    order: tuple[str, ...], tie_rank: dict[str, int]) -> Outcome:
    threshold = None
    if spec.threshold:
        threshold = election.min_project_score_threshold
        if threshold is None:
            raise RuleError("greedy-threshold needs min_project_score_threshold")
    result = greedy(profile, election.budget, tie_rank, skip=spec.skip, threshold=threshold)
    return Outcome(spec.name, [profile.ids[j] for j in result.selected],
                   sum(profile.costs[j] for j in result.selected), election.scale, order,
                   explain_greedy(profile, result, threshold))


def _equal_shares_outcome(election: Election, profile: Profile, spec: RuleSpec,
                          order: tuple[str, ...], tie_rank: dict[str, int], exact: bool,
                          add1_start: str) -> Outcome:
    from .completion import add1, compare_with_greedy
    from .equal_shares import EqualShares

    rule = EqualShares(profile, tie_rank, exact=exact)
    if profile.num_voters == 0:
        run = rule.run(Fraction(0))
    elif spec.completion:
        run = add1(rule, election.budget, stop=spec.completion, unit=election.scale,
                   start=add1_start)
    else:
        run = rule.run(Fraction(election.budget, profile.num_voters))
    top_up = greedy(profile, election.budget, tie_rank, already=run.funded) if spec.top_up \
        else None
    funded = run.funded + (top_up.selected if top_up else [])
    explanations = explain_equal_shares(profile, run, top_up)
    comparison = None
    if spec.comparison:
        by_votes = greedy(profile, election.budget, tie_rank)
        comparison = compare_with_greedy(profile, funded, by_votes.selected)
        if comparison.switched:
            funded = by_votes.selected
            explanations = explain_greedy(profile, by_votes)
    return Outcome(spec.name, [profile.ids[j] for j in funded],
                   sum(profile.costs[j] for j in funded), election.scale, order, explanations,
                   per_voter_share=run.share, comparison=comparison)
