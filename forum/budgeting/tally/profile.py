"""The ballots of an election compiled into arrays the rules can count quickly.

Identical ballots are merged into one group with a multiplicity; each project knows the groups
that support it (name it on their ballot), and its vote count and score are computed once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .model import BallotTable, Election


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
        if isinstance(self.election.ballots, BallotTable):    # laid out so by the reading
            return self.election.ballots.starts, self.election.ballots.projects
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
    if election.limits.max_length:
        return tuple(range(election.limits.max_length, 0, -1))
    if isinstance(election.ballots, BallotTable):
        top = int(election.ballots.lengths.max(initial=0))
    else:
        top = max((len(b.projects) for b in election.ballots), default=0)
    return tuple(range(top, 0, -1))


def compile_profile(election: Election) -> Profile:
    """Merge the election's ballots into groups and count votes and scores per project.

    Every (ballot, project) entry is laid out flat and counted with numpy; a project a ballot
    names twice supports once but scores its points each time. A `BallotTable` (a file's
    reading) is laid out already; a dict of ballots is laid out here.
    """
    ids = tuple(p.id for p in election.projects)
    size = len(ids)
    ballots = election.ballots
    if isinstance(ballots, BallotTable):
        counts, lengths, projects = ballots.counts, ballots.lengths, ballots.projects
        pair_project, pair_group = ballots.by_project       # no project named twice
        points = _table_points(election, ballots)
    else:
        counts, lengths, projects, points = _laid_out(election, ids)
        group = np.repeat(np.arange(len(counts), dtype=np.int64), lengths)
        stride = max(len(counts), 1)
        pairs = np.sort(projects * stride + group)      # (project, group) pairs, in order
        if len(pairs):
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        pair_project, pair_group = np.divmod(pairs, stride)
    entry_voters = np.repeat(counts, lengths)
    scores = np.bincount(projects, weights=entry_voters if points is None
                         else points * entry_voters, minlength=size)
    votes = np.bincount(pair_project, weights=counts[pair_group], minlength=size)
    bounds = np.searchsorted(pair_project, np.arange(size + 1))
    supporters = pair_group.astype(np.int32)
    return Profile(
        election=election,
        ids=ids,
        costs=tuple(p.cost for p in election.projects),
        multiplicity=counts,
        supporters=tuple(supporters[bounds[j]:bounds[j + 1]] for j in range(size)),
        votes=tuple(int(v) for v in votes),
        scores=tuple(int(v) for v in scores),
    )


def _laid_out(election: Election, ids: tuple[str, ...]):
    """(counts, lengths, projects, points or None) of every entry of a dict of ballots."""
    position = {pid: j for j, pid in enumerate(ids)}
    ballots = list(election.ballots)
    counts = np.fromiter(election.ballots.values(), dtype=np.int64, count=len(ballots))
    lengths = np.fromiter((len(b.projects) for b in ballots), dtype=np.int64,
                          count=len(ballots))
    entries = int(lengths.sum())
    projects = np.fromiter((position[pid] for b in ballots for pid in b.projects),
                           dtype=np.int64, count=entries)
    ranks = rank_points(election) if election.vote_type == "ordinal" else ()
    points = None
    if election.vote_type != "approval":
        points = np.fromiter((v for b in ballots for v in _ballot_points(election, b, ranks)),
                             dtype=np.int64, count=entries)
    return counts, lengths, projects, points


def _table_points(election: Election, table: BallotTable) -> np.ndarray | None:
    """Per entry of a table (ballots without points): positional points for ordinal ballots,
    else one each (None)."""
    if election.vote_type != "ordinal":
        return None
    ranks = np.array([*rank_points(election), 0], dtype=np.int64)
    rank = np.arange(len(table.projects)) - np.repeat(table.starts[:-1], table.lengths)
    return ranks[np.minimum(rank, len(ranks) - 1)]


def _ballot_points(election: Election, ballot, ranks: tuple[int, ...]) -> tuple[int, ...]:
    if election.vote_type in ("cumulative", "scoring") and ballot.points is not None:
        return ballot.points
    if election.vote_type == "ordinal":
        length = len(ballot.projects)
        return (ranks + (0,) * length)[:length]
    return (1,) * len(ballot.projects)
