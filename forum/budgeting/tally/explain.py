"""Why each project was or was not funded, as structured records the web layer can put in words.

Records carry reason codes and numbers, never sentences: the results page translates them. Money
is in minor units (divide by the election's `scale`); a payment cap is an exact fraction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from .greedy import GreedyResult
from .profile import Profile

if TYPE_CHECKING:
    from .equal_shares import EqualSharesRun

FUNDED_BY_VOTES = "funded_by_votes"
FUNDED_EQUAL_SHARES = "funded_equal_shares"
FUNDED_COMPLETION = "funded_completion"
ZERO_COST = "zero_cost"
SUPPORTERS_RAN_OUT = "supporters_ran_out"
REASONS = (FUNDED_BY_VOTES, FUNDED_EQUAL_SHARES, FUNDED_COMPLETION, "did_not_fit",
           "not_reached", "below_threshold", "no_votes", SUPPORTERS_RAN_OUT, ZERO_COST)


@dataclass(frozen=True)
class Explanation:
    """One project's result and the numbers that say why.

    - `reason`: one of REASONS.
    - `position`: 1-based place in the funding order (funded projects only).
    - `score`: votes, points or positional points; `supporters`: voters who named the project.
    - Equal Shares, funded: `max_payment_per_voter` (the most any supporter paid, exact),
      `paid_max` (supporters who paid that much), `paid_all_they_had` (supporters who paid less
      because it was all they had left), `paid_nothing` (supporters with nothing left).
    - Equal Shares, not funded: `supporters_money_left`, what its supporters still held together
      (less than `cost`).
    - Greedy, `did_not_fit`: `money_left` when the project's turn came.
    - `threshold`: the score threshold, for `below_threshold`.
    """

    project_id: str
    funded: bool
    reason: str
    cost: int
    score: int
    supporters: int
    position: int | None = None
    max_payment_per_voter: Fraction | None = None
    paid_max: int | None = None
    paid_all_they_had: int | None = None
    paid_nothing: int | None = None
    supporters_money_left: Fraction | None = None
    money_left: int | None = None
    threshold: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _base(profile: Profile, j: int, reason: str, funded: bool, **numbers) -> Explanation:
    return Explanation(profile.ids[j], funded, reason, profile.costs[j], profile.scores[j],
                       profile.votes[j], **numbers)


def explain_greedy(profile: Profile, result: GreedyResult,
                   threshold: int | None = None) -> list[Explanation]:
    """Records for an outcome of the greedy rules."""
    position = {j: k + 1 for k, j in enumerate(result.selected)}
    records = []
    for j in range(len(profile.ids)):
        reason = result.reasons[j]
        records.append(_base(profile, j, reason, j in position, position=position.get(j),
                             money_left=result.money_left_when_reached.get(j),
                             threshold=threshold if reason == "below_threshold" else None))
    return records


def explain_equal_shares(profile: Profile, run: EqualSharesRun,
                         top_up: GreedyResult | None = None) -> list[Explanation]:
    """Records for an Equal Shares outcome, optionally topped up by greedy."""
    from .exact import to_fraction

    history = run.history
    caps = run.caps()
    order = run.funded + (top_up.selected if top_up else [])
    position = {j: k + 1 for k, j in enumerate(order)}
    rounds = {r.project: t for t, r in enumerate(history.rounds)}
    end = len(history.rounds)
    records = []
    for j in range(len(profile.ids)):
        pos = position.get(j)
        if j in rounds:
            records.append(_funded_record(profile, run, j, rounds[j], caps, pos))
        elif top_up is not None and top_up.reasons.get(j) == FUNDED_BY_VOTES:
            records.append(_base(profile, j, FUNDED_COMPLETION, True, position=pos))
        elif profile.votes[j] == 0:
            records.append(_base(profile, j, "no_votes", False))
        elif profile.costs[j] == 0:
            records.append(_base(profile, j, ZERO_COST, False))
        else:
            alive = history.alive(profile.supporters[j], end)
            records.append(_base(profile, j, SUPPORTERS_RAN_OUT, False,
                                 supporters_money_left=to_fraction(history.group_sum(alive, end))))
    return records


def _funded_record(profile: Profile, run: EqualSharesRun, j: int, t: int, caps: list,
                   position: int) -> Explanation:
    """Who paid for project j in round t: the cap, all they had (less), or nothing."""
    history = run.history
    rnd = history.rounds[t]
    weights = profile.multiplicity
    supporters = profile.supporters[j]
    before = supporters[history.drained_at[supporters] < t]
    maybe_at_cap = rnd.drained
    if rnd.drained_money is not None:       # floats rule out those clearly short of the cap
        band = 2 * rnd.error + 4 * np.finfo(float).eps * abs(rnd.cap)
        maybe_at_cap = rnd.drained[np.abs(rnd.drained_money - rnd.cap) <= band]
    drained = history.budgets(maybe_at_cap, t)
    at_cap = sum(int(weights[g]) for g, budget in zip(maybe_at_cap.tolist(), drained,
                                                        strict=True) if budget == rnd.exact_cap)
    paid_all = int(weights[rnd.drained].sum()) - at_cap
    return _base(profile, j, FUNDED_EQUAL_SHARES, True, position=position,
                 max_payment_per_voter=caps[t], paid_max=rnd.rich_voters + at_cap,
                 paid_all_they_had=paid_all, paid_nothing=int(weights[before].sum()))
