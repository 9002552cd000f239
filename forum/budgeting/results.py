"""Closing the vote and computing the results with the tally engine, area by area.

Results appear within a minute of the closing time: the worker's periodic job (`tasks.py`, or
`flask budgeting close-due` by hand) closes the cycle, mixes its ballots (see `voting.py`),
tallies each area under the cycle's published rule, and stores every item's result with the
engine's explanation. `recompute` runs the same count again from the stored ballots.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from babel.numbers import get_currency_precision
from sqlalchemy import delete, select

from forum.budgeting.cycles import ballot_items, budget_of
from forum.budgeting.models import Ballot, Cycle, Item, ResultRow
from forum.budgeting.models.cycles import BallotKind, Phase
from forum.budgeting.voting import mix_ballots
from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db

if TYPE_CHECKING:  # the engine (and numpy) load on the first count, not with the web app
    from forum.budgeting import tally as engine


def scopes_of(cycle: Cycle) -> list[int]:
    return [area.id for area in cycle.areas] or [0]


def close_if_due(cycle: Cycle, now: datetime | None = None) -> bool:
    """Close the cycle if its voting time is over; True when this call closed it."""
    now = now or utcnow()
    if cycle.phase != Phase.VOTING or cycle.vote_closes_at is None or now < cycle.vote_closes_at:
        return False
    locked = lock(cycle)
    if locked.phase != Phase.VOTING:  # another request closed it a moment ago
        db.session.rollback()
        return False
    finish_voting(locked, now)
    db.session.commit()
    return True


def lock(cycle: Cycle) -> Cycle:
    """The cycle read again and locked until the transaction ends (two requests at once)."""
    return db.session.scalar(select(Cycle).where(Cycle.id == cycle.id)
                             .with_for_update(of=Cycle).execution_options(populate_existing=True))


def finish_voting(cycle: Cycle, now: datetime) -> None:
    """End the vote and publish its results, in the caller's transaction: unlink and mix the
    ballots, tally every area, move to results. The one place votes are counted at closing,
    so the work can move to a task queue without touching its callers."""
    mix_ballots(cycle)
    store_results(cycle)
    cycle.phase, cycle.closed_at = Phase.RESULTS, now
    audit.record("budget.close", target=cycle, forum=cycle.forum,
                 changes={"phase": [Phase.VOTING, Phase.RESULTS]})


def election_of(cycle: Cycle, scope: int, items: list[Item] | None = None) -> engine.Election:
    """The cycle's ballots in one area as the tally engine's election."""
    from forum.budgeting import tally as engine

    items = items if items is not None else ballot_items(cycle, scope)
    projects = tuple(engine.Project(id=str(item.id), cost=item.official_cost, name=item.title)
                     for item in items)
    counts: Counter = Counter()
    for (choices,) in db.session.execute(select(Ballot.choices).where(
            Ballot.cycle_id == cycle.id, Ballot.scope == scope)):
        counts[_engine_ballot(cycle.ballot_kind, choices)] += 1
    return engine.Election(
        budget=budget_of(cycle, scope), projects=projects, ballots=dict(counts),
        vote_type=cycle.ballot_kind, scale=10 ** get_currency_precision(cycle.currency),
        limits=engine.Limits(min_length=cycle.min_length, max_length=cycle.max_length,
                             max_sum_points=cycle.max_sum_points,
                             max_points=cycle.max_points_per_item),
        min_project_score_threshold=cycle.min_score_threshold,
        points_per_rank=tuple(cycle.points_per_rank) if cycle.points_per_rank else None,
        rule=cycle.tally_rule)


def _engine_ballot(kind: str, choices: list) -> engine.Ballot:
    from forum.budgeting import tally as engine

    if kind == BallotKind.ORDINAL:
        ranked = sorted(choices, key=lambda choice: choice[1])
        return engine.Ballot(tuple(str(item) for item, _rank in ranked))
    if kind == BallotKind.CUMULATIVE:
        ordered = sorted(choices)
        return engine.Ballot(tuple(str(item) for item, _p in ordered),
                             tuple(points for _item, points in ordered))
    return engine.Ballot(tuple(sorted(str(item) for item, _points in choices)))


def store_results(cycle: Cycle) -> dict:
    """Tally every area and replace the cycle's stored results (in the caller's transaction)."""
    from forum.budgeting import tally as engine

    db.session.execute(delete(ResultRow).where(ResultRow.cycle_id == cycle.id))
    summary = {}
    for scope in scopes_of(cycle):
        items = ballot_items(cycle, scope)
        outcome = engine.tally(election_of(cycle, scope, items), cycle.tally_rule,
                               cycle.tie_break)
        for explanation in outcome.explanations:
            db.session.add(_row(cycle, scope, explanation))
        summary[str(scope)] = {
            "rule": outcome.rule, "selected": outcome.selected, "cost": outcome.cost,
            "per_voter_share": str(outcome.per_voter_share) if outcome.per_voter_share else None,
            "switched_to_greedy": bool(outcome.comparison and outcome.comparison.switched)}
    cycle.result_summary = summary
    return summary


def _row(cycle: Cycle, scope: int, explanation) -> ResultRow:
    details = {key: str(value) for key, value in explanation.as_dict().items()
               if value is not None and key not in ("project_id", "funded", "reason", "cost",
                                                    "score", "supporters", "position")}
    return ResultRow(cycle_id=cycle.id, item_id=int(explanation.project_id), scope=scope,
                     funded=explanation.funded, position=explanation.position,
                     score=explanation.score, supporters=explanation.supporters,
                     reason=explanation.reason, details=details)


class NothingToCount(Exception):
    """The cycle has no results to count: voting has not closed, or the vote was cancelled."""


def recompute(cycle: Cycle, *, commit: bool = True) -> dict:
    """Count the stored ballots again (without committing when a job does it)."""
    if cycle.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        raise NothingToCount(cycle.phase)
    summary = store_results(cycle)
    if commit:
        db.session.commit()
    return summary


def results_of(cycle: Cycle) -> list[ResultRow]:
    """Funded items first in funding order, then the others by score."""
    rows = db.session.scalars(select(ResultRow).where(ResultRow.cycle_id == cycle.id))
    return sorted(rows, key=lambda r: (not r.funded, r.position or 0, -r.score, r.item_id))


def close_due(now: datetime | None = None) -> int:
    """Close every cycle whose voting time is over (the worker's job, each minute)."""
    due = db.session.scalars(select(Cycle).where(Cycle.phase == Phase.VOTING,
                                                 Cycle.vote_closes_at <= (now or utcnow())))
    return sum(1 for cycle in list(due) if close_if_due(cycle, now))
