"""Scheduling, changing, moving and cancelling sessions, and the queries the pages need."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from forum.core import audit, slots
from forum.core.db import utcnow
from forum.core.permissions import Role, require_signed_in
from forum.extensions import db
from forum.forums.models import Membership
from forum.meetings import notices, states
from forum.meetings.models import Meeting, MeetingSettings, Rsvp, Status, Visibility

audit.register_actions({
    "meeting.schedule": _l("Session scheduled"),
    "meeting.update": _l("Session changed"),
    "meeting.move": _l("Session moved to a new date"),
    "meeting.cancel": _l("Session cancelled"),
    "meeting.translate": _l("Session translation changed"),
    "meeting.settings": _l("Session rules changed"),
    "agenda.add": _l("Agenda item added"),
    "agenda.update": _l("Agenda item changed"),
    "agenda.remove": _l("Agenda item removed"),
    "agenda.restore": _l("Removed agenda item restored"),
    "agenda.move": _l("Agenda reordered"),
    "agenda.translate": _l("Agenda item translation changed"),
    "attendance.record": _l("Attendance recorded"),
})

DETAIL_FIELDS = ("title", "language", "description", "kind", "place_name", "address",
                 "accessibility", "accessibility_notes", "online_url", "visibility")
LONGEST = timedelta(hours=24)
# A forum's sessions are read on that forum's pages, where the forum is in the session already:
# they take it from there rather than join it again.
FORUM_READ = lazyload(Meeting.forum)


class MeetingRuleBroken(Exception):
    """A change refused by a rule about sessions; the message says which, and `field` names
    the form field that caused it ("start", "end", "reason"…), or None."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_times(starts_at, ends_at, *, new: bool) -> None:
    if new and starts_at < utcnow():
        raise MeetingRuleBroken(_l("This time is in the past. Choose a date and time that "
                                   "are still to come."), "start")
    if ends_at <= starts_at:
        raise MeetingRuleBroken(_l("The session must end after it starts."), "end")
    if ends_at - starts_at > LONGEST:
        raise MeetingRuleBroken(_l("A session can last at most 24 hours."), "end")


def _check_move(meeting: Meeting, move: states.Move, field: str) -> None:
    reason = states.why_not(meeting, move)
    if reason is not None:
        raise MeetingRuleBroken(reason, field)


def default_settings(forum_id: int) -> MeetingSettings:
    """The rules of a forum that has not set its own (filled in: a model's defaults apply only
    on insert)."""
    columns = MeetingSettings.__table__.columns
    return MeetingSettings(forum_id=forum_id, **{
        column.key: column.default.arg for column in columns if column.default is not None})


def settings_of(forum) -> MeetingSettings:
    """The forum's rules, or the defaults."""
    found = db.session.get(MeetingSettings, forum.id)
    return found if found is not None else default_settings(forum.id)


@cache
def _meeting_page(fact_names: tuple[str, ...]):
    """The statement, built once for the facts registered (every session page runs it)."""
    return (select(Meeting, *slots.fact_columns(Meeting, slots.MEETING_FACTS))
            .where(Meeting.id == bindparam("meeting_id"))
            .options(joinedload(Meeting.agenda), FORUM_READ))


def visible_to(query: Select, role: Role) -> Select:
    return query if role >= Role.MEMBER else query.where(Meeting.visibility == Visibility.PUBLIC)


def get_meeting(forum, meeting_id: int, role: Role, *, with_agenda: bool = False) -> Meeting:
    """The session, if this reader may see it: 404 otherwise, sign-in first for anonymous;
    `with_agenda` brings its agenda and the facts other areas registered for its page
    (`slots.add_meeting_fact`) in the same query."""
    if with_agenda:
        rows = db.session.execute(_meeting_page(tuple(slots.MEETING_FACTS)),
                                  {"meeting_id": meeting_id}).unique().all()
        meeting = rows[0][0] if rows else None
        if meeting is not None:
            slots.attach_facts(meeting, rows[0][1:], slots.MEETING_FACTS)
    else:
        meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.forum_id != forum.id:
        abort(404)
    if not meeting.is_public and role < Role.MEMBER:
        if role == Role.ANONYMOUS:
            require_signed_in()
        abort(404)
    return meeting


def forum_meetings(forum, role: Role, *, past: bool) -> Select:
    now = utcnow()
    query = visible_to(select(Meeting).where(Meeting.forum_id == forum.id).options(FORUM_READ),
                       role)
    if past:
        return query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc())
    return query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at)


def all_meetings(user, *, past: bool) -> Select:
    """Sessions across forums: public ones, and members-only ones of the reader's forums."""
    now = utcnow()
    query = select(Meeting)
    if not getattr(user, "is_authenticated", False):
        query = query.where(Meeting.visibility == Visibility.PUBLIC)
    elif not user.is_admin:
        mine = select(Membership.forum_id).where(Membership.user_id == user.id)
        query = query.where((Meeting.visibility == Visibility.PUBLIC)
                            | Meeting.forum_id.in_(mine))
    if past:
        return query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc())
    return query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at)


