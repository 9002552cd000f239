"""A compiled screen for Add1: finds the run the completion keeps without the exact machinery.

Add1 reruns Equal Shares once per currency unit of the share (hundreds of runs for a city), yet
only the run it keeps needs the exact record behind the explanations. This kernel, compiled by
numba, runs Equal Shares in floats over the merged ballot groups, carrying for each group a bound
on how far its float budget may be from the exact one, and takes a decision only when the bounds
make it certain:

- a project is affordable or not when its supporters' money is farther than its error from the
  cost;
- a payment cap p is certain when no supporter's money lies within the error band around p (then
  the exact cap splits the supporters into the same payers-in-full and payers-of-the-cap, so it
  differs from the float one only by rounding, which the band covers);
- a round's winner is certain when its p / cost interval lies below every other project's, or
  when all contenders are equal splits (every supporter with money pays the cap, so p / cost is
  exactly 1 / payers) or twins (same cost, same supporters, so the same exact cap); the
  published tie-break then decides.

Sums of costs, for Add1's stopping rules, are exact 64-bit integers.
A run with a decision it cannot certify is handed back (`UNSURE`) to the exact engine
(`equal_shares.py`), and so is the kept run, whose exact record the explanations need. Floats
and exact fractions therefore give the same outcome; the tests compare both on random and real
elections.
"""

from __future__ import annotations

import numpy as np
from numba import njit

FINAL, UNSURE = 0, 1
_U = 2.0 ** -53                 # unit roundoff of a float64
_SAFETY = 4.0                   # rounding errors are counted four times over
_CERTAIN, _UNAFFORDABLE, _UNCERTAIN = 0, 1, 2


class Add1Screen:
    """The arrays of one profile, laid out for the kernel; `scan` runs it."""

    FINAL, UNSURE = FINAL, UNSURE

    def __init__(self, profile, rank: list[int], candidates: list[int], budget: int,
                 exhaustive: bool):
        supporters = profile.supporters
        self.starts = np.zeros(len(supporters) + 1, dtype=np.int64)
        self.starts[1:] = np.cumsum([len(s) for s in supporters])
        self.groups = np.concatenate([*supporters, np.zeros(0, np.int32)]).astype(np.int32)
        self.weights = profile.multiplicity[self.groups].astype(np.float64)
        self.costs = np.array(profile.costs, dtype=np.float64)
        self.prices = np.array(profile.costs, dtype=np.int64)      # exact, for sums of costs
        self.counts = np.array(profile.votes, dtype=np.float64)
        self.rank = np.array(rank, dtype=np.int64)
        self.open = np.zeros(len(supporters), dtype=np.bool_)
        self.open[candidates] = True
        self.twin = _twin_classes(profile)
        self.group_count = len(profile.multiplicity)
        self.budget = budget
        self.exhaustive = exhaustive

    @staticmethod
    def handles(profile, budget: int) -> bool:
        """Whether the kernel's integer sums of costs (int64) hold this election's amounts."""
        return budget + sum(profile.costs) < 2 ** 62

    def scan(self, first: int, share_0: float, share_1: float, unit: float) -> tuple[int, int]:
        """Run Add1 from run `first` on (the runs before it kept, none of them final).

        Run k starts every voter from `share_0` (k = 0) or `share_1 + (k - 1) * unit`.
        Returns (FINAL, index of the kept run) or (UNSURE, index of a run to take exactly).
        """
        verdict, index = _scan(first, share_0, share_1, unit,
                               self.starts, self.groups, self.weights, self.costs,
                               self.prices, self.counts, self.rank, self.open, self.twin,
                               self.group_count, self.budget, self.exhaustive)
        return int(verdict), int(index)


def _twin_classes(profile) -> np.ndarray:
    """Projects with the same cost and the very same supporter groups share a class."""
    classes: dict[tuple, int] = {}
    twin = np.empty(len(profile.costs), dtype=np.int64)
    for j, (cost, groups) in enumerate(zip(profile.costs, profile.supporters, strict=True)):
        twin[j] = classes.setdefault((cost, groups.tobytes()), len(classes))
    return twin


