"""The published, configurable order that breaks ties between projects.

An order is a sequence of criteria applied one after the other: `cost` (lower cost first),
`votes` (more supporters first), `id` (project ids compared as numbers when every id is a
number, as text otherwise) and `id-text` (ids always compared as text, which is what pabutools'
default does: "10" comes before "9"). A `-` in front reverses a criterion (`-cost`: dearer first).
The order always ends with the project id, so it is total and the tally deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .model import Project

CRITERIA = ("cost", "votes", "id", "id-text")
DEFAULT_TIE_BREAK: tuple[str, ...] = ("cost", "votes", "id")


class TieBreakError(ValueError):
    """The tie-breaking order names a criterion that does not exist."""


def parse_tie_break(text: str | Sequence[str]) -> tuple[str, ...]:
    """Read `cost,votes,id` (or a list of criteria) into a checked order."""
    items = [t.strip() for t in text.split(",")] if isinstance(text, str) else list(text)
    order = tuple(item for item in items if item)
    for item in order:
        if item.removeprefix("-") not in CRITERIA:
            raise TieBreakError(
                f"unknown tie-break criterion {item!r} (choose from {', '.join(CRITERIA)})")
    if not order:
        raise TieBreakError("the tie-break order is empty")
    return order


def _numeric_ids(projects: Sequence[Project]) -> bool:
    try:
        for project in projects:
            int(project.id)
    except ValueError:
        return False
    return True


def tie_break_key(order: Sequence[str], projects: Sequence[Project],
                  votes: Mapping[str, int]) -> Callable[[Project], tuple]:
    """A sort key: the project that sorts first wins the tie."""
    numeric = _numeric_ids(projects)
    order = tuple(parse_tie_break(order))
    if order[-1].removeprefix("-") not in ("id", "id-text"):
        order = (*order, "id")

    def key(project: Project) -> tuple:
        parts: list = []
        for item in order:
            sign = -1 if item.startswith("-") else 1
            name = item.removeprefix("-")
            if name == "cost":
                parts.append(sign * project.cost)
            elif name == "votes":
                parts.append(-sign * votes.get(project.id, 0))
            elif name == "id" and numeric:
                parts.append(sign * int(project.id))
            else:
                parts.append(_text_key(project.id, sign))
        return tuple(parts)

    return key


def _text_key(text: str, sign: int) -> tuple:
    if sign > 0:
        return (*tuple(ord(ch) for ch in text), -1)
    return (*tuple(-ord(ch) for ch in text), 0)


def rank_projects(order: Sequence[str], projects: Sequence[Project],
                  votes: Mapping[str, int]) -> dict[str, int]:
    """Position of each project in the tie-break order (0 wins every tie)."""
    key = tie_break_key(order, projects, votes)
    return {p.id: i for i, p in enumerate(sorted(projects, key=key))}
