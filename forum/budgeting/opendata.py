"""Open data: results as CSV, a cycle as a pabulib `.pb` file, and a `.pb` file loaded as a
closed cycle, so a real election can be replayed through the pages."""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime
from pathlib import Path

from babel.numbers import get_currency_precision
from sqlalchemy import select

from forum.budgeting.cycles import ballot_items
from forum.budgeting.models import Ballot, Cycle, Item, ResultRow
from forum.budgeting.models.cycles import Phase
from forum.budgeting.models.items import ItemStatus
from forum.budgeting.results import election_of, scopes_of, store_results
from forum.extensions import db

CSV_COLUMNS = ("item_id", "title", "language", "area", "cost", "score", "supporters",
               "funded", "position", "reason")
KINDS = {"approval": "approval", "cumulative": "cumulative", "scoring": "cumulative",
         "ordinal": "ordinal", "choose-1": "choose-1"}


def result_rows(cycle: Cycle) -> list[tuple]:
    rows = db.session.scalars(select(ResultRow).where(ResultRow.cycle_id == cycle.id)
                              .order_by(ResultRow.scope, ResultRow.item_id))
    return [(r.item.id, r.item.title, r.item.language, r.item.area.name if r.item.area else "",
             r.item.official_cost, r.score, r.supporters, int(r.funded), r.position or "",
             r.reason) for r in rows]


def export_pb(cycle: Cycle, scope: int | None = None) -> str:
    """One area of the cycle (the first, without areas the whole cycle) as a `.pb` file;
    voters get random ids, so nobody can be found in it."""
    from forum.budgeting import tally as engine

    scope = scope if scope is not None else scopes_of(cycle)[0]
    election = election_of(cycle, scope, ballot_items(cycle, scope))
    meta = {"description": cycle.title, "country": cycle.forum.country,
            "unit": cycle.forum.municipality, "instance": str(cycle.created_at.year),
            "rule": cycle.tally_rule, "currency": cycle.currency,
            **({"subunit": next(a.name for a in cycle.areas if a.id == scope)} if scope else {}),
            **{k: str(v) for k, v in (("min_length", cycle.min_length),
                                      ("max_length", cycle.max_length),
                                      ("max_sum_points", cycle.max_sum_points),
                                      ("min_project_score_threshold",
                                       cycle.min_score_threshold)) if v}}
    voter_ids = [secrets.token_hex(8) for _ in range(election.num_voters)]
    out = io.StringIO()
    engine.write_pb(election, meta, out, voter_ids=voter_ids)
    return out.getvalue()


class ImportRefused(ValueError):
    """The file cannot be loaded as a cycle (its amounts do not fit the currency)."""


def _minor(amount: int, scale: int, precision: int) -> int:
    value = amount * 10**precision
    if value % scale:
        raise ImportRefused("amounts have more decimals than the currency")
    return value // scale


def import_pb(source: str | Path, forum, *, commit: bool = True) -> Cycle:
    """Load a `.pb` file as a closed cycle of the forum, with its items, ballots and results
    (without committing when a job does it, with its report, in one transaction)."""
    from forum.budgeting import tally as engine

    election, meta = engine.read_pb(source)
    currency = (meta.get("currency") or forum.currency).upper()[:3]
    precision = get_currency_precision(currency)
    title = " · ".join(part for part in (meta.get("description"), meta.get("instance")) if part)
    cycle = Cycle(forum_id=forum.id, title=title or "pabulib", language="en", currency=currency,
                  budget=_minor(election.budget, election.scale, precision),
                  phase=Phase.RESULTS, ballot_kind=KINDS[election.vote_type],
                  min_length=election.limits.min_length, max_length=election.limits.max_length,
                  max_sum_points=election.limits.max_sum_points,
                  max_points_per_item=election.limits.max_points,
                  min_score_threshold=election.min_project_score_threshold,
                  points_per_rank=list(election.points_per_rank)
                  if election.points_per_rank else None,
                  tally_rule=meta.get("rule") or engine.DEFAULT_RULE,
                  closed_at=datetime.now(UTC), ballot_published_at=datetime.now(UTC))
    db.session.add(cycle)
    db.session.flush()
    ids = {}
    for project in election.projects:
        cost = _minor(project.cost, election.scale, precision)
        item = Item(cycle_id=cycle.id, title=(project.name or project.id)[:200], language="en",
                    estimated_cost=cost, official_cost=cost, status=ItemStatus.FEASIBLE,
                    external_ref=project.id)
        db.session.add(item)
        db.session.flush()
        ids[project.id] = item.id
    _add_ballots(cycle, election, ids)
    store_results(cycle)
    if commit:
        db.session.commit()
    return cycle


def _add_ballots(cycle: Cycle, election, ids: dict[str, int]) -> None:
    rows = []
    for ballot, count in election.ballots.items():
        if cycle.ballot_kind == "ordinal":
            choices = [[ids[p], rank] for rank, p in enumerate(ballot.projects, start=1)]
        elif ballot.points is not None:
            choices = [[ids[p], points] for p, points in zip(ballot.projects, ballot.points,
                                                             strict=True)]
        else:
            choices = [[ids[p], 1] for p in ballot.projects]
        rows += [{"id": secrets.token_hex(16), "cycle_id": cycle.id, "scope": 0,
                  "channel": "import", "choices": choices} for _ in range(count)]
    for start in range(0, len(rows), 5000):
        db.session.execute(Ballot.__table__.insert(), rows[start:start + 5000])
