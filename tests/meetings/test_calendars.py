"""iCalendar files: they parse, pass a strict RFC 5545 reader, and follow changes properly."""

from __future__ import annotations

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from sqlalchemy import select

from forum.extensions import db
from forum.meetings.models import CalendarFeed
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import add_item, create_meeting


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
        member = create_user()
        add_member(forum, member)
        meeting = create_meeting(forum, title="Kindergartens", place_name="Town hall",
                                 address="Main street 1")
        add_item(meeting, "Enrolment of Roma children", 40)
        hidden = create_meeting(forum, title="Secretariat meeting", visibility="members")
        return forum, secretariat, member, meeting, hidden


def _events(response) -> list:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    IcsCalendarStream.calendar_from_ics(response.get_data(as_text=True))  # strict RFC 5545
    return Calendar.from_ical(response.data).walk("VEVENT")


def test_a_session_calendar_has_timezone_uid_sequence_alarm_and_agenda(client, setting):
    _forum, _secretariat, _member, meeting, _hidden = setting
    response = client.get(f"/en/forums/f/meetings/{meeting.id}.ics")
    [event] = _events(response)
    calendar = Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Skopje"]
    assert event["DTSTART"].params["TZID"] == "Europe/Skopje"
    assert str(event["UID"]) == f"{meeting.uid}@forum"
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert "Enrolment of Roma children" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Town hall, Main street 1"
    assert event.walk("VALARM")


def test_changes_keep_the_uid_bump_the_sequence_and_cancelling_is_reflected(app, client,
                                                                         setting):
    _forum, secretariat, _member, meeting, _hidden = setting
    sign_in_as(client, secretariat)
    client.post(f"/en/forums/f/meetings/{meeting.id}/agenda",
                data={"title": "Any other business", "language": "en", "duration_minutes": 10,
                      "presenter_id": 0})
    client.post(f"/en/forums/f/meetings/{meeting.id}/cancel",
                data={"reason": "No hall", "language": "en"})
    [event] = _events(client.get(f"/en/forums/f/meetings/{meeting.id}.ics"))
    assert str(event["UID"]) == f"{meeting.uid}@forum"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"
    assert "No hall" in str(event["DESCRIPTION"]) and not event.walk("VALARM")


def test_the_forum_feed_has_only_public_sessions(client, setting):
    _forum, _secretariat, _member, _meeting, _hidden = setting
    events = _events(client.get("/en/forums/f/meetings.ics"))
    assert [str(e["SUMMARY"]) for e in events] == ["Kindergartens"]


def test_the_personal_feed_has_members_only_sessions_and_its_token_can_be_reset(app, client,
                                                                               setting):
    _forum, _secretariat, member, _meeting, _hidden = setting
    sign_in_as(client, member)
    assert client.get("/en/meetings/calendar").status_code == 200
    with app.app_context():
        token = db.session.scalar(select(CalendarFeed.token))
    anonymous = app.test_client()
    summaries = {str(e["SUMMARY"]) for e in _events(anonymous.get(
        f"/en/meetings/calendar/{token}.ics"))}
    assert summaries == {"Kindergartens", "Secretariat meeting"}
    client.post("/en/meetings/calendar/reset")
    assert anonymous.get(f"/en/meetings/calendar/{token}.ics").status_code == 404
    assert anonymous.get("/en/meetings/calendar/made-up-token.ics").status_code == 404


def test_a_members_only_session_file_is_not_for_outsiders(app, client, setting):
    _forum, _secretariat, _member, _meeting, hidden = setting
    with app.app_context():
        outsider = create_user()
    assert client.get(f"/en/forums/f/meetings/{hidden.id}.ics").status_code == 302
    sign_in_as(client, outsider)
    assert client.get(f"/en/forums/f/meetings/{hidden.id}.ics").status_code == 404


def test_calendar_text_follows_the_address_language(app, client, setting):
    forum, _secretariat, _member, _meeting, _hidden = setting
    with app.app_context():
        meeting = create_meeting(forum, title="Session", language="en")
        meeting.set_translation("sq", title="Seanca")
        db.session.commit()
    [event] = _events(client.get(f"/sq/forums/f/meetings/{meeting.id}.ics"))
    assert str(event["SUMMARY"]) == "Seanca"
