"""Session reminders: e-mail each session's members and those who said they would come, the day
before, at the forum's reminder hour, in each person's language. The worker runs this every ten
minutes (`tasks.py`); `flask send-reminders` does it by hand.

Each (session, person, start time) is recorded before its e-mail is queued, in one transaction
per session, so running the command twice sends nothing twice; a session moved to a new date
is reminded again for the new date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import User
from forum.core.db import utcnow
from forum.core.timezones import to_local
from forum.extensions import db
from forum.forums.models import Membership
from forum.meetings import notices
from forum.meetings.models import Answer, Meeting, Reminder, Rsvp, Status, Visibility
from forum.meetings.services import settings_of

SUBJECT = _l("Reminder: a forum session tomorrow")


def due(meeting: Meeting, now: datetime) -> bool:
    """From the reminder hour of the day before (forum time) until the session starts."""
    zone = meeting.forum.timezone
    start_local = to_local(meeting.starts_at, zone)
    hour = settings_of(meeting.forum).reminder_hour
    send_from = (start_local - timedelta(days=1)).replace(hour=hour, minute=0, second=0,
                                                          microsecond=0)
    return send_from <= to_local(now, zone) < start_local


def recipients(meeting: Meeting) -> list[User]:
    coming = select(Rsvp.user_id).where(Rsvp.meeting_id == meeting.id, Rsvp.answer == Answer.YES)
    members = select(Membership.user_id).where(Membership.forum_id == meeting.forum_id)
    declined = select(Rsvp.user_id).where(Rsvp.meeting_id == meeting.id, Rsvp.answer == Answer.NO)
    wanted = User.id.in_(coming) | (User.id.in_(members) & User.id.not_in(declined))
    if meeting.visibility == Visibility.MEMBERS:
        wanted = User.id.in_(members) & User.id.not_in(declined)
    return list(db.session.scalars(select(User).where(wanted, User.deleted_at.is_(None))))


def remind(now: datetime | None = None) -> int:
    now = now or utcnow()
    candidates = db.session.scalars(select(Meeting).where(
        Meeting.status.in_([Status.SCHEDULED, Status.POSTPONED]),
        Meeting.starts_at > now, Meeting.starts_at <= now + timedelta(days=2))).all()
    sent = 0
    for meeting in candidates:
        if due(meeting, now):
            sent += _remind_about(meeting)
    return sent


def _remind_about(meeting: Meeting) -> int:
    done = set(db.session.scalars(select(Reminder.user_id).where(
        Reminder.meeting_id == meeting.id, Reminder.starts_at == meeting.starts_at)))
    new = [user for user in recipients(meeting) if user.id not in done]
    for user in new:
        db.session.add(Reminder(meeting_id=meeting.id, user_id=user.id,
                                starts_at=meeting.starts_at))
        notices.send(user, meeting, "email/meeting_reminder.txt", SUBJECT)
    try:
        db.session.commit()
    except IntegrityError:  # a run at the same moment got there first, and sends these
        db.session.rollback()
        return 0
    return len(new)


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """E-mail tomorrow's session reminders that are due and not yet sent (the worker does it)."""
    from forum.core.mail import MailServerUnavailable, deliver_pending

    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        count = remind()
        try:
            deliver_pending(limit=10_000)
        except MailServerUnavailable as error:
            click.echo(f"The mail server is unavailable ({error}); the reminders wait.")
    click.echo(f"{count} reminder(s) sent.")
