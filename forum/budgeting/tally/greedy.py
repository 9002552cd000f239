"""Greedy rules by score, what most cities use: `greedy`, `greedy-no-skip`, `greedy-threshold`.

Projects are ranked by score (votes for approval and choose-1, points for cumulative and scoring,
positional points for ordinal ballots), ties by the published tie-break order, and funded in that
order: `greedy` skips a project that no longer fits and goes on, `greedy-no-skip` stops at the first
one (Gdynia, Wrocław), `greedy-threshold` first sets aside projects scoring below META
`min_project_score_threshold` (Warsaw: 3000 votes, Łódź: 100). A project nobody voted for is never
funded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .profile import Profile

FUNDED = "funded_by_votes"
DID_NOT_FIT = "did_not_fit"
NOT_REACHED = "not_reached"
BELOW_THRESHOLD = "below_threshold"
NO_VOTES = "no_votes"


@dataclass
class GreedyResult:
    """Projects funded in order, and for every project why it was or was not funded."""

    selected: list[int]
    reasons: dict[int, str]
    money_left_when_reached: dict[int, int] = field(default_factory=dict)


def greedy_order(profile: Profile, tie_rank: dict[str, int]) -> list[int]:
    """Project indices by score, highest first, ties by the tie-break order."""
    return sorted(range(len(profile.ids)),
                  key=lambda j: (-profile.scores[j], tie_rank[profile.ids[j]]))


def greedy(profile: Profile, budget: int, tie_rank: dict[str, int], *, skip: bool = True,
           threshold: int | None = None, already: list[int] | None = None) -> GreedyResult:
    """Fund projects by score while the money lasts (starting after `already`, if given)."""
    chosen = list(already or [])
    left = budget - sum(profile.costs[j] for j in chosen)
    reasons: dict[int, str] = {}
    money_left: dict[int, int] = {}
    stopped = False
    for j in greedy_order(profile, tie_rank):
        if j in chosen:
            continue
        if profile.scores[j] <= 0:
            reasons[j] = NO_VOTES
        elif threshold is not None and profile.scores[j] < threshold:
            reasons[j] = BELOW_THRESHOLD
        elif stopped:
            reasons[j] = NOT_REACHED
        elif profile.costs[j] <= left:
            chosen.append(j)
            reasons[j] = FUNDED
            left -= profile.costs[j]
        else:
            reasons[j] = DID_NOT_FIT
            money_left[j] = left
            stopped = not skip
    new = [j for j in chosen if j not in (already or [])]
    return GreedyResult(new, reasons, money_left)
