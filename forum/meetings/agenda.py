"""A session's agenda: adding, changing, removing (and restoring) and reordering items, and
their timetable.

Every change is one transaction touching items by id, so two people editing at once never
lose an item: additions go to the end, and reordering renumbers whatever is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.core import audit
from forum.core.models import AuditEntry
from forum.extensions import db
from forum.meetings.models import AgendaItem, Meeting

ITEM_FIELDS = ("title", "language", "description", "presenter_id", "presenter_text",
               "duration_minutes")
KEPT_FIELDS = (*ITEM_FIELDS, "meeting_id", "position", "proposal_id", "translations")


@dataclass(frozen=True)
class Slot:
    item: AgendaItem
    starts_at: datetime
    ends_at: datetime
    overruns: bool


def get_item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def timetable(meeting: Meeting) -> tuple[list[Slot], int]:
    """Each item with its start and end, and how many minutes the agenda runs past the end."""
    slots, clock = [], meeting.starts_at
    for item in meeting.agenda:
        ends = clock + timedelta(minutes=item.duration_minutes)
        slots.append(Slot(item, clock, ends, ends > meeting.ends_at))
        clock = ends
    overrun = max(0, int((clock - meeting.ends_at).total_seconds() // 60))
    return slots, overrun


def _changed(meeting: Meeting) -> None:
    meeting.sequence += 1  # the agenda is part of the calendar entry


def add(meeting: Meeting, **fields) -> AgendaItem:
    last = db.session.scalar(select(func.max(AgendaItem.position))
                             .where(AgendaItem.meeting_id == meeting.id))
    item = AgendaItem(meeting_id=meeting.id, position=(last or 0) + 1, **fields)
    db.session.add(item)
    db.session.flush()
    _changed(meeting)
    audit.record("agenda.add", target=item, forum=meeting.forum,
                 changes=audit.snapshot(item, ("title", "duration_minutes")))
    db.session.commit()
    return item


def update(item: AgendaItem, **fields) -> None:
    for name, value in fields.items():
        setattr(item, name, value)
    changes = audit.changes_of(item)
    if changes:
        _changed(item.meeting)
        audit.record("agenda.update", target=item, forum=item.meeting.forum, changes=changes)
    db.session.commit()


def remove(item: AgendaItem) -> int:
    """Remove an item; the audit entry keeps all of it, so it can be restored. Its id."""
    meeting = item.meeting
    entry = audit.record("agenda.remove", target=item, forum=meeting.forum,
                         changes=audit.snapshot(item, KEPT_FIELDS))
    db.session.delete(item)
    _changed(meeting)
    db.session.commit()
    return entry.id


def removed_entry(meeting: Meeting, entry_id: int | None) -> AuditEntry | None:
    """The removal of an item of this session that is still gone, or None."""
    entry = db.session.get(AuditEntry, entry_id) if entry_id else None
    if entry is None or entry.action != "agenda.remove" or entry.forum_id != meeting.forum_id:
        return None
    kept = {name: after for name, (_before, after) in (entry.changes or {}).items()}
    if kept.get("meeting_id") != meeting.id or db.session.get(AgendaItem, entry.target_id):
        return None
    return entry


def restore(meeting: Meeting, entry_id: int) -> AgendaItem | None:
    """Put a removed item back where it was, with the same id (a second restore does
    nothing); None when there is nothing to restore."""
    entry = removed_entry(meeting, entry_id)
    if entry is None:
        return None
    kept = {name: after for name, (_before, after) in entry.changes.items()}
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id).with_for_update(of=AgendaItem)))
    item = AgendaItem(id=entry.target_id, **{name: kept.get(name) for name in KEPT_FIELDS
                                             if name != "position"})
    items.insert(max(0, min(len(items), (kept.get("position") or 1) - 1)), item)
    for position, each in enumerate(items, start=1):
        each.position = position
    db.session.add(item)
    _changed(meeting)
    audit.record("agenda.restore", target=item, forum=meeting.forum,
                 changes={"title": [None, item.title], "restored_from": [None, entry.id]})
    try:
        db.session.commit()
    except IntegrityError:  # restored by someone else at the same moment
        db.session.rollback()
        return None
    return item


def move(item: AgendaItem, steps: int) -> None:
    """Move an item up (-1) or down (+1); the ends of the list stay where they are."""
    meeting = item.meeting
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id).with_for_update(of=AgendaItem)))
    index = items.index(item)
    target = max(0, min(len(items) - 1, index + steps))
    if target == index:
        return
    items.insert(target, items.pop(index))
    for position, each in enumerate(items, start=1):
        each.position = position
    _changed(meeting)
    audit.record("agenda.move", target=item, forum=meeting.forum,
                 changes={"position": [index + 1, target + 1]})
    db.session.commit()
