"""The ballots of an election compiled into arrays the rules can count quickly.

Identical ballots are merged into one group with a multiplicity; each project knows the groups
that support it (name it on their ballot), and its vote count and score are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .model import Election


@dataclass
class Profile:
    """Arrays over the projects (index j) and the merged ballot groups (index g)."""

    election: Election
    ids: tuple[str, ...]
    costs: tuple[int, ...]
    multiplicity: np.ndarray        # int64[G]
    supporters: tuple[np.ndarray, ...]   # per project: int32 group indices
    votes: tuple[int, ...]          # voters naming the project
    scores: tuple[int, ...]         # votes, points, or positional points

    @cached_property
    def membership(self) -> np.ndarray:
        """bool[G, P]: does group g support project j."""
        matrix = np.zeros((len(self.multiplicity), len(self.ids)), dtype=bool)
        for j, groups in enumerate(self.supporters):
            matrix[groups, j] = True
        return matrix

    @cached_property
    def ballot_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Each group's projects as compressed rows: (start offsets int64[G+1], projects)."""
        lengths = np.zeros(len(self.multiplicity) + 1, dtype=np.int64)
        for groups in self.supporters:
            np.add.at(lengths, groups + 1, 1)
        starts = np.cumsum(lengths)
        order = np.concatenate([*self.supporters, np.zeros(0, np.int32)])
        projects = np.concatenate([np.full(len(g), j, np.int32)
                                   for j, g in enumerate(self.supporters)] or [order])
        by_group = np.argsort(order, kind="stable")
        return starts, projects[by_group]

    def support_counts(self, groups: np.ndarray) -> np.ndarray:
        """int64[P]: how many voters of the given groups support each project."""
        starts, projects = self.ballot_index
        first, lengths = starts[groups], starts[groups + 1] - starts[groups]
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(len(self.ids), dtype=np.int64)
        shift = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
        entries = projects[shift + np.arange(total)]
        counts = np.bincount(entries, weights=np.repeat(self.multiplicity[groups], lengths),
                             minlength=len(self.ids))
        return counts.astype(np.int64)

    @cached_property
    def supporter_weights(self) -> tuple[np.ndarray, ...]:
        """Per project: the multiplicity of each supporting group, as floats."""
        weights = self.multiplicity.astype(np.float64)
        return tuple(weights[groups] for groups in self.supporters)

    @property
    def num_voters(self) -> int:
        return int(self.multiplicity.sum())

    def index(self, project_id: str) -> int:
        return self.ids.index(project_id)


def rank_points(election: Election) -> tuple[int, ...]:
    """Points for ranks 1, 2, ... of an ordinal ballot: k, k - 1, ..., 1 where k is `max_length`
    (or the longest ballot), unless the election sets `points_per_rank`."""
    if election.points_per_rank is not None:
        return tuple(election.points_per_rank)
    top = election.limits.max_length or max((len(b.projects) for b in election.ballots),
                                            default=0)
    return tuple(range(top, 0, -1))


def compile_profile(election: Election) -> Profile:
    """Merge the election's ballots into groups and count votes and scores per project."""
    ids = tuple(p.id for p in election.projects)
    position = {pid: j for j, pid in enumerate(ids)}
    members: list[list[int]] = [[] for _ in ids]
    votes = [0] * len(ids)
    scores = [0] * len(ids)
    counts = []
    ranks = rank_points(election) if election.vote_type == "ordinal" else ()
    for g, (ballot, count) in enumerate(election.ballots.items()):
        counts.append(count)
        points = _ballot_points(election, ballot, ranks)
        for pid, value in zip(ballot.projects, points, strict=True):
            j = position[pid]
            if not members[j] or members[j][-1] != g:
                members[j].append(g)
                votes[j] += count
            scores[j] += value * count
    return Profile(
        election=election,
        ids=ids,
        costs=tuple(p.cost for p in election.projects),
        multiplicity=np.array(counts, dtype=np.int64),
        supporters=tuple(np.array(m, dtype=np.int32) for m in members),
        votes=tuple(votes),
        scores=tuple(scores),
    )


def _ballot_points(election: Election, ballot, ranks: tuple[int, ...]) -> tuple[int, ...]:
    if election.vote_type in ("cumulative", "scoring") and ballot.points is not None:
        return ballot.points
    if election.vote_type == "ordinal":
        length = len(ballot.projects)
        return (ranks + (0,) * length)[:length]
    return (1,) * len(ballot.projects)
