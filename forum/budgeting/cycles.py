"""Creating and changing budget cycles, their areas, and moving them from phase to phase."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.budgeting.models import Area, Cycle, Item
from forum.budgeting.models.cycles import PHASES, Phase
from forum.budgeting.models.items import ItemStatus
from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db

audit.register_actions({
    "budget.create": _l("Budget cycle created"),
    "budget.update": _l("Budget cycle changed"),
    "budget.translate": _l("Budget cycle translation changed"),
    "budget.phase": _l("Budget cycle moved to its next phase"),
    "budget.area": _l("Budget area added"),
    "budget.area_update": _l("Budget area changed"),
    "budget.item_review": _l("Budget item checked"),
    "budget.item_merge": _l("Budget item merged"),
    "budget.item_translate": _l("Budget item translation changed"),
    "budget.item_on_behalf": _l("Budget item entered for a resident"),
    "budget.work": _l("Progress of a funded item updated"),
    "budget.resident_verify": _l("Resident verified"),
    "budget.resident_import": _l("Resident list imported"),
    "budget.resident_remove": _l("Resident removed from the register"),
    "budget.paper_voter": _l("Paper voter registered"),
    "budget.paper_ballot": _l("Paper ballot entered"),
    "budget.paper_upload": _l("Paper ballots uploaded"),
    "budget.close": _l("Voting closed and results computed"),
})

SETTING_FIELDS = ("title", "language", "description", "budget", "collect_until",
                  "vote_opens_at", "vote_closes_at", "ballot_kind", "min_length", "max_length",
                  "within_budget", "max_sum_points", "max_points_per_item", "points_per_rank",
                  "tally_rule", "tie_break", "min_score_threshold", "eligibility",
                  "minimum_age", "one_area_per_voter")
FROZEN_WHEN_VOTING = ("budget", "ballot_kind", "min_length", "max_length", "within_budget",
                      "max_sum_points", "max_points_per_item", "points_per_rank", "tally_rule",
                      "tie_break", "min_score_threshold", "eligibility", "minimum_age",
                      "one_area_per_voter", "vote_opens_at")


class CycleRuleBroken(Exception):
    """A change refused by the cycle's phase or rules; the message says which (lazy text)."""


def get_cycle(forum, cycle_id: int) -> Cycle:
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or cycle.forum_id != forum.id:
        abort(404)
    return cycle


def cycles_of(forum) -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.forum_id == forum.id)
                                   .order_by(Cycle.created_at.desc())))


def check_dates(fields: dict) -> None:
    opens, closes = fields.get("vote_opens_at"), fields.get("vote_closes_at")
    if opens and closes and closes <= opens:
        raise CycleRuleBroken(_l("Voting must close after it opens."))


def create(forum, **fields) -> Cycle:
    check_dates(fields)
    cycle = Cycle(forum_id=forum.id, currency=forum.currency, **fields)
    db.session.add(cycle)
    db.session.flush()
    audit.record("budget.create", target=cycle, forum=forum,
                 changes=audit.snapshot(cycle, ("title", "budget", "currency", "tally_rule")))
    db.session.commit()
    return cycle


def update(cycle: Cycle, **fields) -> None:
    check_dates(fields)
    if cycle.rules_frozen:
        for name in FROZEN_WHEN_VOTING:
            if name in fields and fields[name] != getattr(cycle, name):
                raise CycleRuleBroken(_l("Voting has opened: the budget, the ballot and the "
                                         "counting rule can no longer change."))
    for name, value in fields.items():
        setattr(cycle, name, value)
    changes = audit.changes_of(cycle)
    if changes:
        audit.record("budget.update", target=cycle, forum=cycle.forum, changes=changes)
    db.session.commit()


def ballot_items(cycle: Cycle, scope: int | None = None) -> list[Item]:
    """The items on the ballot (feasible, with an official cost), in a stable order."""
    query = select(Item).where(Item.cycle_id == cycle.id, Item.status == ItemStatus.FEASIBLE,
                               Item.official_cost.is_not(None)).order_by(Item.id)
    if scope:
        query = query.where(Item.area_id == scope)
    return list(db.session.scalars(query))


def budget_of(cycle: Cycle, scope: int) -> int:
    if scope:
        return next(area.budget for area in cycle.areas if area.id == scope)
    return cycle.budget


def next_phase(cycle: Cycle) -> Phase | None:
    index = PHASES.index(Phase(cycle.phase))
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def advance(cycle: Cycle) -> Phase:
    """Move the cycle on one phase, if what that phase needs is in place."""
    target = next_phase(cycle)
    if target is None:
        raise CycleRuleBroken(_l("This cycle is in its last phase."))
    if target == Phase.VOTING:
        _ready_to_vote(cycle)
        cycle.ballot_published_at = cycle.ballot_published_at or utcnow()
    if target == Phase.RESULTS:
        raise CycleRuleBroken(_l("Results come by themselves when voting closes."))
    before = cycle.phase
    cycle.phase = target
    audit.record("budget.phase", target=cycle, forum=cycle.forum,
                 changes={"phase": [before, target.value]})
    db.session.commit()
    return target


def _ready_to_vote(cycle: Cycle) -> None:
    if not (cycle.vote_opens_at and cycle.vote_closes_at):
        raise CycleRuleBroken(_l("Set when voting opens and closes first."))
    if cycle.vote_closes_at <= utcnow():
        raise CycleRuleBroken(_l("The closing time of voting has already passed."))
    waiting = db.session.scalar(select(func.count(Item.id)).where(
        Item.cycle_id == cycle.id, Item.status == ItemStatus.SUBMITTED))
    if waiting:
        raise CycleRuleBroken(_l("Some items are not checked yet. Check every item first."))
    if not ballot_items(cycle):
        raise CycleRuleBroken(_l("No item is feasible: there is nothing to vote on."))
    for area in cycle.areas:
        if not ballot_items(cycle, area.id):
            raise CycleRuleBroken(_l("An area has no feasible item to vote on."))


def add_area(cycle: Cycle, name: str, language: str, budget: int) -> Area:
    if cycle.rules_frozen:
        raise CycleRuleBroken(_l("Voting has opened: areas can no longer change."))
    area = Area(cycle_id=cycle.id, name=name, language=language, budget=budget)
    db.session.add(area)
    db.session.flush()
    audit.record("budget.area", target=area, forum=cycle.forum,
                 changes=audit.snapshot(area, ("name", "budget")))
    db.session.commit()
    return area
