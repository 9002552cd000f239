"""The worker's reminder job: it queues the reminders that are due and delivers them, once."""

from __future__ import annotations

from datetime import timedelta

from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings.models import MeetingSettings
from forum.meetings.tasks import send_reminders
from tests.fixtures.accounts import create_user
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import create_meeting
from tests.helpers import outbox


def test_the_periodic_job_reminds_members_once_and_delivers_the_mail(app):
    with app.app_context():
        forum = create_forum(slug="f")
        db.session.add(MeetingSettings(forum_id=forum.id, reminder_hour=0))
        add_member(forum, create_user(email="member@example.org", language="sq"))
        meeting = create_meeting(forum)
        meeting.starts_at = utcnow() + timedelta(hours=2)
        meeting.ends_at = meeting.starts_at + timedelta(hours=1)
        db.session.commit()
        send_reminders()
        send_reminders()  # the next run, ten minutes later
    [message] = outbox(app)
    assert message.recipient == "member@example.org" and message.sent_at is not None
    assert message.language == "sq"
