"""Creating and changing budget cycles and their areas, within what their phase allows (the
moves between phases are in `moves.py`)."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager, joinedload, lazyload, load_only

from forum.budgeting import states
from forum.budgeting.models import Area, Cycle, Item
from forum.budgeting.models.cycles import Phase
from forum.budgeting.models.items import ItemStatus
from forum.core import audit, slots
from forum.core.db import utcnow
from forum.core.timezones import to_local
from forum.extensions import db
from forum.forums import signed_in
from forum.forums.models import Forum

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
                      "one_area_per_voter")
DATE_FIELDS = ("collect_until", "vote_opens_at", "vote_closes_at")


class CycleRuleBroken(Exception):
    """A change refused by the cycle's phase or rules; the message says why (lazy text) and
    `errors` maps each field that caused it to its reason."""

    def __init__(self, message, errors: dict | None = None):
        super().__init__(message)
        self.errors = errors or {}


def get_cycle(forum, cycle_id: int, *, with_areas: bool = False) -> Cycle:
    """The forum's cycle (404 otherwise); `with_areas` brings its areas in the same query."""
    options = [lazyload(Cycle.forum)]  # the page's forum, read already
    if with_areas:
        options.append(joinedload(Cycle.areas))
    cycle = db.session.get(Cycle, cycle_id, options=options)
    if cycle is None or cycle.forum_id != forum.id:
        abort(404)
    return cycle


def cycles_of(forum) -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.forum_id == forum.id)
                                   .order_by(Cycle.created_at.desc())))


def create(forum, **fields) -> Cycle:
    _refuse(_refused_dates(Phase.COLLECTING, fields, {}, forum.timezone))
    cycle = Cycle(forum_id=forum.id, currency=forum.currency, **fields)
    db.session.add(cycle)
    db.session.flush()
    audit.record("budget.create", target=cycle, forum=forum,
                 changes=audit.snapshot(cycle, ("title", "budget", "currency", "tally_rule")))
    db.session.commit()
    return cycle


def update(cycle: Cycle, **fields) -> None:
    """Change the cycle's settings; refused, field by field, where its phase fixes them."""
    stored = {name: getattr(cycle, name) for name in DATE_FIELDS}
    errors = {name: states.FIXED_RULE for name in FROZEN_WHEN_VOTING
              if cycle.rules_frozen and name in fields and fields[name] != getattr(cycle, name)}
    _refuse({**errors, **_refused_dates(cycle.phase, fields, stored, cycle.forum.timezone)})
    for name in DATE_FIELDS:  # the same day or minute as stored: keep the stored moment
        if name in fields and _same(name, fields[name], stored[name], cycle.forum.timezone):
            fields[name] = stored[name]
    for name, value in fields.items():
        setattr(cycle, name, value)
    changes = audit.changes_of(cycle)
    if changes:
        audit.record("budget.update", target=cycle, forum=cycle.forum, changes=changes)
    db.session.commit()


def _refuse(errors: dict) -> None:
    if errors:
        raise CycleRuleBroken(next(iter(errors.values())), errors)


def _same(name: str, new: datetime | None, old: datetime | None, zone: str) -> bool:
    """Equal as far as the form can tell: the same local day, or the same minute."""
    if new is None or old is None:
        return new is old
    if name == "collect_until":
        return to_local(new, zone).date() == to_local(old, zone).date()
    return new.replace(second=0, microsecond=0) == old.replace(second=0, microsecond=0)


def _refused_dates(phase: str, fields: dict, stored: dict, zone: str) -> dict:
    """{field: reason} for each date that cannot take its new value in this phase."""
    now, errors = utcnow(), {}
    for name in DATE_FIELDS:
        if name not in fields or _same(name, fields[name], stored.get(name), zone):
            continue
        if not states.date_can_change(phase, name):
            errors[name] = states.FIXED_DATE[name]
        elif fields[name] is None:
            if name == "vote_closes_at" and phase == Phase.VOTING:
                errors[name] = states.CLOSE_NEEDED
        elif fields[name] <= now:
            errors[name] = states.USE_CLOSE_NOW if phase == Phase.VOTING \
                and name == "vote_closes_at" else states.DATE_PASSED
    opens = fields.get("vote_opens_at", stored.get("vote_opens_at"))
    closes = fields.get("vote_closes_at", stored.get("vote_closes_at"))
    if opens and closes and closes <= opens and "vote_closes_at" not in errors:
        errors["vote_closes_at"] = states.CLOSE_AFTER_OPEN
    collect = fields.get("collect_until", stored.get("collect_until"))
    if phase == Phase.COLLECTING and collect and opens and collect > opens \
            and "collect_until" not in errors:
        errors["collect_until"] = states.COLLECT_BEFORE_OPEN
    return errors


