"""Confirming an e-mail address: the link works once, for a while, for the address it was sent
to; until then the address gets no notices; `next` is carried through safely."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from forum.accounts.models import EmailConfirmation, User
from forum.core.db import utcnow
from forum.extensions import db
from tests.fixtures.accounts import PASSWORD, create_user, sign_in_as
from tests.fixtures.forums import create_forum
from tests.fixtures.meetings import create_meeting
from tests.helpers import link_in, outbox, text_of

GOOD = {"display_name": "Ramiz", "email": "ramiz@example.org",
        "password": "kher thaj paj ane drom", "language": "en"}


def _confirmed(app, email="ramiz@example.org") -> bool:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email)).email_confirmed


def test_sign_up_confirm_and_sign_in_land_where_the_person_started(app, client):
    started = "/en/forums/this-forum/proposals/new"
    sent = client.post(f"/en/accounts/register?next={started}", data=GOOD)
    assert sent.headers["Location"] == f"/en/accounts/register/sent?next={started}"
    link = link_in(outbox(app, "ramiz@example.org")[0].body)
    assert client.get(link).status_code == 200
    assert not _confirmed(app)  # opening the link (a mail scanner does) changes nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and _confirmed(app)
    assert confirmed.headers["Location"].startswith("/en/accounts/sign-in?next=")
    signed_in = client.post(confirmed.headers["Location"],
                            data={"email": "ramiz@example.org", "password": GOOD["password"]})
    assert signed_in.headers["Location"] == started
    back = client.get(link)  # the back button, or the mail opened again
    assert back.status_code == 200 and "Your e-mail address is confirmed." in text_of(back)
    assert client.post(link).status_code == 302  # a double tap finds it done


def test_a_used_link_does_not_confirm_a_changed_address(app, client):
    with app.app_context():
        user = create_user(email="ana@example.org", confirmed=False)
    sign_in_as(client, user)
    client.post("/en/accounts/account/confirm")
    link = link_in(outbox(app, "ana@example.org")[-1].body)
    client.post(link)
    client.post("/en/accounts/account/email", data={"email": "ana.new@example.org",
                                                     "password": PASSWORD})
    assert client.post(link).status_code == 400
    assert not _confirmed(app, "ana.new@example.org")


def test_a_signed_in_person_who_confirms_goes_straight_on(app, client):
    with app.app_context():
        user = create_user(email="ana@example.org", confirmed=False)
    sign_in_as(client, user)
    client.post("/en/accounts/account/confirm")
    link = link_in(outbox(app, "ana@example.org")[-1].body)
    assert client.post(link).headers["Location"] == "/en/"
    assert "You confirmed this address." in text_of(client.get("/en/accounts/account"))


def test_next_in_the_link_cannot_lead_away(app, client):
    client.post("/en/accounts/register?next=//evil.example/", data=GOOD)
    link = link_in(outbox(app, "ramiz@example.org")[0].body)
    assert "evil" not in link
    assert client.post(link + "?next=/%09/evil.example").headers["Location"] == \
        "/en/accounts/sign-in"


def test_expired_and_unknown_links_are_explained(app, client):
    client.post("/en/accounts/register", data=GOOD)
    link = link_in(outbox(app, "ramiz@example.org")[0].body)
    with app.app_context():
        db.session.execute(update(EmailConfirmation).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    expired = client.post(link)
    assert expired.status_code == 400 and "The link has expired." in text_of(expired)
    assert client.get("/en/accounts/confirm/not-a-token").status_code == 400
    assert not _confirmed(app)


def test_a_new_address_is_unconfirmed_and_the_old_link_stops_working(app, client):
    with app.app_context():
        user = create_user(email="ana@example.org", confirmed=False)
    sign_in_as(client, user)
    client.post("/en/accounts/account/confirm")
    old_link = link_in(outbox(app, "ana@example.org")[-1].body)
    client.post(old_link)
    assert _confirmed(app, "ana@example.org")
    client.post("/en/accounts/account/email", data={"email": "ana.new@example.org",
                                                     "password": PASSWORD})
    assert not _confirmed(app, "ana.new@example.org")
    assert "This address is not confirmed yet." in text_of(client.get("/en/accounts/account"))
    [message] = outbox(app, "ana.new@example.org")
    assert client.post(link_in(message.body)).status_code == 302
    assert _confirmed(app, "ana.new@example.org")


def test_resending_replaces_the_older_link(app, client):
    with app.app_context():
        user = create_user(email="ana@example.org", confirmed=False)
    sign_in_as(client, user)
    page = text_of(client.get("/en/accounts/account"))
    assert "This address is not confirmed yet." in page and "Send the link again" in page
    client.post("/en/accounts/account/confirm")
    client.post("/en/accounts/account/confirm")
    first, second = (link_in(m.body) for m in outbox(app, "ana@example.org"))
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302


def test_an_unconfirmed_address_gets_no_notices(app):
    from forum.meetings import services as meetings
    from forum.meetings.models import Answer, Rsvp

    with app.app_context():
        confirmed = create_user(email="confirmed@example.org")
        unconfirmed = create_user(email="unconfirmed@example.org", confirmed=False)
        meeting = create_meeting(create_forum(slug="f"))
        for person in (confirmed, unconfirmed):
            db.session.add(Rsvp(meeting_id=meeting.id, user_id=person.id, answer=Answer.YES))
        db.session.commit()
        with app.test_request_context():
            meetings.cancel(meeting, "The hall is flooded.")
    assert [m.recipient for m in outbox(app)] == ["confirmed@example.org"]


def test_a_reset_link_confirms_the_address(app, client):
    with app.app_context():
        create_user(email="ana@example.org", confirmed=False)
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    link = link_in(outbox(app, "ana@example.org")[0].body)
    assert client.post(link, data={"password": "seven green bicycles"}).status_code == 302
    assert _confirmed(app, "ana@example.org")
