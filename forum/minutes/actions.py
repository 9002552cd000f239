"""Action items across sessions: who sees which, which are open or overdue, the follow-up a
new draft lists, and marking them done (or open again)."""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager

from forum.core import audit
from forum.core.permissions import Role
from forum.core.timezones import local_now
from forum.extensions import db
from forum.forums.models import Membership
from forum.meetings.models import Meeting, Visibility
from forum.minutes.models import ActionItem, Minutes

audit.register_actions({
    "minutes.action_done": _l("Action item marked done"),
    "minutes.action_reopen": _l("Action item opened again"),
})

FILTERS = ("open", "overdue", "done", "all")


class ActionRuleBroken(Exception):
    """A change to an action item refused; the message says why (lazy text)."""


def today(forum) -> date:
    return local_now(forum.timezone).date()


def _visible(query: Select, role: Role) -> Select:
    query = query.join(Minutes, ActionItem.minutes_id == Minutes.id).join(
        Meeting, Minutes.meeting_id == Meeting.id)
    if role < Role.MEMBER:
        query = query.where(Meeting.visibility == Visibility.PUBLIC)
    return query


def forum_actions(forum, role: Role, which: str = "open") -> Select:
    # Minutes and session come from the joins `_visible` makes; the forum is read already.
    minutes = contains_eager(ActionItem.minutes)
    query = _visible(select(ActionItem).where(ActionItem.forum_id == forum.id), role).options(
        minutes.lazyload(Minutes.forum), minutes.contains_eager(Minutes.meeting)
        .lazyload(Meeting.forum))
    if which in ("open", "overdue"):
        query = query.where(ActionItem.done_on.is_(None))
    if which == "overdue":
        query = query.where(ActionItem.due_on < today(forum))
    if which == "done":
        return query.order_by(ActionItem.done_on.desc(), ActionItem.id)
    return query.order_by(ActionItem.due_on, ActionItem.id)


def _late(forum):
    return case((ActionItem.due_on < today(forum), 1), else_=0)


def counts(forum, role: Role) -> tuple[int, int]:
    """(open, overdue) action items of the forum the reader may see, in one query."""
    found = db.session.execute(_visible(
        select(func.count(ActionItem.id), func.sum(_late(forum)))
        .where(ActionItem.forum_id == forum.id, ActionItem.done_on.is_(None)), role)).one()
    return found[0] or 0, found[1] or 0


def first_overdue(forum, role: Role, shown: int) -> tuple[int, int, list[ActionItem]]:
    """(open, overdue, the first `shown` overdue items) the reader may see, in one query: in
    due order the overdue items lead the open ones, and both counts ride along each row."""
    rows = db.session.execute(forum_actions(forum, role, "open").add_columns(
        func.count().over(), func.sum(_late(forum)).over()).limit(shown)).all()
    if not rows:
        return 0, 0, []
    day = today(forum)
    return rows[0][1], rows[0][2], [item for item, _open, _late in rows if item.due_on < day]


def get_action(forum, action_id: int, role: Role) -> ActionItem:
    item = db.session.get(ActionItem, action_id)
    if item is None or item.forum_id != forum.id:
        abort(404)
    if not item.minutes.meeting.is_public and role < Role.MEMBER:
        abort(404)
    return item


def tracked(minutes: Minutes) -> dict[str, ActionItem]:
    """The followed action items of published minutes, by key (their done date and note)."""
    return {a.key: a for a in db.session.scalars(
        select(ActionItem).where(ActionItem.minutes_id == minutes.id))}


def follow_up(minutes: Minutes) -> list[ActionItem]:
    """Action items of earlier sessions that were still open when this session took place."""
    return list(db.session.scalars(
        select(ActionItem).join(Minutes, ActionItem.minutes_id == Minutes.id)
        .where(ActionItem.forum_id == minutes.forum_id,
               Minutes.meeting_day < minutes.meeting_day,
               or_(ActionItem.done_on.is_(None), ActionItem.done_on >= minutes.meeting_day))
        .order_by(Minutes.meeting_day, ActionItem.due_on, ActionItem.id)))


def follow_up_snapshot(items: list[ActionItem]) -> list[dict]:
    """The follow-up as published minutes keep it."""
    return [{"action_id": a.id, "what": a.what, "language": a.language,
             "session_title": a.minutes.meeting.title,
             "session_language": a.minutes.meeting.language,
             "session_day": a.minutes.meeting_day.isoformat(),
             "owner_name": a.owner_name, "owner_organisation": a.owner_organisation,
             "owner_name_public": a.owner_name_public, "due_on": a.due_on.isoformat(),
             "done_on": a.done_on.isoformat() if a.done_on else None,
             "done_note": a.done_note, "done_language": a.done_language} for a in items]


def of_person(user) -> Select:
    """A person's action items: theirs by name, and their organisation's in their forums."""
    memberships = select(Membership.forum_id, func.lower(Membership.organisation)).where(
        Membership.user_id == user.id, Membership.organisation != "")
    mine_by_organisation = [and_(ActionItem.forum_id == forum_id,
                                 func.lower(ActionItem.owner_organisation) == organisation)
                            for forum_id, organisation in db.session.execute(memberships)]
    member_of = select(Membership.forum_id).where(Membership.user_id == user.id)
    return (select(ActionItem).join(Minutes, ActionItem.minutes_id == Minutes.id)
            .join(Meeting, Minutes.meeting_id == Meeting.id)
            .where(or_(ActionItem.owner_user_id == user.id, *mine_by_organisation),
                   or_(Meeting.visibility == Visibility.PUBLIC,
                       ActionItem.forum_id.in_(member_of)))
            .order_by(ActionItem.done_on.is_not(None), ActionItem.due_on, ActionItem.id))


def mark_done(item: ActionItem, done_on: date, note: str, language: str, user) -> None:
    forum = item.minutes.forum
    if done_on > today(forum):
        raise ActionRuleBroken(_l("The date it was done cannot be in the future."))
    if done_on < item.minutes.meeting_day:
        raise ActionRuleBroken(_l("The date it was done cannot be before the session that "
                                  "decided it."))
    item.done_on, item.done_note, item.done_language = done_on, note, language
    item.done_by_id = user.id
    audit.record("minutes.action_done", target=item, forum=forum,
                 changes=audit.changes_of(item, ("done_on", "done_note")))
    db.session.commit()


def reopen(item: ActionItem) -> None:
    item.done_on, item.done_note, item.done_by_id = None, "", None
    audit.record("minutes.action_reopen", target=item, forum=item.minutes.forum,
                 changes=audit.changes_of(item, ("done_on", "done_note")))
    db.session.commit()

