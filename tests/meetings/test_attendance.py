"""Answers (will come / can't), the roll call by sector, quorum, and who sees whose names."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings.attendance import required_for_quorum
from forum.meetings.models import Meeting, MeetingSettings, Rsvp
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import create_meeting
from tests.helpers import text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user(display_name="Sec")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        people = {}
        for key, name, extra in (("ngo", "Nadia NGO", {"organisation": "Roma NGO",
                                                       "name_public": True}),
                                 ("police", "Petar Police", {}),
                                 ("school", "Sara School", {"name_public": True})):
            user = create_user(display_name=name)
            membership = add_member(forum, user, sector=key, **extra)
            membership.user = user
            people[key] = membership
        meeting = create_meeting(forum)
        return forum, secretariat, people, meeting


def test_answering_twice_keeps_one_answer_and_the_note_stays_with_the_secretariat(
        app, client, setting):
    _forum, secretariat, people, meeting = setting
    member = people["ngo"].user
    sign_in_as(client, member)
    url = f"/en/forums/f/meetings/{meeting.id}/answer"
    client.post(url, data={"answer": "yes", "note": "I need Romani interpretation"})
    client.post(url, data={"answer": "no", "note": "Sorry, ill"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Rsvp.id))) == 1
        assert db.session.scalar(select(Rsvp.answer)) == "no"
    sign_in_as(client, people["police"].user)
    other_member_view = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "1 can't come." in other_member_view
    assert "Sorry, ill" not in other_member_view
    sign_in_as(client, secretariat)
    assert "Sorry, ill" in text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))


def test_answer_with_htmx_updates_in_place(app, client, setting):
    _forum, _secretariat, people, meeting = setting
    sign_in_as(client, people["ngo"].user)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/answer",
                           data={"answer": "yes", "note": ""}, headers={"HX-Request": "true"})
    body = text_of(response)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="rsvp"')
    assert "1 person said they will come." in body


def test_no_answers_to_a_cancelled_session(app, client, setting):
    _forum, _secretariat, people, meeting = setting
    with app.app_context():
        db.session.get(Meeting, meeting.id).status = "cancelled"
        db.session.commit()
    sign_in_as(client, people["ngo"].user)
    client.post(f"/en/forums/f/meetings/{meeting.id}/answer", data={"answer": "yes"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Rsvp.id))) == 0


def started(app, meeting, *, hours_ago: int = 1) -> None:
    """The session began `hours_ago` hours ago and lasts two hours."""
    with app.app_context():
        row = db.session.get(Meeting, meeting.id)
        row.starts_at = utcnow() - timedelta(hours=hours_ago)
        row.ends_at = row.starts_at + timedelta(hours=2)
        db.session.commit()


def test_roll_call_by_sector_with_quorum_and_public_names_only(app, client, setting):
    forum, secretariat, people, meeting = setting
    started(app, meeting)
    with app.app_context():
        db.session.add(MeetingSettings(forum_id=forum.id, quorum_kind="share",
                                       quorum_value=60, reminder_hour=10))
        db.session.commit()
    sign_in_as(client, secretariat)
    data = {f"presence_{secretariat.id}": "present",
            f"presence_{people['ngo'].user_id}": "present",
            f"presence_{people['police'].user_id}": "present",
            f"presence_{people['school'].user_id}": "excused",
            "guest_count": 4, "guest_names": "Ana from the health centre"}
    assert client.post(f"/en/forums/f/meetings/{meeting.id}/attendance",
                       data=data).status_code == 302
    client.post("/en/accounts/sign-out")
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "3 members were present." in page and "4 guests came." in page
    assert "The quorum was reached." in page and "It needs 3 members present." in page
    assert "No one came from: School." in page
    assert "Nadia NGO — Roma NGO" in page
    assert "Petar Police" not in page  # present, but his name is not public
    assert "Ana from the health centre" not in page  # guests' names are for members
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).status == "held"


def test_roll_call_is_prefilled_from_the_answers(app, client, setting):
    _forum, secretariat, people, meeting = setting
    started(app, meeting)
    with app.app_context():
        db.session.add_all([Rsvp(meeting_id=meeting.id, user_id=people["ngo"].user_id,
                                 answer="yes"),
                            Rsvp(meeting_id=meeting.id, user_id=people["police"].user_id,
                                 answer="no")])
        db.session.commit()
    sign_in_as(client, secretariat)
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}/attendance"))
    ngo = page.split(f'name="presence_{people["ngo"].user_id}"')
    assert 'value="present" checked' in f'name="presence_{people["ngo"].user_id}"'.join(ngo[:2])
    police_field = f'name="presence_{people["police"].user_id}" id="presence_' \
                   f'{people["police"].user_id}-2" value="excused" checked'
    assert police_field in page


@pytest.mark.parametrize(("kind", "value", "members", "needed"), [
    ("share", 50, 10, 5), ("share", 50, 9, 5), ("share", 34, 3, 2), ("count", 7, 30, 7),
    ("none", 0, 12, None)])
def test_quorum_rules(kind, value, members, needed):
    assert required_for_quorum(kind, value, members) == needed


def test_quorum_settings_are_validated_and_logged(app, client, setting):
    _forum, secretariat, _people, _meeting = setting
    sign_in_as(client, secretariat)
    bad = client.post("/en/forums/f/meetings/settings",
                      data={"quorum_kind": "share", "quorum_value": 150, "reminder_hour": 9})
    assert bad.status_code == 400 and "A share is a percent from 1 to 100." in text_of(bad)
    ok = client.post("/en/forums/f/meetings/settings",
                     data={"quorum_kind": "count", "quorum_value": 5, "reminder_hour": 9})
    assert ok.status_code == 302
    assert "Session rules changed" in text_of(client.get("/en/forums/f/audit"))


@pytest.mark.postgres_only
def test_two_answers_at_once_leave_one_row(database_url, is_postgres, setting):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    _forum, _secretariat, people, meeting = setting
    app = make_app(database_url)
    member = people["ngo"].user
    barrier = threading.Barrier(4)

    def answer(choice: str) -> None:
        client = app.test_client()
        sign_in_as(client, member)
        barrier.wait()
        client.post(f"/en/forums/f/meetings/{meeting.id}/answer", data={"answer": choice})

    threads = [threading.Thread(target=answer, args=(c,)) for c in ("yes", "no", "yes", "no")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.scalar(select(func.count(Rsvp.id))) == 1
