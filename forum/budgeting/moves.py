"""The secretariat moves a cycle from phase to phase (see `states.py`): each move is checked
on the locked cycle, so a second tap changes nothing, and is audited."""

from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.budgeting import states
from forum.budgeting.cycles import CycleRuleBroken, ballot_items
from forum.budgeting.models import Cycle, Item
from forum.budgeting.models.cycles import Phase
from forum.budgeting.models.items import ItemStatus
from forum.budgeting.results import finish_voting, lock
from forum.budgeting.voting import mix_ballots
from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db

logger = logging.getLogger(__name__)

audit.register_actions({
    "budget.open": _l("Voting opened"),
    "budget.close_now": _l("Voting closed before its planned time"),
    "budget.cancel": _l("Vote cancelled"),
})


def check(cycle: Cycle, move: states.Move, now: datetime | None = None) -> None:
    """Refuse with the reason unless `move` can be made now (reads, writes nothing)."""
    reason = states.refusal(move, cycle.phase)
    if reason is not None:
        raise CycleRuleBroken(reason)
    if move.target == Phase.VOTING:
        _ready_to_vote(cycle, now or utcnow())


def make(cycle: Cycle, move: states.Move, *, reason: str = "", language: str = "",
         now: datetime | None = None) -> Cycle:
    """Make the move on the locked cycle and commit; CycleRuleBroken when it cannot be made."""
    now = now or utcnow()
    if move.name == "cancel" and not reason.strip():
        raise CycleRuleBroken(_l("Say why the vote is cancelled."))
    locked = lock(cycle)
    try:
        check(locked, move, now)
    except CycleRuleBroken:
        db.session.rollback()
        raise
    before = locked.phase
    changes = WORK.get(move.name, _nothing)(locked, now, reason, language)
    locked.phase = move.target
    audit.record(ACTIONS.get(move.name, "budget.phase"), target=locked, forum=locked.forum,
                 changes={"phase": [before, move.target.value], **changes})
    db.session.commit()
    return locked


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _nothing(_cycle, _now, _reason, _language) -> dict:
    return {}


def _open(cycle: Cycle, now: datetime, _reason, _language) -> dict:
    """Voting opens when the secretariat opens it: the opening time becomes now."""
    changes = {"vote_opens_at": [_iso(cycle.vote_opens_at), _iso(_minute(now))]}
    cycle.vote_opens_at = _minute(now)
    cycle.ballot_published_at = cycle.ballot_published_at or now
    return changes


def _close(cycle: Cycle, now: datetime, _reason, _language) -> dict:
    """Voting ends now and is counted at once, as it would be at its planned time."""
    changes = {"vote_closes_at": [_iso(cycle.vote_closes_at), _iso(now)]}
    cycle.vote_closes_at = now
    finish_voting(cycle, now)
    return changes


def _cancel(cycle: Cycle, now: datetime, reason: str, language: str) -> dict:
    """Voting ends now and is never counted; the reason is public."""
    mix_ballots(cycle)  # no results, but no ballot stays linked to its voter either
    cycle.cancelled_at, cycle.cancel_reason, cycle.cancel_language = now, reason, language
    cycle.vote_closes_at = min(cycle.vote_closes_at or now, now)
    return {"cancel_reason": [None, reason]}


WORK = {"open": _open, "close": _close, "cancel": _cancel}
ACTIONS = {"open": "budget.open", "close": "budget.close_now", "cancel": "budget.cancel"}


def _ready_to_vote(cycle: Cycle, now: datetime) -> None:
    if not cycle.vote_closes_at:
        raise CycleRuleBroken(_l("Set when voting closes first."))
    if cycle.vote_closes_at <= now:
        raise CycleRuleBroken(_l("The closing time of voting has already passed. Change it "
                                 "first."))
    waiting = db.session.scalar(select(func.count(Item.id)).where(
        Item.cycle_id == cycle.id, Item.status == ItemStatus.SUBMITTED))
    if waiting:
        raise CycleRuleBroken(_l("Some items are not checked yet. Check every item first."))
    if not ballot_items(cycle):
        raise CycleRuleBroken(_l("No item is feasible: there is nothing to vote on."))
    for area in cycle.areas:
        if not ballot_items(cycle, area.id):
            raise CycleRuleBroken(_l("An area has no feasible item to vote on."))


def open_due(now: datetime | None = None) -> int:
    """Open voting of every checked cycle whose planned opening time has come (the worker's job,
    each minute); a cycle not ready stays in review and is told in the log. Returns how many."""
    now = now or utcnow()
    due = db.session.scalars(select(Cycle).where(
        Cycle.phase == Phase.REVIEW, Cycle.vote_opens_at <= now, Cycle.vote_closes_at > now))
    opened = 0
    for cycle in list(due):
        try:
            make(cycle, states.MOVES["open"], now=now)
            opened += 1
        except CycleRuleBroken as refused:
            logger.warning("cycle %s did not open at its planned time: %s", cycle.id, refused)
    return opened
