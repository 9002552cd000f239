"""A session's states and moves: held only once it has begun, every move allowed or refused
with its reason, on the right field, with nothing changed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.core.db import utcnow
from forum.core.timezones import local_now
from forum.extensions import db
from forum.meetings import states
from forum.meetings.models import AgendaItem, Attendance, Meeting, Rsvp, Status
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import create_meeting
from tests.helpers import text_of

BEFORE, DURING, AFTER = "before", "during", "after"
M = states.Move


@pytest.fixture
def setup(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user(email="sec@example.org", display_name="Sec")
        add_member(forum, secretariat, role="secretariat")
        member = create_user(email="member@example.org", display_name="Mira")
        add_member(forum, member)
        return forum, secretariat, member


def _session(app, forum, *, when=BEFORE, status=Status.SCHEDULED, **fields) -> Meeting:
    with app.app_context():
        meeting = create_meeting(forum, status=status, **fields)
        shift = {BEFORE: timedelta(days=3), DURING: timedelta(hours=-1),
                 AFTER: timedelta(days=-3)}[when]
        meeting.starts_at = utcnow().replace(microsecond=0) + shift
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        db.session.commit()
        return meeting


# (state, time) → the moves allowed; every other move is refused with a reason.
EXPECTED = {
    (Status.SCHEDULED, BEFORE): {M.MOVE, M.CANCEL, M.ANSWER, M.AGENDA},
    (Status.SCHEDULED, DURING): {M.MOVE, M.CANCEL, M.HOLD, M.ANSWER, M.AGENDA},
    (Status.SCHEDULED, AFTER): {M.MOVE, M.CANCEL, M.HOLD, M.AGENDA},
    (Status.POSTPONED, BEFORE): {M.MOVE, M.CANCEL, M.ANSWER, M.AGENDA},
    (Status.POSTPONED, DURING): {M.MOVE, M.CANCEL, M.HOLD, M.ANSWER, M.AGENDA},
    (Status.POSTPONED, AFTER): {M.MOVE, M.CANCEL, M.HOLD, M.AGENDA},
    (Status.HELD, DURING): {M.HOLD},
    (Status.HELD, AFTER): {M.HOLD},
    (Status.CANCELLED, BEFORE): set(),
    (Status.CANCELLED, AFTER): set(),
}


@pytest.mark.parametrize(("status", "when"), list(EXPECTED))
def test_every_move_is_allowed_or_refused_with_a_reason(app, setup, status, when):
    forum = setup[0]
    meeting = _session(app, forum, when=when, status=status)
    with app.test_request_context("/en/"):
        meeting = db.session.get(Meeting, meeting.id)
        assert states.moves_now(meeting) == EXPECTED[(status, when)]
        for move in set(M) - EXPECTED[(status, when)]:
            reason = states.why_not(meeting, move)
            assert reason and len(reason) > 20, (move, reason)


def test_attendance_of_a_session_still_to_come_is_refused_and_nothing_is_held(
        app, client, setup):
    forum, secretariat, member = setup
    meeting = _session(app, forum, when=BEFORE)
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/meetings/{meeting.id}/attendance"
    page = text_of(client.get(url))
    assert "The session has not started yet. You can record attendance once it starts" in page
    assert "Save attendance" not in page  # no form to fill in before it starts
    response = client.post(url, data={f"presence_{member.id}": "present",
                                      f"presence_{secretariat.id}": "present",
                                      "guest_count": 0, "guest_names": ""})
    assert response.status_code == 409
    assert "has not started yet" in text_of(response)
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).status == Status.SCHEDULED
        assert db.session.scalar(select(func.count(Attendance.id))) == 0
    show = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert ">Record attendance<" not in show
    listing = text_of(client.get("/en/forums/f/meetings/"))
    assert "Held" not in listing
    sign_in_as(client, member)
    assert "Will you come?" in text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))


def test_attendance_once_the_session_has_begun_marks_it_held(app, client, setup):
    forum, secretariat, member = setup
    meeting = _session(app, forum, when=DURING)
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/meetings/{meeting.id}/attendance"
    assert "Save attendance" in text_of(client.get(url))
    response = client.post(url, data={f"presence_{member.id}": "present",
                                      f"presence_{secretariat.id}": "present",
                                      "guest_count": 0, "guest_names": ""})
    assert response.status_code == 302
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "The session took place. Next, the secretariat writes the minutes." in page
    assert ">Cancel the session<" not in page and ">Move to a new date<" not in page


def test_the_session_page_says_where_it_stands_and_offers_only_moves_allowed_now(
        app, client, setup):
    forum, secretariat, _member = setup
    meeting = _session(app, forum, when=BEFORE)
    sign_in_as(client, secretariat)
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "Where this session stands" in page and "Scheduled" in page
    assert "The session takes place on" in page
    assert ">Cancel the session<" in page and ">Move to a new date<" in page
    assert ">Record attendance<" not in page
    assert not re.search(r"\d\d:\d\d:\d\d", page)  # no seconds in times
    cancelled = _session(app, forum, when=BEFORE, status=Status.CANCELLED)
    page = text_of(client.get(f"/en/forums/f/meetings/{cancelled.id}"))
    assert "Nothing more happens" in page
    assert ">Cancel the session<" not in page and ">Record attendance<" not in page


@pytest.mark.parametrize("status", [Status.HELD, Status.CANCELLED])
def test_a_held_or_cancelled_session_cannot_be_cancelled_again(app, client, setup, status):
    forum, secretariat, _member = setup
    meeting = _session(app, forum, when=AFTER, status=status)
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/meetings/{meeting.id}/cancel"
    question = text_of(client.get(url))
    assert "Why the session is cancelled" not in question
    assert "Keep the session" not in question  # there is nothing to keep: only the way back
    response = client.post(url, data={"reason": "Too late", "language": "en"})
    assert response.status_code == 409
    assert ("is held: it cannot be cancelled" in text_of(response)
            or "already cancelled" in text_of(response))
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).status == status
        assert db.session.get(Meeting, meeting.id).cancel_reason == ""


def _form(day: str, start="17:00", end="19:00", **extra) -> dict:
    return {"title": "Session", "language": "en", "description": "", "day": day,
            "start": start, "end": end, "kind": "in_person", "place_name": "Town hall",
            "address": "", "accessibility_notes": "", "online_url": "", "visibility": "public",
            **extra}


def _day(days: int) -> str:
    return (local_now("Europe/Skopje").date() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize("status", [Status.HELD, Status.CANCELLED])
def test_a_held_or_cancelled_session_cannot_be_moved(app, client, setup, status):
    forum, secretariat, _member = setup
    meeting = _session(app, forum, when=AFTER, status=status)
    sign_in_as(client, secretariat)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/edit", data=_form(_day(20)))
    assert response.status_code == 400
    page = text_of(response)
    assert 'id="day-error"' in page and "it cannot be moved" in page
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).starts_at == meeting.starts_at


@pytest.mark.parametrize("status", [Status.HELD, Status.CANCELLED])
def test_the_agenda_of_a_held_or_cancelled_session_is_read_only(app, client, setup, status):
    forum, secretariat, _member = setup
    meeting = _session(app, forum, when=AFTER, status=status)
    with app.app_context():
        item = AgendaItem(meeting_id=meeting.id, position=1, title="Roads",
                          language="en", duration_minutes=20)
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    sign_in_as(client, secretariat)
    base = f"/en/forums/f/meetings/{meeting.id}/agenda"

    page = client.get(base)
    assert page.status_code == 200
    assert "cannot be changed" in text_of(page) and "Add an item" not in text_of(page)
    attempts = [client.post(base, data={"title": "New", "language": "en",
                                        "duration_minutes": "10"}),
                client.post(f"{base}/{item_id}/move", data={"direction": "down"}),
                client.post(f"{base}/{item_id}/remove", data={"confirm": "yes"}),
                client.post(f"{base}/{item_id}", data={"title": "Changed", "language": "en",
                                                       "duration_minutes": "5"})]
    assert [response.status_code for response in attempts] == [409] * 4
    with app.app_context():
        items = db.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id)).all()
        assert [(i.title, i.duration_minutes) for i in items] == [("Roads", 20)]


def test_moving_into_the_past_is_reported_on_the_date(app, client, setup):
    forum, secretariat, _member = setup
    meeting = _session(app, forum, when=BEFORE)
    sign_in_as(client, secretariat)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/edit", data=_form(_day(-2)))
    page = text_of(response)
    assert response.status_code == 400
    error = page.split('id="day-error"')[1].split("</p>")[0]
    assert "This time is in the past." in error
    assert 'id="end-error"' not in page
    assert 'href="#day"' in page  # summarised at the top, pointing at the date


def test_a_new_session_starting_earlier_today_is_reported_on_the_start(app, client, setup):
    sign_in_as(client, setup[1])
    now = local_now("Europe/Skopje")
    if now.hour < 1:
        pytest.skip("needs an hour earlier today")
    earlier = f"{now.hour - 1:02d}:00"
    response = client.post("/en/forums/f/meetings/new",
                           data=_form(now.date().isoformat(), start=earlier, end="23:59"))
    page = text_of(response)
    assert response.status_code == 400
    assert "This time is in the past." in page.split('id="start-error"')[1].split("</p>")[0]
    assert 'id="end-error"' not in page


def test_only_the_secretariat_moves_a_session(app, client, setup):
    forum, _secretariat, member = setup
    meeting = _session(app, forum, when=DURING)
    sign_in_as(client, member)
    assert client.post(f"/en/forums/f/meetings/{meeting.id}/cancel",
                       data={"reason": "No", "language": "en"}).status_code == 403
    assert client.post(f"/en/forums/f/meetings/{meeting.id}/attendance",
                       data={"guest_count": 0}).status_code == 403
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).status == Status.SCHEDULED


def test_answers_close_when_the_session_is_over(app, client, setup):
    forum, _secretariat, member = setup
    meeting = _session(app, forum, when=AFTER)
    sign_in_as(client, member)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/answer",
                           data={"answer": "yes", "note": ""})
    assert response.status_code == 302
    assert "answers are closed" in text_of(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Rsvp.id))) == 0


def test_a_title_with_a_line_break_is_refused(app, client, setup):
    sign_in_as(client, setup[1])
    response = client.post("/en/forums/f/meetings/new",
                           data=_form(_day(10), title="Budget\r\nDTSTART:20200101"))
    page = text_of(response)
    assert response.status_code == 400
    assert "Write this on one line." in page.split('id="title-error"')[1]
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_the_zone_is_named_as_people_say_it(app, client, setup):
    sign_in_as(client, setup[1])
    page = text_of(client.get("/en/forums/f/meetings/new"))
    assert "North Macedonia" in page and "Europe/Skopje" not in page
