"""An election held in memory: budget, projects with exact integer costs, merged ballots.

Money is kept exact: every amount is an integer number of minor units, and `scale` (a power of
ten) says how many minor units make one unit of the currency as the file or the database wrote it.
Ballots are a dict from each distinct ballot to its voters, or, as a file's reading gives them, a
`BallotTable`: the same mapping kept as arrays, which the engine counts without a Python object
per ballot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")


@dataclass(frozen=True)
class Project:
    """One item on the ballot; `cost` is in minor units, `extra` keeps any other file columns."""

    id: str
    cost: int
    name: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Ballot:
    """What one voter chose: project ids (in rank order for ordinal ballots) and their points."""

    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None


class BallotTable(Mapping):
    """Distinct approval-type ballots (no points) as arrays: ballot i names the projects
    `projects[starts[i]:starts[i + 1]]` (indices into `ids`, in ballot order, none twice) and
    is cast by `counts[i]` voters. A read-only mapping from `Ballot` to count, like the dict it
    stands for; the `Ballot` objects are made only when asked for one by one."""

    def __init__(self, ids: tuple[str, ...], starts: np.ndarray, projects: np.ndarray,
                 counts: np.ndarray):
        self.ids, self.starts, self.projects, self.counts = ids, starts, projects, counts

    @cached_property
    def _as_dict(self) -> dict[Ballot, int]:
        ids, bounds = self.ids, self.starts.tolist()
        projects = self.projects.tolist()
        return {Ballot(tuple(ids[j] for j in projects[a:b])): count for a, b, count
                in zip(bounds[:-1], bounds[1:], self.counts.tolist(), strict=True)}

    def __getitem__(self, ballot: Ballot) -> int:
        return self._as_dict[ballot]

    def __iter__(self) -> Iterator[Ballot]:
        return iter(self._as_dict)

    def __len__(self) -> int:
        return len(self.counts)

    def values(self) -> list[int]:
        return self.counts.tolist()

    def items(self):
        return self._as_dict.items()

    @cached_property
    def lengths(self) -> np.ndarray:
        return np.diff(self.starts)

    @cached_property
    def by_project(self) -> tuple[np.ndarray, np.ndarray]:
        """(project, ballot) of every entry, sorted by project then ballot."""
        ballot = np.repeat(np.arange(len(self.counts), dtype=np.int64), self.lengths)
        order = np.argsort(self.projects.astype(np.int16 if len(self.ids) < 2 ** 15 else
                                                np.int64), kind="stable")
        return self.projects[order].astype(np.int64), ballot[order]

    def repeats(self) -> bool:
        """Whether some ballot names a project twice."""
        project, ballot = self.by_project
        return bool(((project[1:] == project[:-1]) & (ballot[1:] == ballot[:-1])).any())


@dataclass(frozen=True)
class Limits:
    """The ballot limits a cycle may set (META keys of the same names); None means no limit."""

    min_length: int | None = None
    max_length: int | None = None
    min_sum_points: int | None = None
    max_sum_points: int | None = None
    max_points: int | None = None
    min_sum_cost: int | None = None
    max_sum_cost: int | None = None


@dataclass
class Election:
    """A closed vote ready to be tallied.

    `ballots` maps each distinct ballot to how many voters cast it (identical ballots merged).
    `points_per_rank` gives the positional points of ordinal ballots (rank 1 first); when it is
    None, rank r of k gets k - r + 1 points (Kraków: 3 / 2 / 1).
    """

    budget: int
    projects: tuple[Project, ...]
    ballots: dict[Ballot, int] | BallotTable
    vote_type: str = "approval"
    scale: int = 1
    limits: Limits = field(default_factory=Limits)
    min_project_score_threshold: int | None = None
    points_per_rank: tuple[int, ...] | None = None
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")
        if self.budget < 0:
            raise ValueError("the budget is negative")
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("two projects have the same id")
        known = set(ids)
        for project in self.projects:
            if project.cost < 0:
                raise ValueError(f"project {project.id} has a negative cost")
        if isinstance(self.ballots, BallotTable):
            if self.ballots.ids != tuple(ids):
                raise ValueError("the ballot table is of other projects")
            return      # counts and project indices were checked when the table was made
        for ballot, count in self.ballots.items():
            if count <= 0:
                raise ValueError("a ballot has a multiplicity below one")
            unknown = set(ballot.projects) - known
            if unknown:
                raise ValueError(f"a ballot names unknown project {sorted(unknown)[0]}")

    @classmethod
    def from_ballots(cls, budget: int, projects: Iterable[Project], ballots: Iterable[Ballot],
                     **options) -> Election:
        """Build an election from one ballot per voter, merging identical ballots."""
        return cls(budget=budget, projects=tuple(projects), ballots=dict(Counter(ballots)),
                   **options)

    @property
    def num_voters(self) -> int:
        return sum(self.ballots.values())

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)


def to_minor_units(amounts: Iterable[str]) -> tuple[list[int], int]:
    """Scale decimal strings by the smallest common power of ten that makes them all integers."""
    decimals = [Decimal(a) for a in amounts]
    places = max((max(0, -d.normalize().as_tuple().exponent) for d in decimals), default=0)
    scale = 10 ** places
    return [int(d * scale) for d in decimals], scale


def format_amount(minor_units: int, scale: int) -> str:
    """Write an integer amount of minor units as the decimal string a file would carry."""
    if scale == 1:
        return str(minor_units)
    places = len(str(scale)) - 1
    sign = "-" if minor_units < 0 else ""
    whole, part = divmod(abs(minor_units), scale)
    text = f"{whole}.{part:0{places}d}".rstrip("0").rstrip(".")
    return sign + text