def next_meeting(forum, role: Role) -> Meeting | None:
    query = forum_meetings(forum, role, past=False).where(
        Meeting.status.in_([Status.SCHEDULED, Status.POSTPONED]))
    return db.session.scalar(query.limit(1))


def schedule(forum, *, starts_at, ends_at, **details) -> Meeting:
    check_times(starts_at, ends_at, new=True)
    meeting = Meeting(forum_id=forum.id, starts_at=starts_at, ends_at=ends_at, **details)
    db.session.add(meeting)
    db.session.flush()
    audit.record("meeting.schedule", target=meeting, forum=forum,
                 changes=audit.snapshot(meeting, ("title", "starts_at", "ends_at",
                                                  "place_name", "visibility")))
    db.session.commit()
    return meeting


def update(meeting: Meeting, *, starts_at, ends_at, **details) -> None:
    """Change a session; a new time is a move, and those who said they would come are told."""
    moved = starts_at != meeting.starts_at or ends_at != meeting.ends_at
    if moved:
        _check_move(meeting, states.Move.MOVE, "day")
        check_times(starts_at, ends_at, new=True)
        meeting.previous_starts_at = meeting.starts_at
        meeting.status = Status.POSTPONED
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    for name, value in details.items():
        setattr(meeting, name, value)
    changes = audit.changes_of(meeting)
    if not changes:
        return
    meeting.sequence += 1
    audit.record("meeting.move" if moved else "meeting.update", target=meeting,
                 forum=meeting.forum, changes=changes)
    if moved:
        notices.tell_those_coming(meeting, "email/meeting_moved.txt", _l("A session has moved"))
    db.session.commit()


def cancel(meeting: Meeting, reason: str) -> None:
    _check_move(meeting, states.Move.CANCEL, "reason")
    before = meeting.status
    meeting.status = Status.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    audit.record("meeting.cancel", target=meeting, forum=meeting.forum,
                 changes={"status": [before, "cancelled"], "cancel_reason": [None, reason]})
    notices.tell_those_coming(meeting, "email/meeting_cancelled.txt",
                              _l("A session is cancelled"))
    db.session.commit()


def save_settings(forum, quorum_kind: str, quorum_value: int, reminder_hour: int) -> None:
    settings = db.session.get(MeetingSettings, forum.id)
    if settings is None:
        settings = MeetingSettings(forum_id=forum.id)
        db.session.add(settings)
    settings.quorum_kind, settings.quorum_value = quorum_kind, quorum_value
    settings.reminder_hour = reminder_hour
    changes = audit.changes_of(settings)
    if changes:
        audit.record("meeting.settings", forum=forum, changes=changes)
    db.session.commit()


def erase_person(user) -> None:
    """Answers (with their notes), reminders and the calendar address go; the attendance record
    stays, without the name."""
    from sqlalchemy import delete, update

    from forum.meetings.models import Attendance, CalendarFeed, Reminder

    db.session.execute(delete(Rsvp).where(Rsvp.user_id == user.id))
    db.session.execute(delete(Reminder).where(Reminder.user_id == user.id))
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.execute(update(Attendance).where(Attendance.user_id == user.id)
                       .values(name_public=False, organisation=""))


def personal_data(user) -> tuple[str, list]:
    rows = db.session.scalars(select(Rsvp).where(Rsvp.user_id == user.id)).all()
    return "session_answers", [{"session": r.meeting_id, "answer": r.answer, "note": r.note}
                               for r in rows]


def calendar_token(user) -> str:
    """The person's private calendar token, made on first use."""
    import secrets

    from forum.meetings.models import CalendarFeed

    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(32))
        db.session.add(feed)
        db.session.commit()
    return feed.token


def reset_calendar_token(user) -> str:
    """Replace the token: the old address stops working at once."""
    import secrets

    from forum.meetings.models import CalendarFeed

    feed = db.session.get(CalendarFeed, user.id) or CalendarFeed(user_id=user.id)
    feed.token = secrets.token_urlsafe(32)
    db.session.add(feed)
    db.session.commit()
    return feed.token


def feed_owner(token: str):
    from forum.accounts.models import User
    from forum.meetings.models import CalendarFeed

    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None:
        abort(404)
    user = db.session.get(User, feed.user_id)
    if user is None or not user.is_active:
        abort(404)
    return user


def followed_meetings(user, since) -> list[Meeting]:
    """A person's sessions: every session of their forums, and those they said they attend."""
    mine = select(Membership.forum_id).where(Membership.user_id == user.id)
    coming = select(Rsvp.meeting_id).where(Rsvp.user_id == user.id, Rsvp.answer == "yes")
    return list(db.session.scalars(
        select(Meeting).where(Meeting.forum_id.in_(mine) | Meeting.id.in_(coming),
                              Meeting.ends_at >= since).order_by(Meeting.starts_at)))


def feed_meetings(forum, since) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.forum_id == forum.id, Meeting.ends_at >= since,
                              Meeting.visibility == Visibility.PUBLIC)
        .order_by(Meeting.starts_at)))
