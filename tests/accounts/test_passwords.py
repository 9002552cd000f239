"""Changing a password, and resetting a forgotten one by an e-mailed single-use link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.accounts.models import PasswordResetToken
from forum.core.db import utcnow
from forum.extensions import db
from tests.fixtures.accounts import PASSWORD, create_user, sign_in_as
from tests.helpers import link_in, outbox, text_of

NEW = "seven green bicycles"


@pytest.fixture
def person(app):
    with app.app_context():
        return create_user(email="ana@example.org", language="sq")


def test_change_password_needs_the_current_one(client, person):
    sign_in_as(client, person)
    response = client.post("/en/accounts/account/password",
                           data={"current_password": "not it at all", "password": NEW})
    assert response.status_code == 400
    assert "This is not your current password." in text_of(response)
    response = client.post("/en/accounts/account/password",
                           data={"current_password": PASSWORD, "password": NEW})
    assert response.status_code == 302
    assert client.get("/en/accounts/account").status_code == 200  # this device stays in
    client.post("/en/accounts/sign-out")
    ok = client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": NEW})
    assert ok.status_code == 302


def test_reset_link_is_mailed_in_the_person_language_and_works_once(app, client, person):
    response = client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    assert response.status_code == 302
    [message] = outbox(app, "ana@example.org")
    assert message.language == "sq" and message.sent_at is not None
    path = link_in(message.body)
    assert path.startswith("/sq/accounts/reset/")
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": NEW}).status_code == 302
    again = client.post(path, data={"password": "another good passphrase"})
    assert again.status_code == 400
    assert "used already" in text_of(client.get(path.replace("/sq/", "/en/")))
    client.post("/en/accounts/sign-out")
    assert client.post("/en/accounts/sign-in",
                       data={"email": "ana@example.org", "password": NEW}).status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    response = client.post("/en/accounts/reset", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert outbox(app) == []


def test_expired_and_unknown_links_are_explained(app, client, person):
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    path = link_in(outbox(app)[0].body).replace("/sq/", "/en/")
    with app.app_context():
        db.session.execute(update(PasswordResetToken).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    expired = client.get(path)
    assert expired.status_code == 400 and "has expired" in text_of(expired)
    assert client.post(path, data={"password": NEW}).status_code == 400
    unknown = client.get("/en/accounts/reset/not-a-real-token")
    assert unknown.status_code == 400 and "is not right" in text_of(unknown)


def test_weak_new_password_keeps_the_link_usable(app, client, person):
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    path = link_in(outbox(app)[0].body)
    assert client.post(path, data={"password": "short"}).status_code == 400
    with app.app_context():
        token = db.session.scalar(select(PasswordResetToken))
        assert token.used_at is None
    assert client.post(path, data={"password": NEW}).status_code == 302


def test_an_older_reset_link_dies_when_a_newer_one_is_used(app, client, person):
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    client.post("/en/accounts/reset", data={"email": "ana@example.org"})
    older, newer = (link_in(m.body) for m in outbox(app, "ana@example.org"))
    assert client.post(newer, data={"password": NEW}).status_code == 302
    stale = client.post(older, data={"password": "an attacker's passphrase"})
    assert stale.status_code == 400
    assert "used already" in text_of(client.get(older.replace("/sq/", "/en/")))
    client.post("/en/accounts/sign-out")
    assert client.post("/en/accounts/sign-in",
                       data={"email": "ana@example.org", "password": NEW}).status_code == 302
