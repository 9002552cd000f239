"""Proposing items, checking their feasibility and cost, merging duplicates, following them,
and reporting the building of those that won."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.budgeting import notices
from forum.budgeting.models import Cycle, Item, ItemFollow, ItemUpdate
from forum.budgeting.models.cycles import Phase
from forum.budgeting.models.items import ItemStatus, Work
from forum.core import audit
from forum.extensions import db

ITEM_FIELDS = ("title", "language", "description", "location", "target_groups",
               "estimated_cost", "area_id")


class ItemRuleBroken(Exception):
    """A change refused by the item's state or the cycle's phase (lazy text)."""


def get_item(cycle: Cycle, item_id: int) -> Item:
    item = db.session.get(Item, item_id)
    if item is None or item.cycle_id != cycle.id:
        abort(404)
    return item


def items_of(cycle: Cycle) -> list[Item]:
    return list(db.session.scalars(select(Item).where(Item.cycle_id == cycle.id)
                                   .order_by(Item.status, Item.id)))


def check_cost(cycle: Cycle, cost: int, area_id: int | None) -> None:
    budget = cycle.budget
    if area_id:
        budget = next((a.budget for a in cycle.areas if a.id == area_id), cycle.budget)
    if cost > budget:
        raise ItemRuleBroken(_l("This costs more than the whole budget, so it could never be "
                                "funded. Make it smaller, or split it."))


def propose(cycle: Cycle, author, *, on_behalf: str | None = None, image: str | None = None,
            **fields) -> Item:
    if cycle.phase != Phase.COLLECTING:
        raise ItemRuleBroken(_l("This budget is not collecting ideas now."))
    if cycle.areas and not fields.get("area_id"):
        raise ItemRuleBroken(_l("Choose the area this item is for."))
    check_cost(cycle, fields["estimated_cost"], fields.get("area_id"))
    item = Item(cycle_id=cycle.id, author_id=author.id if not on_behalf else None,
                image=image, **fields)
    db.session.add(item)
    db.session.flush()
    if on_behalf:
        audit.record("budget.item_on_behalf", target=item, forum=cycle.forum,
                     changes={"for": [None, on_behalf], "title": [None, item.title]})
    db.session.commit()
    return item


def review(item: Item, feasible: bool, official_cost: int | None, reason: str) -> None:
    """Record whether an item can be done, at what cost, or why not; its author is told."""
    cycle = item.cycle
    if cycle.rules_frozen:
        raise ItemRuleBroken(_l("Voting has opened: the ballot can no longer change."))
    if item.status in (ItemStatus.MERGED, ItemStatus.WITHDRAWN):
        raise ItemRuleBroken(_l("This item was merged or withdrawn."))
    if feasible:
        check_cost(cycle, official_cost, item.area_id)
    item.status = ItemStatus.FEASIBLE if feasible else ItemStatus.NOT_FEASIBLE
    item.official_cost = official_cost if feasible else None
    item.feasibility_reason = reason
    changes = audit.changes_of(item)
    audit.record("budget.item_review", target=item, forum=cycle.forum, changes=changes)
    notices.tell_author(item)
    db.session.commit()


def merge(item: Item, into: Item) -> None:
    if into.id == item.id or into.cycle_id != item.cycle_id or into.status == ItemStatus.MERGED:
        raise ItemRuleBroken(_l("Choose another item of this cycle to merge into."))
    if item.cycle.rules_frozen:
        raise ItemRuleBroken(_l("Voting has opened: the ballot can no longer change."))
    item.status, item.merged_into_id = ItemStatus.MERGED, into.id
    audit.record("budget.item_merge", target=item, forum=item.cycle.forum,
                 changes={"merged_into": [None, into.id]})
    notices.tell_author(item)
    db.session.commit()


def follow(item: Item, user, on: bool) -> None:
    found = db.session.scalar(select(ItemFollow).where(ItemFollow.item_id == item.id,
                                                       ItemFollow.user_id == user.id))
    if on and found is None:
        db.session.add(ItemFollow(item_id=item.id, user_id=user.id))
    elif not on and found is not None:
        db.session.delete(found)
    try:
        db.session.commit()
    except IntegrityError:  # followed twice at once: once is enough
        db.session.rollback()


def is_following(item: Item, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(ItemFollow.id).where(
        ItemFollow.item_id == item.id, ItemFollow.user_id == user.id)) is not None


def report_work(item: Item, author, *, status: str, progress: int, spent: int, note: str,
                text: str, language: str, photo: str | None, photo_alt: str) -> None:
    """Update a funded item's building: status, percent done, money spent, and a dated note;
    its followers are told."""
    if item.cycle.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        raise ItemRuleBroken(_l("Progress is reported after the results."))
    if status == Work.CANCELLED and not note:
        raise ItemRuleBroken(_l("Say why the work is cancelled."))
    item.work_status, item.progress, item.spent, item.work_note = status, progress, spent, note
    changes = audit.changes_of(item)
    update = None
    if text or photo:
        update = ItemUpdate(item_id=item.id, text=text, language=language, photo=photo,
                            photo_alt=photo_alt, author_id=author.id)
        db.session.add(update)
        changes["update"] = [None, text[:200]]
    audit.record("budget.work", target=item, forum=item.cycle.forum, changes=changes)
    notices.tell_followers(item)
    db.session.commit()


def updates_of(item: Item) -> list[ItemUpdate]:
    return list(db.session.scalars(select(ItemUpdate).where(ItemUpdate.item_id == item.id)
                                   .order_by(ItemUpdate.created_at.desc())))
