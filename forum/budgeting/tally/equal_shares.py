"""The Method of Equal Shares with cost utilities, fast in floats and exact where it matters.

Each voter starts with the same share of the budget. Each round, every project still open gets
its payment cap p: the least amount such that its supporters, each paying min(own money, p),
raise its cost. The project with the least p / cost (the least money per unit of utility; with
cost utilities a supporter's utility is the project's cost) is funded, its supporters pay, and a
project whose supporters together hold less than its cost is dropped. Ties go by the published
tie-break order. A project's supporters are the voters who name it on their ballot, whatever
the ballot type. A project that costs nothing gives no utility and is never funded. This is the
rule of Peters, Pierczyński & Skowron (NeurIPS 2021) as computed by equalshares.net and
pabutools (`method_of_equal_shares` with `Cost_Sat`).

Budgets are numpy float arrays over merged ballot groups. Each round's payment cap is computed
exactly, and any decision whose float margin lies within an error bound (projects that may tie,
a supporter whose money is close to the cap, supporters holding about the cost) is taken again in
exact fractions (see `exact.py`), so the outcome is the exact one. `exact=True` takes every
decision in fractions (slow; the tests compare the two).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from gmpy2 import mpq

from .exact import NEVER, History, Round, to_fraction
from .profile import Profile

UNIT = 2.0 ** -52


@dataclass
class EqualSharesRun:
    """The outcome of one run: funded projects in order and the exact record behind them."""

    share: Fraction
    selected: list[int]
    history: History
    budgets: np.ndarray             # float money left per group at the end

    @property
    def cost(self) -> int:
        costs = self.history.profile.costs
        return sum(costs[j] for j in self.selected)

    @property
    def funded(self) -> list[int]:
        return self.selected

    def caps(self) -> list[Fraction]:
        """Exact payment cap (largest payment of one voter) of each funded round."""
        return [to_fraction(c) for c in self.history.caps(len(self.history.rounds))]


class EqualShares:
    """Runs Equal Shares on one profile, for any initial per-voter share."""

    def __init__(self, profile: Profile, tie_rank: dict[str, int], exact: bool = False):
        self.profile = profile
        self.exact = exact
        self.rank = [tie_rank[pid] for pid in profile.ids]
        self.weights = profile.supporter_weights
        self.counts = list(profile.votes)
        self.open = [j for j, c in enumerate(profile.costs) if c > 0 and self.counts[j] > 0]

    def run(self, share: Fraction) -> EqualSharesRun:
        """Run the rule with every voter starting from `share` minor units."""
        groups = len(self.profile.multiplicity)
        budgets = np.full(groups, float(share))
        history = History(self.profile, mpq(share.numerator, share.denominator),
                          np.full(groups, NEVER, np.int32))
        state = _RunState(self, budgets, history)
        while state.step():
            pass
        return EqualSharesRun(Fraction(share), [r.project for r in history.rounds], history,
                              budgets)


class _RunState:
    """One run in progress: float budgets, a bound on their error, and the exact history.

    Every round's payment cap is computed exactly and float budgets are only ever lowered by
    the correctly rounded exact cap, so a float budget is off by at most one rounding per round:
    errors do not feed on each other from round to round.
    """

    def __init__(self, rule: EqualShares, budgets: np.ndarray, history: History):
        self.rule = rule
        self.budgets = budgets
        self.history = history
        self.share = float(history.share)
        self.error = 2 * UNIT * self.share      # bound on |float budget - exact budget|
        self.remaining = set(rule.open)
        self.alive_votes = np.array(rule.counts, dtype=np.int64)   # voters with money, per project
        self.groups = rule.profile.supporters
        self.weights = rule.weights
        self.votes = rule.counts
        # a lower bound on each project's p / cost: it can only grow as budgets shrink
        self.lower = {j: (1.0 - 4 * UNIT) / rule.counts[j] for j in rule.open}

    def step(self) -> bool:
        """Fund the next project; False when no open project can be afforded."""
        costs = self.rule.profile.costs
        best: list[tuple[float, float, int]] = []      # (rho, rho error, project)
        best_hi = np.inf
        for j in sorted(self.remaining, key=self.lower.__getitem__):
            if self.lower[j] > best_hi and not self.rule.exact:
                break
            cap_and_error = self._cap(j)
            if cap_and_error is None:
                self.remaining.discard(j)
                continue
            rho, rho_err = cap_and_error[0] / costs[j], cap_and_error[1] / costs[j]
            self.lower[j] = rho - rho_err
            best.append((rho, rho_err, j))
            best_hi = min(best_hi, rho + rho_err)
        contenders = [item for item in best
                      if item[0] - item[1] <= best_hi or self.rule.exact]
        if not contenders:
            return False
        if len(contenders) == 1 and not self.rule.exact:
            rho, err, j = contenders[0]
            cost = self.rule.profile.costs[j]
            if self._fund_clear(j, rho * cost, err * cost + self.error):
                return True
        winner = self._resolve(contenders)
        if winner is None:                  # floats said affordable, fractions said no
            self.remaining.difference_update(j for _, _, j in contenders)
            return bool(self.remaining)
        self._charge(*winner)
        return True

    def _held(self, j: int) -> np.ndarray:
        """Money of j's supporter groups (0.0 for those already drained)."""
        return self.budgets[self.groups[j]]

    def _cap(self, j: int) -> tuple[float, float] | None:
        """Float payment cap of project j and a bound on its error; None if unaffordable."""
        if self.alive_votes[j] == 0:
            return None
        cost = self.rule.profile.costs[j]
        held = self._held(j)
        count = self.votes[j]
        cap = cost / count
        if held.min() > cap * (1 + 8 * UNIT) + self.error and not self.rule.exact:
            # every supporter surely holds more than an equal split: all pay exactly cost/count
            err = (count * self.error + UNIT * len(held) * cost) / count
            return cap, 4.0 * (err + UNIT * cap)
        weights = self.weights[j]
        total = float(weights @ held)
        slack = 4.0 * (self.error * count + UNIT * len(held) * total)
        if total < cost - slack:
            return None
        if (total <= cost + slack or self.rule.exact) and not self.history.can_afford(j):
            return None
        cap, poor_count, poor_money = _solve_cap(held, weights, cost, count)
        rich = max(count - poor_count, 1)
        err = (count * self.error + UNIT * len(held) * (poor_money + cost)) / rich
        return cap, 4.0 * (err + UNIT * cap)

    def _fund_clear(self, j: int, guess: float, band: float) -> bool:
        """Fund j in one pass when no supporter's money is within `band` of the float cap.

        Then floats alone say who is drained (a drained group holds exactly 0.0, a group with
        money a positive float); the exact cap follows from the exact money of the drained
        supporters. Returns False (changing nothing) when a closer look is needed.
        """
        low = guess - band
        if low <= 0:
            return False
        held = self._held(j)
        groups = self.groups[j]
        poor = held < low
        if np.count_nonzero(held <= guess + band) != np.count_nonzero(poor):
            return False
        drained = groups[poor & (held > 0)]
        counts = self.rule.profile.support_counts(drained)
        rich = int(self.alive_votes[j] - counts[j])
        if rich <= 0:
            return False
        now = len(self.history.rounds)
        money = self.history.group_sum(drained, now, counts)
        cap = (self.rule.profile.costs[j] - money) / rich
        cap_f = float(cap)
        if abs(cap_f - guess) > band:
            return False
        self.alive_votes -= counts
        self.history.drained_at[drained] = now
        self.budgets[groups] = np.where(poor, 0.0, held - cap_f)
        self.history.record(Round(j, cap_f, rich, drained, cap, held[poor & (held > 0)],
                                  self.error))
        self.remaining.discard(j)
        self.error += 2 * UNIT * self.share
        return True

    def _resolve(self, contenders: list[tuple[float, float, int]]):
        """The winner and its exact cap among projects whose float rho may tie."""
        costs = self.rule.profile.costs
        exact = []
        for rho, err, j in contenders:
            band = np.inf if self.rule.exact else err * costs[j] + self.error
            cap = self.history.exact_cap(j, rho * costs[j], band, self.budgets)
            if cap is not None:
                exact.append((cap / costs[j], self.rule.rank[j], j, cap, rho * costs[j], band))
        if not exact:
            return None
        return min(exact)[2:]

    def _charge(self, j: int, cap, guess: float, band: float) -> None:
        """Supporters of j pay min(own money, cap); exact fractions decide the close calls."""
        profile = self.rule.profile
        groups = profile.supporters[j]
        held = self.budgets[groups]
        cap_f = float(cap)
        band = max(band, abs(cap_f - guess)) + self.error
        drained = held < cap_f
        near = np.abs(held - cap_f) <= band
        if near.any():
            now = len(self.history.rounds)
            exact_budgets = self.history.budgets(groups[near], now)
            drained[near] = [b <= cap for b in exact_budgets]
        alive = self.history.drained_at[groups] == NEVER
        drained &= alive
        rich = int(profile.multiplicity[groups[~drained & alive]].sum())
        now = len(self.history.rounds)
        self.history.drained_at[groups[drained]] = now
        self.alive_votes -= profile.support_counts(groups[drained])
        # a group that keeps money keeps a positive float, however little (see _fund_clear)
        self.budgets[groups] = np.where(drained | ~alive, 0.0,
                                        np.maximum(held - cap_f, np.finfo(float).tiny))
        self.history.record(Round(j, cap_f, rich, groups[drained], cap, held[drained],
                                  self.error))
        self.remaining.discard(j)
        self.error += 2 * UNIT * self.share


