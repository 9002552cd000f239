"""A compiled screen for Add1: finds the run the completion keeps without the exact machinery.

Add1 reruns Equal Shares once per currency unit of the share (hundreds of runs for a city), yet
only the run it keeps needs the exact record behind the explanations. This kernel (`screen.c`,
compiled and loaded by `native.py`) runs Equal Shares in floats over the merged ballot groups,
carrying for each group a bound on how far its float budget may be from the exact one, and takes
a decision only when the bounds make it certain:

- a project is affordable or not when its supporters' money is farther than its error from the
  cost;
- a payment cap p is certain when no supporter's money lies within the error band around p (then
  the exact cap splits the supporters into the same payers-in-full and payers-of-the-cap, so it
  differs from the float one only by rounding, which the band covers);
- a round's winner is certain when its p / cost interval lies below every other project's, or
  when all contenders are equal splits (every supporter with money pays the cap, so p / cost is
  exactly 1 / payers) or twins (same cost, same supporters, so the same exact cap); the
  published tie-break then decides.

A pass over a project's supporters takes the largest error bound among them for all of them
(looser, and as safe), reads them in an order that keeps them close in memory, and has no
branch that depends on money; sums of costs, for Add1's stopping rules, are exact 64-bit
integers. A run with a decision it cannot certify is handed back (`UNSURE`) to the exact engine
(`equal_shares.py`), and so is the kept run, whose exact record the explanations need. Floats
and exact fractions therefore give the same outcome; the tests compare both on random and real
elections.
"""

from __future__ import annotations

import ctypes
import os

import numpy as np

from .native import load

FINAL, UNSURE = 0, 1
_KERNEL = load()        # KernelUnavailable (a RuntimeError) where it cannot be compiled
# two runs at once where two cores are ours (FORUM_TALLY_THREADS=1 keeps to one), for an
# election with supporters enough to be worth a thread's start (some 50 microseconds a pair)
_THREADS = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1, int(os.environ.get("FORUM_TALLY_THREADS", "2")))
TWO_THREADS_FROM = 50_000       # supporters, summed over the projects


class Add1Screen:
    """The arrays of one profile, laid out for the kernel; `scan` runs it."""

    FINAL, UNSURE = FINAL, UNSURE

    def __init__(self, profile, rank: list[int], candidates: list[int], budget: int,
                 exhaustive: bool):
        supporters = profile.supporters
        self.starts = np.zeros(len(supporters) + 1, dtype=np.int64)
        self.starts[1:] = np.cumsum([len(s) for s in supporters])
        number = _locality_numbers(profile)
        self.groups = np.concatenate([*(np.sort(number[s]) for s in supporters),
                                      np.zeros(0, np.int32)]).astype(np.int32)
        multiplicity = np.empty_like(profile.multiplicity)
        multiplicity[number] = profile.multiplicity
        self.weights = multiplicity[self.groups].astype(np.float64)
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
        index = ctypes.c_int64(0)
        arrays = (self.starts, self.groups, self.weights, self.costs, self.prices, self.counts,
                  self.rank, self.open, self.twin)
        verdict = _KERNEL.add1_scan(first, share_0, share_1, unit,
                                    *(array.ctypes.data for array in arrays),
                                    len(self.costs), self.group_count, self.budget,
                                    int(self.exhaustive),
                                    _THREADS if len(self.groups) >= TWO_THREADS_FROM else 1,
                                    ctypes.byref(index))
        if verdict < 0:
            raise MemoryError("the Add1 screen could not allocate its arrays")
        return verdict, index.value


def _locality_numbers(profile) -> np.ndarray:
    """New numbers for the ballot groups, so that a project's supporters lie close together in
    the kernel's memory: groups sorted by which of the most voted projects they support (the
    most voted first), as the bits of a number. Only the order of memory reads changes."""
    key = np.zeros(len(profile.multiplicity))
    by_votes = np.argsort(-np.asarray(profile.votes), kind="stable")[:52]
    for bit, j in enumerate(by_votes):      # distinct powers of two below 2^53: sums are exact
        key[profile.supporters[j]] += 2.0 ** (51 - bit)
    order = np.argsort(-key, kind="stable")
    number = np.empty(len(order), dtype=np.int32)
    number[order] = np.arange(len(order), dtype=np.int32)
    return number


def _twin_classes(profile) -> np.ndarray:
    """Projects with the same cost and the very same supporter groups share a class."""
    classes: dict[tuple, int] = {}
    twin = np.empty(len(profile.costs), dtype=np.int64)
    for j, (cost, groups) in enumerate(zip(profile.costs, profile.supporters, strict=True)):
        twin[j] = classes.setdefault((cost, groups.tobytes()), len(classes))
    return twin
