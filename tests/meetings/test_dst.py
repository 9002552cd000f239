"""Sessions across daylight-saving changes in Europe/Skopje (last Sundays of March, October)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from forum.core.timezones import NonexistentLocalTime, local_day_bounds, to_utc
from forum.meetings import calendars
from tests.fixtures.forums import create_forum
from tests.fixtures.meetings import create_meeting

SPRING, AUTUMN = date(2027, 3, 28), date(2027, 10, 31)  # last Sundays of March and October


def test_local_times_on_change_days_map_to_the_right_utc():
    assert to_utc(SPRING, time(10, 0), "Europe/Skopje") == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert to_utc(SPRING, time(1, 30), "Europe/Skopje") == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert to_utc(AUTUMN, time(10, 0), "Europe/Skopje") == datetime(2027, 10, 31, 9, 0,
                                                                    tzinfo=UTC)


def test_the_skipped_hour_is_refused_and_the_repeated_hour_means_the_first():
    with pytest.raises(NonexistentLocalTime):
        to_utc(SPRING, time(2, 30), "Europe/Skopje")
    assert to_utc(AUTUMN, time(2, 30), "Europe/Skopje") == datetime(2027, 10, 31, 0, 30,
                                                                   tzinfo=UTC)


def test_change_days_are_23_and_25_hours_long():
    start, end = local_day_bounds(SPRING, "Europe/Skopje")
    assert (end - start).total_seconds() == 23 * 3600
    start, end = local_day_bounds(AUTUMN, "Europe/Skopje")
    assert (end - start).total_seconds() == 25 * 3600


def test_a_session_on_a_change_day_keeps_its_wall_clock_time_in_the_calendar(app):
    with app.test_request_context():
        forum = create_forum(slug="s")
        meeting = create_meeting(forum, day=AUTUMN, start=time(10, 0), end=time(12, 0))
        event = Calendar.from_ical(calendars.calendar_of([meeting], "x")).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Skopje"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 10, 31, 10, 0)
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 10, 31, 9, 0, tzinfo=UTC)


def test_the_form_explains_a_time_that_does_not_exist(app, client):
    from tests.fixtures.accounts import create_user, sign_in_as
    from tests.fixtures.forums import add_member

    with app.app_context():
        forum = create_forum(slug="s")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/s/meetings/new", data={
        "title": "Night", "language": "en", "day": SPRING.isoformat(), "start": "02:30",
        "end": "04:00", "kind": "in_person", "place_name": "Hall", "visibility": "public"})
    assert response.status_code == 400
    assert "this time does not exist on that day" in response.get_data(as_text=True)