def _solve_cap(held: np.ndarray, weights: np.ndarray, cost: float,
               count: int) -> tuple[float, int, float]:
    """Solve sum(w * min(b, p)) = cost for p in floats; also the poor voters and their money.

    Starting from cost / supporters, voters who hold less than the current p pay all they have
    and p is recomputed from the rest; p only grows, so the poor set only grows (usually two or
    three passes; after twelve, a sort finishes the job).
    """
    cap = cost / count
    if held.min() >= cap:
        return cap, 0, 0.0
    poor = held < cap
    poor_size = np.count_nonzero(poor)
    for _ in range(12):
        poor_weights = np.where(poor, weights, 0.0)
        poor_count = float(poor_weights.sum())
        poor_money = float(poor_weights @ held)
        rich = count - poor_count
        if rich <= 0:
            return float(held.max()), int(poor_count), poor_money
        new_cap = (cost - poor_money) / rich
        poor = held < new_cap
        size = np.count_nonzero(poor)
        if size == poor_size:
            return new_cap, int(poor_count), poor_money
        poor_size = size
    return _solve_cap_sorted(held, weights, cost, count)


def _solve_cap_sorted(held, weights, cost, count) -> tuple[float, int, float]:
    order = np.argsort(held, kind="stable")
    b, w = held[order], weights[order]
    poor_money = np.concatenate(([0.0], np.cumsum(w * b)))
    poor_count = np.concatenate(([0.0], np.cumsum(w)))
    rich = count - poor_count[:-1]
    caps = (cost - poor_money[:-1]) / np.maximum(rich, 1e-300)
    fits = caps <= b
    if not fits.any():                  # everyone pays all they have (supporters hold the cost)
        return float(b[-1]), int(poor_count[-2]), float(poor_money[-2])
    k = int(np.argmax(fits))
    return float(caps[k]), int(poor_count[k]), float(poor_money[k])
