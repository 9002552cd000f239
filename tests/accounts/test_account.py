"""A person's own account: details, e-mail, their data as JSON, and deleting the account."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from forum.accounts.models import User
from forum.core import audit
from forum.extensions import db
from forum.forums.models import Forum, Membership
from tests.conftest import make_app
from tests.fixtures.accounts import PASSWORD, create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import outbox, text_of


@pytest.fixture
def person(app):
    with app.app_context():
        user = create_user(display_name="Ana", email="ana@example.org")
        forum = create_forum(slug="f")
        add_member(forum, user, organisation="Roma NGO", sector="ngo", name_public=True)
        audit.record("forum.update", forum=forum, actor=user, changes={"name": ["a", "b"]})
        db.session.commit()
        return user


def test_profile_changes_name_and_language(client, person):
    sign_in_as(client, person)
    response = client.post("/en/accounts/account/profile",
                           data={"display_name": "Ana M.", "language": "mk"})
    assert response.headers["Location"].endswith("/mk/accounts/account")
    assert "Ana M." in text_of(client.get("/mk/accounts/account"))


def test_email_change_needs_the_password_and_a_free_address(app, client, person):
    with app.app_context():
        create_user(email="taken@example.org")
    sign_in_as(client, person)
    wrong = client.post("/en/accounts/account/email",
                        data={"email": "new@example.org", "password": "nope nope nope"})
    assert wrong.status_code == 400
    taken = client.post("/en/accounts/account/email",
                        data={"email": "Taken@example.org", "password": PASSWORD})
    assert taken.status_code == 400 and "Another account uses" in text_of(taken)
    ok = client.post("/en/accounts/account/email",
                     data={"email": "new@example.org", "password": PASSWORD})
    assert ok.status_code == 302


def test_download_contains_the_person_data_and_nobody_else(app, client, person):
    with app.app_context():
        create_user(email="someone.else@example.org")
    sign_in_as(client, person)
    response = client.get("/en/accounts/account/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)
    assert data["account"]["email"] == "ana@example.org"
    assert data["memberships"] == [{**data["memberships"][0], "forum": "f",
                                    "organisation": "Roma NGO", "sector": "ngo"}]
    assert "someone.else" not in response.get_data(as_text=True)
    assert "password" not in json.dumps(data)


def test_deleting_erases_personal_data_and_keeps_the_record(app, client, person):
    sign_in_as(client, person)
    refused = client.post("/en/accounts/account/delete", data={"password": PASSWORD})
    assert refused.status_code == 400 and "Tick this box" in text_of(refused)
    response = client.post("/en/accounts/account/delete",
                           data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert (user.display_name, user.email, user.password_hash) == (None, None, None)
        assert user.public_name == "former member"
        assert db.session.scalars(select(Membership)).all() == []
        [entry] = db.session.scalars(select(audit.AuditEntry)).all()
        assert entry.actor_id == person.id  # the log keeps its author, now "former member"
    assert client.get("/en/accounts/account").status_code == 302
    again = client.post("/en/accounts/sign-in", data={"email": "ana@example.org",
                                                      "password": PASSWORD})
    assert again.status_code == 400


def test_deleting_erases_session_answers_and_calendar_address(app, client, person):
    from forum.meetings.models import Attendance, CalendarFeed, Rsvp
    from tests.fixtures.meetings import create_meeting

    with app.app_context():
        forum = db.session.scalar(select(Forum))
        meeting = create_meeting(forum)
        db.session.add_all([
            Rsvp(meeting_id=meeting.id, user_id=person.id, answer="yes", note="my child is ill"),
            CalendarFeed(user_id=person.id, token="t"),
            Attendance(meeting_id=meeting.id, user_id=person.id, status="present",
                       sector="ngo", organisation="Roma NGO", name_public=True)])
        db.session.commit()
    sign_in_as(client, person)
    client.post("/en/accounts/account/delete", data={"password": PASSWORD, "confirm": "y"})
    with app.app_context():
        assert db.session.scalars(select(Rsvp)).all() == []
        assert db.session.scalars(select(CalendarFeed)).all() == []
        row = db.session.scalar(select(Attendance))
        assert (row.status, row.name_public, row.organisation) == ("present", False, "")


def test_deleting_removes_the_person_mail_also_what_was_sent(app, client, person):
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    assert [m.sent_at is not None for m in outbox(app, "ana@example.org")] == [True]
    sign_in_as(client, person)
    client.post("/en/accounts/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert outbox(app, "ana@example.org") == []


def test_sent_mail_does_not_keep_its_reset_link(database_url, person):
    app = make_app(database_url, MAIL_KEEP_SENT_BODIES=False)
    app.test_client().post("/en/accounts/reset", data={"email": "ana@example.org"})
    [message] = outbox(app, "ana@example.org")
    assert message.sent_at is not None
    assert "/accounts/reset/" not in message.body and message.body == ""