def ballot_items(cycle: Cycle, scope: int | None = None) -> list[Item]:
    """The items on the ballot (feasible, with an official cost), in a stable order."""
    return list(db.session.scalars(_on_ballot(bool(scope)), _ballot_params(cycle, scope)))


# What the ballot page shows of an item: not its description, checks or follow-up.
_ON_THE_BALLOT = (Item.id, Item.cycle_id, Item.area_id, Item.title, Item.language,
                  Item.translations, Item.location, Item.official_cost)


def ballot_entries(cycle: Cycle, scope: int | None = None, ids=None,
                   limit: int | None = None) -> list[Item]:
    """`ballot_items` (those of `ids` only, when given; the first `limit`) with only what the
    ballot shows of them loaded: the rest raises if touched."""
    statement = _entries_on_ballot(bool(scope), ids is not None, limit is not None)
    return list(db.session.scalars(statement, _ballot_params(cycle, scope, ids=ids, limit=limit)))


def ballot_costs(cycle: Cycle, scope: int | None = None) -> dict[int, int]:
    """{item id: official cost} for the items on the ballot: what checking a ballot needs."""
    return dict(db.session.execute(_costs_on_ballot(bool(scope)),
                                   _ballot_params(cycle, scope)).all())


def _ballot_params(cycle: Cycle, scope: int | None, ids=None, limit: int | None = None) -> dict:
    params = {"cycle_id": cycle.id}
    if scope:
        params["scope"] = scope
    if ids is not None:
        params["ids"] = list(ids)
    if limit is not None:
        params["limit"] = limit
    return params


# The ballot's statements are built once per shape: every ballot request runs one or two.
@cache
def _entries_on_ballot(scoped: bool, some: bool, limited: bool):
    query = _on_ballot(scoped).options(load_only(*_ON_THE_BALLOT, raiseload=True))
    query = query.where(Item.id.in_(bindparam("ids", expanding=True))) if some else query
    return query.limit(bindparam("limit")) if limited else query


@cache
def _costs_on_ballot(scoped: bool):
    return _on_ballot(scoped, Item.id, Item.official_cost)


@cache
def _on_ballot(scoped: bool, *columns):
    query = select(*columns or (Item,)).where(
        Item.cycle_id == bindparam("cycle_id"), Item.status == ItemStatus.FEASIBLE,
        Item.official_cost.is_not(None)).order_by(Item.id)
    return query.where(Item.area_id == bindparam("scope")) if scoped else query


def ballot_cycle(slug: str, cycle_id: int) -> Cycle:
    """The cycle with its forum (and the forum's facts), its areas and the signed-in person if
    not read yet, in one query: all a ballot request needs of them."""
    rows = signed_in.rows_with_signed_in(_cycle_for_ballot(tuple(slots.FORUM_FACTS)),
                                         {"cycle_id": cycle_id, "slug": slug})
    if not rows:
        abort(404)
    slots.attach_facts(rows[0][0].forum, rows[0][1:-2])
    return rows[0][0]


@cache
def _cycle_for_ballot(fact_names: tuple[str, ...]):
    """The statement, built once for the facts registered (every ballot request runs it)."""
    return signed_in.join_signed_in(
        select(Cycle, *slots.fact_columns(Forum)).join(Cycle.forum)
        .where(Cycle.id == bindparam("cycle_id"), Forum.slug == bindparam("slug"))
        .options(contains_eager(Cycle.forum), joinedload(Cycle.areas)), Cycle)


def budget_of(cycle: Cycle, scope: int) -> int:
    if scope:
        return next(area.budget for area in cycle.areas if area.id == scope)
    return cycle.budget


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
