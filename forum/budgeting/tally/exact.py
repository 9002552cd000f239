"""Exact rational arithmetic for the Method of Equal Shares, used wherever floats are not sure.

A voter group's budget is never stored exactly. It is rebuilt on demand: a group still holding
money has its initial share minus the payment cap of every round whose project it supports; a
group that was drained holds zero. So an exact sum over many groups costs one integer matrix
product and a handful of fraction operations per round. Fractions are gmpy2's `mpq` (GMP
rationals): the caps' denominators grow round after round and `fractions.Fraction` is too slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from gmpy2 import lcm, mpq, mpz

from .profile import Profile

NEVER = np.iinfo(np.int32).max


def to_fraction(value: mpq) -> Fraction:
    """A GMP rational as a standard-library fraction (what the public API hands out)."""
    return Fraction(int(value.numerator), int(value.denominator))


@dataclass
class Round:
    """What one round of Equal Shares recorded: the project, its float cap, who paid what."""

    project: int
    cap: float
    rich_voters: int                  # voters who paid the cap and kept some money
    drained: np.ndarray               # groups that paid all they had this round
    exact_cap: mpq | None = None
    drained_money: np.ndarray | None = None   # their float money before paying ...
    error: float = np.inf                     # ... and a bound on its distance from the exact


@dataclass
class History:
    """The exact side of one run: the initial share and the rounds so far.

    The caps are also kept over one common denominator (`numerators[t] / denominator`), so an
    exact sum over many groups is a dot product of integers and a single division.
    """

    profile: Profile
    share: mpq
    drained_at: np.ndarray            # int32[G]: round in which a group was drained, or NEVER
    rounds: list[Round] = field(default_factory=list)
    numerators: list = field(default_factory=list)
    denominator: mpz = field(default_factory=lambda: mpz(1))

    def record(self, rnd: Round) -> None:
        """Append a round whose exact cap is known."""
        cap = rnd.exact_cap
        common = lcm(self.denominator, cap.denominator)
        factor = common // self.denominator
        if factor != 1:
            self.numerators = [n * factor for n in self.numerators]
        self.numerators.append(cap.numerator * (common // cap.denominator))
        self.denominator = common
        self.rounds.append(rnd)

    def selected_columns(self, upto: int) -> list[int]:
        return [r.project for r in self.rounds[:upto]]

    def caps(self, upto: int) -> list[mpq]:
        """Exact payment caps of rounds 0..upto-1."""
        return [r.exact_cap for r in self.rounds[:upto]]

    def group_sum(self, groups: np.ndarray, upto: int,
                  per_project: np.ndarray | None = None) -> mpq:
        """Exact money held by the given groups (all still holding money) before round `upto`.

        `per_project`, if given, is `profile.support_counts(groups)`, already computed.
        """
        if len(groups) == 0:
            return mpq(0)
        weights = self.profile.multiplicity[groups]
        total = mpq(int(weights.sum())) * self.share
        if upto == 0:
            return total
        if per_project is None:
            per_project = self.profile.support_counts(groups)
        paid = per_project[self.selected_columns(upto)].tolist()
        spent = sum((count * n for count, n in zip(paid, self.numerators, strict=False)
                     if count), mpz(0))
        return total - mpq(spent, self.denominator)

    def budgets(self, groups: np.ndarray, upto: int) -> list[mpq]:
        """Exact budget of each given group before round `upto`."""
        if len(groups) == 0:
            return []
        caps = self.caps(upto)
        rows = self.profile.membership[np.ix_(groups, self.selected_columns(upto))]
        patterns, which = np.unique(rows, axis=0, return_inverse=True)
        spent = [sum((cap for cap, paid in zip(caps, row.tolist(), strict=True) if paid),
                     mpq(0)) for row in patterns]
        drained = (self.drained_at[groups] < upto).tolist()
        return [mpq(0) if gone else self.share - spent[k]
                for gone, k in zip(drained, np.ravel(which).tolist(), strict=True)]

    def alive(self, groups: np.ndarray, upto: int) -> np.ndarray:
        return groups[self.drained_at[groups] >= upto]

    def exact_cap(self, project: int, guess: float, tolerance: float,
                  budgets_f: np.ndarray) -> mpq | None:
        """The exact payment cap of `project` now, or None if its supporters cannot afford it.

        `guess` is the float cap; groups whose float budget is farther than `tolerance` from it
        are classified from floats, the others from their exact budgets.
        """
        now = len(self.rounds)
        groups = self.alive(self.profile.supporters[project], now)
        cost = self.profile.costs[project]
        held = budgets_f[groups]
        sure_poor = groups[held < guess - tolerance]
        near = groups[np.abs(held - guess) <= tolerance]
        weights = self.profile.multiplicity
        poor_money = self.group_sum(sure_poor, now)
        rich = int(weights[groups].sum()) - int(weights[sure_poor].sum())
        near_budgets = sorted(zip(self.budgets(near, now), weights[near].tolist(),
                                  strict=True))
        for budget, count in near_budgets:
            if rich <= 0 or budget >= (cost - poor_money) / rich:
                break
            poor_money += budget * count
            rich -= count
        if rich <= 0:
            return None
        return (cost - poor_money) / rich

    def can_afford(self, project: int) -> bool:
        """Exact test: do the project's supporters still hold at least its cost together."""
        now = len(self.rounds)
        groups = self.alive(self.profile.supporters[project], now)
        return self.group_sum(groups, now) >= self.profile.costs[project]
