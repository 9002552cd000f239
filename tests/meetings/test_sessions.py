"""Scheduling, changing, moving and cancelling sessions; who sees which; the lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.core.timezones import local_now
from forum.extensions import db
from forum.meetings.models import Meeting, Rsvp
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import create_meeting
from tests.helpers import outbox, text_of


@pytest.fixture
def forum_setup(app):
    with app.app_context():
        forum = create_forum(slug="f", languages=["en", "sq"])
        secretariat = create_user(email="sec@example.org")
        add_member(forum, secretariat, role="secretariat")
        member = create_user(email="member@example.org", language="sq")
        add_member(forum, member)
        return forum, secretariat, member


def _form(day=None, start="17:00", end="19:00", **extra):
    return {"title": "Budget 2027", "language": "en", "description": "",
            "day": day or _future_day(), "start": start, "end": end, "kind": "in_person",
            "place_name": "Town hall",
            "address": "Main street 1", "accessibility": ["step_free", "romani_interpretation"],
            "accessibility_notes": "", "online_url": "", "visibility": "public", **extra}


def _future_day(days=10) -> str:
    return (local_now("Europe/Skopje").date() + timedelta(days=days)).isoformat()


def test_secretariat_schedules_a_session_in_the_forum_time_zone(app, client, forum_setup):
    _forum, secretariat, _member = forum_setup
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/f/meetings/new", data=_form(_future_day()))
    assert response.status_code == 302 and "/agenda" in response.headers["Location"]
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        local = meeting.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Skopje"))
        assert (local.hour, local.minute) == (17, 0)
        assert meeting.accessibility == ["step_free", "romani_interpretation"]
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "Budget 2027" in page and "Romani interpretation" in page and "Step-free access" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"start": "19:00", "end": "17:00"}, "The session must end after it starts."),
    ({"day": "2020-01-01"}, "This time is in the past."),
    ({"kind": "online", "place_name": ""}, "Give the link people use to join online."),
    ({"kind": "hybrid", "online_url": "javascript:alert(1)"}, "starting with https://"),
    ({"kind": "in_person", "place_name": ""}, "Say where the session takes place."),
    ({"day": "not a date"}, "Not a valid date value."),
    ({"title": ""}, "Fill in this field."),
    ({"title": "x" * 201}, "Use at most 200 characters."),
])
def test_bad_session_input_is_refused_and_kept(app, client, forum_setup, changes, message):
    _forum, secretariat, _member = forum_setup
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/f/meetings/new", data=_form(**changes))
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert 'value="Town hall"' in page or changes.get("place_name") == ""
    with app.app_context():
        assert db.session.scalar(select(Meeting)) is None


def test_moving_a_session_tells_those_coming_and_bumps_the_sequence(app, client, forum_setup):
    forum, secretariat, member = forum_setup
    with app.app_context():
        meeting = create_meeting(forum, title="Roma housing")
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=member.id, answer="yes"))
        db.session.commit()
    sign_in_as(client, secretariat)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/edit",
                           data=_form(_future_day(20), title="Roma housing"))
    assert response.status_code == 302
    with app.app_context():
        moved = db.session.get(Meeting, meeting.id)
        assert (moved.status, moved.sequence) == ("postponed", 1)
        assert moved.previous_starts_at == meeting.starts_at
    [message] = outbox(app, "member@example.org")
    assert message.language == "sq" and "Roma housing" in message.body
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "This session has moved" in page


def test_cancelling_needs_a_reason_tells_those_coming_and_stays_visible(app, client,
                                                                       forum_setup):
    forum, secretariat, member = forum_setup
    with app.app_context():
        meeting = create_meeting(forum)
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=member.id, answer="yes"))
        db.session.commit()
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/meetings/{meeting.id}/cancel"
    assert client.post(url, data={"reason": "", "language": "en"}).status_code == 400
    assert client.post(url, data={"reason": "The hall is flooded.",
                                  "language": "en"}).status_code == 302
    assert "The hall is flooded." in outbox(app, "member@example.org")[0].body
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "This session is cancelled." in page and "The hall is flooded." in page
    again = client.post(url, data={"reason": "Twice", "language": "en"})
    assert again.status_code == 409 and "already cancelled" in text_of(again)


def test_members_only_sessions_are_hidden_from_the_public(app, client, forum_setup):
    forum, _secretariat, member = forum_setup
    with app.app_context():
        create_meeting(forum, title="Open session")
        hidden = create_meeting(forum, title="Closed session", visibility="members")
        resident = create_user()
    assert "Closed session" not in text_of(client.get("/en/forums/f/meetings/"))
    assert "Closed session" not in text_of(client.get("/en/meetings/"))
    sign_in_as(client, resident)
    assert client.get(f"/en/forums/f/meetings/{hidden.id}").status_code == 404
    assert "Closed session" not in text_of(client.get("/en/meetings/"))
    sign_in_as(client, member)
    assert "Closed session" in text_of(client.get("/en/forums/f/meetings/"))
    assert "Closed session" in text_of(client.get("/en/meetings/"))


def test_upcoming_and_past_lists_and_the_next_session_on_the_forum_page(app, client,
                                                                       forum_setup):
    forum, _secretariat, _member = forum_setup
    with app.app_context():
        create_meeting(forum, title="Long ago", days_ahead=-30)
        create_meeting(forum, title="Soon", days_ahead=3)
        create_meeting(forum, title="Later", days_ahead=30)
    upcoming = text_of(client.get("/en/forums/f/meetings/"))
    assert upcoming.index("Soon") < upcoming.index("Later") and "Long ago" not in upcoming
    assert "Long ago" in text_of(client.get("/en/forums/f/meetings/?when=past"))
    home = text_of(client.get("/en/forums/f/"))
    assert "Next session" in home and "Soon" in home and "Later" not in home


def test_lists_are_paginated(app, client, forum_setup):
    forum, _secretariat, _member = forum_setup
    with app.app_context():
        for number in range(25):
            create_meeting(forum, title=f"Session {number:02d}", days_ahead=number + 1)
    first = text_of(client.get("/en/forums/f/meetings/"))
    assert "Session 00" in first and "Session 24" not in first
    assert "Session 24" in text_of(client.get("/en/forums/f/meetings/?page=2"))


def test_script_in_a_title_is_shown_as_text(app, client, forum_setup):
    forum, _secretariat, _member = forum_setup
    with app.app_context():
        meeting = create_meeting(forum, title="<script>alert(1)</script>",
                                 description="<img src=x onerror=alert(1)>")
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "onerror" not in page


def test_session_list_queries_do_not_grow_with_sessions(app, client, forum_setup):
    from tests.helpers import count_queries

    forum, _secretariat, _member = forum_setup
    with app.app_context():
        create_meeting(forum, days_ahead=2)
    with count_queries(app) as few:
        client.get("/en/forums/f/meetings/")
    with app.app_context():
        for days in range(3, 18):
            create_meeting(forum, days_ahead=days)
    with count_queries(app) as many:
        client.get("/en/forums/f/meetings/")
    assert many["n"] == few["n"]


def test_a_past_session_cannot_be_moved_into_the_past(app, client, forum_setup):
    forum, secretariat, _member = forum_setup
    with app.app_context():
        meeting = create_meeting(forum)
    sign_in_as(client, secretariat)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/edit", data=_form("2021-05-05"))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).starts_at == meeting.starts_at
    assert datetime.now(UTC) < meeting.starts_at
