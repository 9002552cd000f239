"""What cities add around Equal Shares: Add1 completion, a greedy top-up, a comparison step.

Add1 (equalshares.net) reruns Equal Shares with every voter's share raised one currency unit at a
time: the first run uses the exact share budget / voters, the next ones whole currency amounts
(floor(budget / voters) + 1, + 2, ...). Two stopping rules are in use and give different real
outcomes: `until_over_budget` (Wieliczka 2023) keeps raising until the next run would cost more
than the budget and keeps the last run within it; `exhaustive` (equalshares.net's reference code
and pabutools' `voter_budget_increment`) also stops at the first run to which no further project
fits. The comparison step (Wieliczka) switches to the greedy outcome if more voters prefer it,
a voter preferring the outcome that funds more of the projects they voted for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .equal_shares import EqualShares, EqualSharesRun
from .profile import Profile
from .rules import EXHAUSTIVE, UNTIL_OVER_BUDGET

if TYPE_CHECKING:
    from .screen import Add1Screen

logger = logging.getLogger(__name__)


@dataclass
class Comparison:
    """How many voters prefer each of the two outcomes the comparison step weighs."""

    prefer_equal_shares: int
    prefer_greedy: int
    switched: bool


def is_exhaustive(profile: Profile, funded: list[int], budget: int,
                  candidates: list[int]) -> bool:
    """No candidate left out of `funded` would still fit into the budget."""
    left = budget - sum(profile.costs[j] for j in funded)
    chosen = set(funded)
    return all(profile.costs[j] > left for j in candidates if j not in chosen)


def add1(rule: EqualShares, budget: int, *, stop: str = UNTIL_OVER_BUDGET,
         unit: int = 1, start: str = "floor") -> EqualSharesRun:
    """Equal Shares completed by Add1; `unit` is one currency unit in minor units.

    `start="floor"` raises the share through whole currency amounts after the first run (as
    equalshares.net does); `start="exact"` adds one unit to the exact share each time (pabutools).
    The compiled screen (`screen.py`) finds the run to keep; runs it cannot certify, and the kept
    one, are computed by the exact engine. `rule.exact` (or amounts beyond the screen's 64-bit
    sums) computes every run exactly instead.
    """
    ladder = ShareLadder(Fraction(budget, rule.profile.num_voters), unit, start)
    screen = None if rule.exact else _screen(rule, budget, stop)
    return _kept_run(rule, ladder, budget, stop, screen)


def _screen(rule: EqualShares, budget: int, stop: str) -> Add1Screen | None:
    """The compiled screen for this election, or None where it cannot run (then every run is
    exact: slower, same outcome)."""
    try:
        from .screen import Add1Screen
    except (ImportError, RuntimeError):     # RuntimeError: the C library could not be built
        logger.warning("The compiled Add1 screen is unavailable; every run is computed "
                       "exactly. A C compiler (CC) and a writable folder for the library "
                       "(XDG_CACHE_HOME) make it available.", exc_info=True)
        return None
    if not Add1Screen.handles(rule.profile, budget):
        return None
    return Add1Screen(rule.profile, rule.rank, rule.open, budget, stop == EXHAUSTIVE)


@dataclass(frozen=True)
class ShareLadder:
    """The share of Add1's run k: the exact share, then whole steps of `unit` above it."""

    first: Fraction
    unit: int
    start: str

    def share(self, k: int) -> Fraction:
        if k == 0:
            return self.first
        if self.start == "exact":
            return self.first + k * self.unit
        return (self.first // self.unit + k) * self.unit


def _kept_run(rule: EqualShares, ladder: ShareLadder, budget: int, stop: str,
              screen: Add1Screen | None) -> EqualSharesRun:
    """The run Add1 keeps, computed exactly."""
    candidates = rule.open
    k, kept, kept_at = 0, None, -1

    def exact(index: int) -> EqualSharesRun:
        return kept if kept_at == index else rule.run(ladder.share(index))

    while True:
        if screen is not None:
            verdict, k = screen.scan(k, float(ladder.share(0)), float(ladder.share(1)),
                                     float(ladder.unit))
            if verdict == screen.FINAL:
                return exact(k)
        attempt = rule.run(ladder.share(k))
        if k > 0 and attempt.cost > budget:
            return exact(k - 1)
        kept, kept_at = attempt, k
        if len(attempt.selected) == len(candidates) or (
                stop == EXHAUSTIVE
                and is_exhaustive(rule.profile, attempt.funded, budget, candidates)):
            return attempt
        k += 1


def compare_with_greedy(profile: Profile, equal_shares: list[int],
                        greedy: list[int]) -> Comparison:
    """Count voters who fund more of their projects under each outcome."""
    membership = profile.membership
    mes_hits = membership[:, list(equal_shares)].sum(axis=1)
    greedy_hits = membership[:, list(greedy)].sum(axis=1)
    weights = profile.multiplicity
    prefer_mes = int(weights[mes_hits > greedy_hits].sum())
    prefer_greedy = int(weights[greedy_hits > mes_hits].sum())
    return Comparison(prefer_mes, prefer_greedy, prefer_greedy > prefer_mes)
