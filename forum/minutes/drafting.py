"""Writing minutes: starting a draft from a held session, and saving, adding, removing and
restoring sections, each save a new revision.

Every save names the revision it was based on. A save is refused (`Conflict`) when the section
it changes was changed by someone else since then; saves of different sections merge. Two
saves racing each other are decided by the database: the revision number only moves forward by
a conditional UPDATE, so exactly one of them wins and the other is checked again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from forum.core import audit
from forum.core.db import utcnow
from forum.core.timezones import to_local
from forum.extensions import db
from forum.meetings import attendance
from forum.meetings import states as meeting_states
from forum.meetings.services import settings_of
from forum.minutes import document, states
from forum.minutes.models import Minutes, MinutesRevision
from forum.minutes.states import MinutesRuleBroken

audit.register_actions({
    "minutes.start": _l("Minutes started"),
    "minutes.save": _l("Minutes section saved"),
    "minutes.add_section": _l("Minutes section added"),
    "minutes.remove_section": _l("Minutes section removed"),
    "minutes.restore_section": _l("Removed minutes section restored"),
})

ATTEMPTS = 3


@dataclass
class Conflict(Exception):
    """Someone else changed the section since the form was opened: their revision and their
    version of the section (None when they removed it)."""

    revision: MinutesRevision
    section: dict | None


class _Stale(Exception):
    """Another save moved the revision on between reading and writing."""


def get_minutes(forum, minutes_id: int) -> Minutes:
    minutes = db.session.get(Minutes, minutes_id)
    if minutes is None or minutes.forum_id != forum.id:
        abort(404)
    return minutes


def minutes_of(meeting) -> Minutes | None:
    return db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))


def revision(minutes: Minutes, number: int) -> MinutesRevision | None:
    return db.session.scalar(select(MinutesRevision).where(
        MinutesRevision.minutes_id == minutes.id, MinutesRevision.number == number))


def start(meeting) -> Minutes:
    """The draft of a held session's minutes, made once from its agenda and attendance."""
    if not meeting_states.is_held(meeting):
        raise MinutesRuleBroken(_l("Minutes are written after the session is held: record its "
                                   "attendance first."))
    found = minutes_of(meeting)
    if found is not None:
        return found
    snapshot = document.attendance_snapshot(
        attendance.summary(meeting, settings_of(meeting.forum)), meeting.guest_count)
    content = document.initial_content(meeting, snapshot)
    minutes = Minutes(forum_id=meeting.forum_id, meeting_id=meeting.id, content=content,
                      meeting_day=to_local(meeting.starts_at, meeting.forum.timezone).date())
    db.session.add(minutes)
    try:
        db.session.flush()
        db.session.add(MinutesRevision(minutes_id=minutes.id, number=1, author_id=_actor_id(),
                                       what="start", content=content))
        audit.record("minutes.start", target=minutes, forum=meeting.forum,
                     changes={"sections": [None, len(content["sections"])]})
        db.session.commit()
    except IntegrityError:  # started by someone else at the same moment
        db.session.rollback()
        return minutes_of(meeting)
    return minutes


def _actor_id() -> int | None:
    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def check_editable(minutes: Minutes) -> None:
    states.check(minutes, states.Move.EDIT)


def _check_conflict(minutes: Minutes, key: str, base: int) -> None:
    if base == minutes.revision:
        return
    mine = revision(minutes, base)
    theirs = document.find_section(minutes.content, key)
    if mine is None or document.find_section(mine.content, key) != theirs:
        raise Conflict(revision(minutes, minutes.revision), theirs)


def _commit_revision(minutes: Minutes, content: dict, what: str, action: str,
                     changes: dict) -> MinutesRevision:
    number = minutes.revision + 1
    moved = db.session.execute(
        update(Minutes).where(Minutes.id == minutes.id, Minutes.revision == minutes.revision)
        .values(revision=number, content=content, updated_at=utcnow())
        .execution_options(synchronize_session="fetch"))
    if moved.rowcount != 1:
        raise _Stale
    saved = MinutesRevision(minutes_id=minutes.id, number=number, author_id=_actor_id(),
                            what=what, content=content)
    db.session.add(saved)
    audit.record(action, target=minutes, forum=minutes.forum,
                 changes={**changes, "revision": [number - 1, number]})
    try:
        db.session.commit()
    except IntegrityError as error:
        raise _Stale from error
    return saved


def _write(minutes: Minutes, change, *, what: str, action: str, changes: dict,
           key: str | None = None, base: int | None = None) -> MinutesRevision:
    """Apply `change(content) -> content` on the latest revision and store it as the next."""
    for _attempt in range(ATTEMPTS):
        check_editable(minutes)
        if key is not None and base is not None:
            _check_conflict(minutes, key, base)
        try:
            return _commit_revision(minutes, change(minutes.content), what, action, changes)
        except _Stale:
            db.session.rollback()  # expires `minutes`: the next attempt reads it afresh
    raise Conflict(revision(minutes, minutes.revision),
                   document.find_section(minutes.content, key) if key else None)


def save_section(minutes: Minutes, key: str, base: int, fields: dict) -> MinutesRevision:
    """Store a section's new title, language, summary, decisions and action items."""
    def change(content: dict) -> dict:
        section = document.find_section(content, key)
        return document.replace_section(content, {**section, **fields})

    return _write(minutes, change, what=f"save:{key}", action="minutes.save", key=key,
                  base=base, changes={"section": [None, fields.get("title")]})


def add_section(minutes: Minutes, title: str, language: str) -> str:
    """Add a section at the end, for a point raised under any other business; its key."""
    section = document.empty_section(title, language)

    def change(content: dict) -> dict:
        return {**content, "sections": [*content.get("sections", []), section]}

    _write(minutes, change, what=f"add:{section['key']}", action="minutes.add_section",
           changes={"section": [None, title]})
    return section["key"]


def remove_section(minutes: Minutes, key: str, base: int) -> None:
    def change(content: dict) -> dict:
        return {**content, "sections": [s for s in content["sections"] if s["key"] != key]}

    title = (document.find_section(minutes.content, key) or {}).get("title")
    _write(minutes, change, what=f"remove:{key}", action="minutes.remove_section", key=key,
           base=base, changes={"section": [title, None]})


def removed_section(minutes: Minutes, key: str | None, number: int | None) -> dict | None:
    """The section `key` as it was in revision `number`, if it is gone from the draft now."""
    old = revision(minutes, number) if key and number else None
    if old is None or document.find_section(minutes.content, key) is not None:
        return None
    return document.find_section(old.content, key)


def restore_section(minutes: Minutes, key: str, number: int) -> bool:
    """Put a removed section back where it was, as a new revision; False when it is not
    gone (restored already) or was never there."""
    section = removed_section(minutes, key, number)
    if section is None:
        return False
    keys = [s["key"] for s in revision(minutes, number).content["sections"]]

    def change(content: dict) -> dict:
        sections = [s for s in content["sections"] if s["key"] != key]
        sections.insert(min(keys.index(key), len(sections)), section)
        return {**content, "sections": sections}

    _write(minutes, change, what=f"restore:{key}", action="minutes.restore_section",
           changes={"section": [None, section.get("title")]})
    return True
