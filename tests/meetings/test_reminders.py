"""Reminders the day before: to the right people, in their language, and never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from forum.extensions import db
from forum.meetings.models import Meeting, MeetingSettings, Rsvp
from forum.meetings.reminders import due, remind
from tests.fixtures.accounts import create_user
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import add_item, create_meeting
from tests.helpers import outbox

DAY = date(2027, 3, 28)  # a Sunday when the clocks go forward in Europe/Skopje


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", timezone="Europe/Skopje")
        db.session.add(MeetingSettings(forum_id=forum.id, reminder_hour=10))
        people = {key: create_user(email=f"{key}@example.org", language=lang)
                  for key, lang in (("member", "mk"), ("declined", "sq"), ("resident", "rom"),
                                    ("stranger", "en"))}
        add_member(forum, people["member"])
        add_member(forum, people["declined"])
        meeting = create_meeting(forum, day=DAY, start=time(17, 0), end=time(19, 0),
                                 title="Седница", language="mk")
        add_item(meeting, "Kindergartens")
        db.session.add_all([
            Rsvp(meeting_id=meeting.id, user_id=people["declined"].id, answer="no"),
            Rsvp(meeting_id=meeting.id, user_id=people["resident"].id, answer="yes")])
        db.session.commit()
        return forum, people, meeting


def _at(hour: int, minute: int = 0, day: date = DAY - timedelta(days=1)) -> datetime:
    """A Skopje wall-clock time on the day before (CET, UTC+1, that Saturday)."""
    return datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=UTC)


def test_reminders_are_due_from_the_reminder_hour_the_day_before(app, setting):
    _forum, _people, meeting = setting
    with app.app_context():
        meeting = db.session.get(Meeting, meeting.id)
        assert not due(meeting, _at(9, 59))
        assert due(meeting, _at(10, 0))
        assert due(meeting, _at(23, 0))
        assert not due(meeting, meeting.starts_at)


def test_members_and_those_coming_are_reminded_once_in_their_language(app, setting):
    _forum, _people, _meeting = setting
    with app.test_request_context():
        assert remind(_at(8)) == 0
        assert remind(_at(11)) == 2
        assert remind(_at(12)) == 0  # a second run sends nothing
    recipients = {m.recipient: m for m in outbox(app)}
    assert set(recipients) == {"member@example.org", "resident@example.org"}
    assert recipients["member@example.org"].language == "mk"
    assert "Kindergartens" in recipients["member@example.org"].body
    assert "Седница" in recipients["resident@example.org"].body


def test_a_moved_session_is_reminded_again_and_a_cancelled_one_not(app, setting):
    _forum, _people, meeting = setting
    with app.test_request_context():
        assert remind(_at(11)) == 2
        moved = db.session.get(Meeting, meeting.id)
        moved.starts_at += timedelta(days=1)
        moved.ends_at += timedelta(days=1)
        db.session.commit()
        assert remind(_at(11, day=DAY)) == 2
        moved.status = "cancelled"
        moved.starts_at += timedelta(days=1)
        moved.ends_at += timedelta(days=1)
        db.session.commit()
        assert remind(_at(11, day=DAY + timedelta(days=1))) == 0


def test_the_command_reports_what_it_sent(app, setting, monkeypatch):
    import forum.meetings.reminders as reminders

    monkeypatch.setattr(reminders, "utcnow", lambda: _at(11))
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0 and "2 reminder(s) sent." in result.output
    again = app.test_cli_runner().invoke(args=["send-reminders"])
    assert "0 reminder(s) sent." in again.output


def test_a_forum_that_never_saved_its_session_rules_is_reminded_at_the_default_hour(app, setting):
    _forum, _people, meeting = setting
    with app.app_context():
        db.session.execute(db.delete(MeetingSettings))
        db.session.commit()
        meeting = db.session.get(Meeting, meeting.id)
        assert not due(meeting, _at(9, 59)) and due(meeting, _at(10, 0))
    with app.test_request_context():
        assert remind(_at(11)) == 2
