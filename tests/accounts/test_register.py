"""Registering: a new account is mailed a confirmation link; a known address gets the very same
answer (its owner is mailed instead); bad input is answered next to the field."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts.models import User
from forum.extensions import db
from tests.fixtures.accounts import create_user
from tests.helpers import link_in, outbox, text_of

GOOD = {"display_name": "Ramiz", "email": "Ramiz@Example.org",
        "password": "kher thaj paj ane drom", "language": "rom"}


def _user(app, email="ramiz@example.org") -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_register_creates_an_unconfirmed_account_and_mails_a_link(app, client):
    response = client.post("/en/accounts/register", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/rom/accounts/register/sent"
    user = _user(app)
    assert user.language == "rom" and not user.email_confirmed
    assert user.password_hash.startswith("$argon2id$")
    assert "kher" not in user.password_hash
    [message] = outbox(app, "ramiz@example.org")
    assert message.language == "rom"
    assert link_in(message.body).startswith("/rom/accounts/confirm/")
    page = text_of(client.get(response.headers["Location"]))
    assert "ramiz@example.org" in page
    assert client.get("/en/accounts/account").status_code == 302  # not signed in yet


def test_a_known_address_gets_the_same_answer_and_its_owner_a_mail(app, client):
    with app.app_context():
        create_user(email="ramiz@example.org", display_name="Ramiz")
    known = client.post("/en/accounts/register?next=/en/", data=GOOD)
    known_page = text_of(client.get(known.headers["Location"]))
    other = app.test_client().post("/en/accounts/register?next=/en/",
                                   data={**GOOD, "email": "new.person@example.org"})
    assert (known.status_code, known.headers["Location"]) == \
        (other.status_code, other.headers["Location"])
    with app.test_request_context(), force_locale(GOOD["language"]):
        assert _("An account with this e-mail address exists") not in known_page
        assert _("Look in your e-mail") in known_page
    [message] = outbox(app, "ramiz@example.org")
    assert message.subject == "You already have an account"
    assert "/en/accounts/reset" in message.body
    with app.app_context():
        assert db.session.scalar(select(db.func.count(User.id))) == 2


def test_weak_passwords_are_refused_with_the_reason(client):
    for password, reason in (("short", "at least 10 characters"),
                             ("password123", "too easy to guess"),
                             ("aaaaaaaaaaaa", "too easy to guess"),
                             ("ramiz-secret-1", "Do not use your name or e-mail")):
        response = client.post("/en/accounts/register", data={**GOOD, "password": password})
        assert response.status_code == 400
        assert reason in text_of(response), password


def test_missing_and_malformed_fields_each_get_a_message(client):
    response = client.post("/en/accounts/register",
                           data={"display_name": "", "email": "not-an-email", "password": "",
                                 "language": "xx"})
    page = text_of(response)
    assert response.status_code == 400
    assert page.count("Fill in this field.") >= 2
    assert "Enter an e-mail address like name@example.org." in page
    assert "Language: Not a valid choice." in page
    assert 'aria-invalid="true"' in page and "error-summary" in page


def test_oversized_name_is_refused(client):
    response = client.post("/en/accounts/register", data={**GOOD, "display_name": "x" * 81})
    assert response.status_code == 400
    assert "Use at most 80 characters." in text_of(response)


def test_names_without_a_visible_letter_are_refused(app, client):
    for name in ("\u200b\u200d\u2060", "\u202e\u2066\u2069", "\u3164\u3164", "!!! ..."):
        response = client.post("/en/accounts/register", data={**GOOD, "display_name": name})
        assert response.status_code == 400, repr(name)
        assert _user(app) is None
    assert client.post("/en/accounts/register",
                       data={**GOOD, "display_name": "Ra\u200bmiz\u202e \u2067Ali"}).status_code \
        == 302
    assert _user(app).display_name == "Ramiz Ali"


def test_messages_come_in_the_page_language_also_those_of_wtforms(client):
    response = client.post("/sq/accounts/register", data={**GOOD, "email": "bad", "language": "x"})
    assert response.status_code == 400
    assert "Enter an e-mail address like name@example.org." not in text_of(response)
    assert "Not a valid choice." not in text_of(response)


def test_the_header_links_bring_a_person_back_to_the_page_they_were_on(app, client):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        create_forum(slug="f")
    page = text_of(client.get("/en/forums/f/"))
    assert 'href="/en/accounts/register?next=/en/forums/f/"' in page
    assert 'href="/en/accounts/sign-in?next=/en/forums/f/"' in page
    on_sign_in = text_of(client.get("/en/accounts/sign-in?next=/en/forums/f/"))
    assert 'href="/en/accounts/register?next=/en/forums/f/"' in on_sign_in
    sent = client.post("/en/accounts/register?next=/en/forums/f/",
                       data={**GOOD, "language": "en"})
    assert sent.headers["Location"] == "/en/accounts/register/sent?next=/en/forums/f/"
    assert 'href="/en/accounts/sign-in?next=/en/forums/f/"' in text_of(
        client.get(sent.headers["Location"]))