@njit(cache=True)
def _scan(first, share_0, share_1, unit, starts, groups, weights, costs, prices,
          counts, rank, open_, twin, group_count, budget, exhaustive):
    """Add1's loop (as `completion._kept_run`) over screened runs, from run `first` on."""
    projects = len(costs)
    candidates = 0
    for j in range(projects):
        if open_[j]:
            candidates += 1
    money = np.empty((group_count, 2))     # per group: float budget, bound on its error
    funded = np.zeros(projects, dtype=np.bool_)
    work = np.empty((4, projects))
    flags = np.empty((2, projects), dtype=np.bool_)
    order = np.empty(projects, dtype=np.int64)
    k = first
    while True:
        share = share_0 if k == 0 else share_1 + (k - 1) * unit
        certain = _run(share, money, funded, work, flags, order, starts, groups, weights,
                       costs, counts, rank, open_, twin)
        if not certain:
            return UNSURE, k
        cost = 0
        chosen = 0
        for j in range(projects):
            if funded[j]:
                cost += prices[j]
                chosen += 1
        if k > 0 and cost > budget:
            return FINAL, k - 1
        if chosen == candidates:
            return FINAL, k
        if exhaustive:
            left = budget - cost
            fits = False
            for j in range(projects):
                if open_[j] and not funded[j] and prices[j] <= left:
                    fits = True
                    break
            if not fits:
                return FINAL, k
        k += 1


@njit(cache=True)
def _run(share, money, funded, work, flags, order, starts, groups, weights, costs, counts, rank,
         open_, twin):
    """One Equal Shares run in floats; `funded` gets its outcome. False if not certain.

    `work`, `flags` and `order` are scratch arrays over the projects, reused from run to run.
    """
    projects = len(costs)
    money[:, 0] = share
    money[:, 1] = _SAFETY * _U * share      # bound on |float budget - exact budget|
    funded[:] = False
    remaining = open_.copy()
    lower, cap, cap_err, live = work[0], work[1], work[2], work[3]
    evaluated, equal_split = flags[0], flags[1]
    for j in range(projects):
        lower[j] = (1.0 - 4 * _U) / counts[j] if remaining[j] else np.inf
        order[j] = j
    while True:
        _sort_by(lower, order)
        evaluated[:] = False
        best_hi = np.inf
        for j in order:
            if not remaining[j] or lower[j] > best_hi:
                break
            start = max(costs[j] / counts[j], lower[j] * costs[j])
            verdict, p, p_err, split, payers = _cap(j, starts, groups, weights, money,
                                                    costs[j], counts[j], start)
            if verdict == _UNAFFORDABLE:
                remaining[j] = False
                lower[j] = np.inf
                continue
            if verdict == _UNCERTAIN:
                return False
            cap[j], cap_err[j], equal_split[j], live[j] = p, p_err, split, payers
            rho = p / costs[j]
            rho_err = p_err / costs[j] + 2 * _U * rho
            lower[j] = rho - rho_err
            evaluated[j] = True
            best_hi = min(best_hi, rho + rho_err)
        winner = _winner(evaluated, lower, best_hi, equal_split, live, twin, rank)
        if winner == -2:
            return False
        if winner == -1:
            return True
        p = cap[winner]
        for e in range(starts[winner], starts[winner + 1]):
            g = groups[e]
            if money[g, 0] < p:
                money[g, 0], money[g, 1] = 0.0, 0.0
            else:
                money[g, 0] -= p
                money[g, 1] += cap_err[winner] + _SAFETY * _U * money[g, 0]
        funded[winner] = True
        remaining[winner] = False
        lower[winner] = np.inf


@njit(cache=True)
def _sort_by(keys, order):
    """Reorder the indices in `order` by ascending `keys` (insertion sort: the order changes
    little from round to round, and there are only as many keys as projects)."""
    for i in range(1, len(keys)):
        item = order[i]
        k = i - 1
        while k >= 0 and keys[order[k]] > keys[item]:
            order[k + 1] = order[k]
            k -= 1
        order[k + 1] = item


@njit(cache=True)
def _winner(evaluated, lower, best_hi, equal_split, live, twin, rank):
    """The round's certain winner, -1 if none is affordable, -2 if floats cannot tell.

    Contenders are the projects whose p / cost interval reaches the best one's. They are
    compared exactly when all of them split their cost equally among all supporters who still
    have money (p / cost is then exactly 1 / `live`, those supporters' number) or are twins.
    """
    winner = -1
    all_equal_split, all_twins = True, True
    for j in range(len(lower)):
        if evaluated[j] and lower[j] <= best_hi:
            all_equal_split = all_equal_split and equal_split[j]
            if winner == -1:
                winner = j
                continue
            all_twins = all_twins and twin[j] == twin[winner]
            if not (all_equal_split or all_twins):
                return -2
            if all_equal_split and live[j] != live[winner]:
                if live[j] > live[winner]:
                    winner = j
            elif rank[j] < rank[winner]:
                winner = j
    return winner


