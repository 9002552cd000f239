"""Registering: a new account signs in at once; bad input is answered next to the field."""

from __future__ import annotations

from sqlalchemy import select

from forum.accounts.models import User
from forum.extensions import db
from tests.fixtures.accounts import create_user
from tests.helpers import text_of

GOOD = {"display_name": "Ramiz", "email": "Ramiz@Example.org",
        "password": "kher thaj paj ane drom", "language": "rom"}


def test_register_creates_a_signed_in_account_in_the_chosen_language(app, client):
    response = client.post("/en/accounts/register", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/rom/")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ramiz@example.org"))
        assert user.language == "rom"
        assert user.password_hash.startswith("$argon2id$")
        assert "kher" not in user.password_hash
    account = client.get("/en/accounts/account")
    assert account.status_code == 200
    assert "ramiz@example.org" in text_of(account)


def test_duplicate_email_in_any_case_is_refused_and_typed_values_kept(app, client):
    with app.app_context():
        create_user(email="ramiz@example.org")
    response = client.post("/en/accounts/register", data=GOOD)
    page = text_of(response)
    assert response.status_code == 400
    assert "An account with this e-mail address exists already" in page
    assert 'value="Ramiz"' in page and 'value="ramiz@example.org"' in page
    assert 'aria-invalid="true"' in page and "error-summary" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(User.id))) == 1


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


def test_oversized_name_is_refused(client):
    response = client.post("/en/accounts/register", data={**GOOD, "display_name": "x" * 81})
    assert response.status_code == 400
    assert "Use at most 80 characters." in text_of(response)


def test_messages_come_in_the_page_language_also_those_of_wtforms(client):
    response = client.post("/sq/accounts/register", data={**GOOD, "email": "bad", "language": "x"})
    assert response.status_code == 400
    assert "Enter an e-mail address like name@example.org." not in text_of(response)
    assert "Not a valid choice." not in text_of(response)