@njit(cache=True)
def _cap(j, starts, groups, weights, money, cost, count, start):
    """(verdict, payment cap, bound on its error, equal split, payers of the cap) of project j.

    An equal split means that every supporter with money left pays the cap (the others have
    exactly nothing), so the cap is exactly cost / payers.

    A pass over the supporters splits them at a trial cap t, starting from `start`, a lower
    bound of the cap (cost / count, or the cap of an earlier round less its error: money only
    shrinks, so caps only grow): those holding less than t pay all they have, and p is computed
    from the rest. If nobody else holds less than p, p is the cap; otherwise the next pass tries
    t = p (p only grows, so the set of payers-in-full only grows). The same pass records how
    close any supporter's money comes to either side of the split, and the first one also sums
    the money of all supporters.
    """
    first, last = starts[j], starts[j + 1]
    gamma = _SAFETY * (last - first + 2) * _U
    trial = start
    total, total_err = 0.0, 0.0
    for sweep in range(32):
        weight, held, held_err = 0.0, 0.0, 0.0
        poor_most = -np.inf         # the most money of a payer-in-full ...
        poor_top = -np.inf          # ... and the most it may be: money plus its error
        rich_least = np.inf         # the least money of the others ...
        rich_low = np.inf           # ... and the least it may be: money less its error
        for e in range(first, last):
            g = groups[e]
            b, b_err = money[g, 0], money[g, 1]
            if sweep == 0:
                total += weights[e] * b
                total_err += weights[e] * b_err
            # branch-free: whether b < trial is a coin toss for the processor
            short = b < trial
            w = weights[e] if short else 0.0
            weight += w
            held += w * b
            held_err += w * b_err
            poor_most = max(poor_most, b if short else -np.inf)
            poor_top = max(poor_top, b + b_err if short else -np.inf)
            rich_least = min(rich_least, np.inf if short else b)
            rich_low = min(rich_low, np.inf if short else b - b_err)
        if sweep == 0:
            slack = total_err * (1 + gamma) + gamma * total
            if total + slack < cost:
                return _UNAFFORDABLE, 0.0, 0.0, False, 0.0
            if total - slack <= cost:
                return _UNCERTAIN, 0.0, 0.0, False, 0.0
        rich = count - weight
        if rich < 0.5:
            return _UNCERTAIN, 0.0, 0.0, False, 0.0
        p = (cost - held) / rich
        if poor_most < p <= rich_least:
            p_err = (held_err * (1 + gamma) + gamma * (held + cost)) / rich + _SAFETY * _U * p
            if min(p - poor_top, rich_low - p) <= p_err:
                return _UNCERTAIN, 0.0, 0.0, False, 0.0
            return _CERTAIN, p, p_err, poor_top <= 0.0, rich
        trial = p
    return _cap_sorted(first, last, groups, weights, money, cost, count, gamma)


@njit(cache=True)
def _cap_sorted(first, last, groups, weights, money, cost, count, gamma):
    """`_cap` by one sort of the supporters' money, when its passes do not settle."""
    held = np.empty(last - first)
    for e in range(first, last):
        held[e - first] = money[groups[e], 0]
    order = np.argsort(held)
    poor_weight, poor_money, poor_err = 0.0, 0.0, 0.0
    p = held[order[-1]]
    for i in order:
        p = (cost - poor_money) / (count - poor_weight)
        if p <= held[i]:
            break
        poor_weight += weights[first + i]
        poor_money += weights[first + i] * held[i]
        poor_err += weights[first + i] * money[groups[first + i], 1]
    rich = count - poor_weight
    if rich < 0.5:
        return _UNCERTAIN, 0.0, 0.0, False, 0.0
    p_err = (poor_err * (1 + gamma) + gamma * (poor_money + cost)) / rich + _SAFETY * _U * p
    for e in range(first, last):
        if abs(money[groups[e], 0] - p) - money[groups[e], 1] <= p_err:
            return _UNCERTAIN, 0.0, 0.0, False, 0.0
    return _CERTAIN, p, p_err, False, rich
