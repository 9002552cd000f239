"""Signing in and out, remember me, and the rate limit."""

from __future__ import annotations

import os

import pytest

from tests.conftest import make_app
from tests.fixtures.accounts import PASSWORD, create_user
from tests.helpers import text_of


@pytest.fixture
def person(app):
    with app.app_context():
        return create_user(email="ana@example.org")


def test_sign_in_and_out(client, person):
    response = client.post("/en/accounts/sign-in?next=/en/accounts/account",
                           data={"email": "ANA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/accounts/account"
    assert client.get("/en/accounts/account").status_code == 200
    client.post("/en/accounts/sign-out")
    assert client.get("/en/accounts/account").status_code == 302


def test_wrong_password_or_unknown_email_gets_the_same_message(client, person):
    for email, password in (("ana@example.org", "wrong password!"),
                            ("nobody@example.org", PASSWORD)):
        response = client.post("/en/accounts/sign-in", data={"email": email, "password": password})
        assert response.status_code == 400
        assert "The e-mail address or the password is not right." in text_of(response)
        assert f'value="{email}"' in text_of(response)


def test_next_must_be_a_path_on_this_site(client, person):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/en/accounts/sign-in?next={target}",
                               data={"email": "ana@example.org", "password": PASSWORD})
        assert response.headers["Location"] == "/en/"


def test_sign_in_starts_a_fresh_session(client, person):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_remember_me_sets_a_lasting_cookie(client, person):
    client.post("/en/accounts/sign-in",
                data={"email": "ana@example.org", "password": PASSWORD, "remember": "y"})
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    assert cookie.same_site == "Lax"


def test_a_deleted_or_signed_out_everywhere_session_no_longer_works(app, client, person):
    from forum.accounts import services
    from forum.extensions import db

    client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": PASSWORD})
    with app.app_context():
        user = db.session.merge(person)
        services.change_password(user, "a brand new passphrase")
    assert client.get("/en/accounts/account").status_code == 302


def _limited_app(database_url, storage="memory://"):
    return make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage,
                    SIGN_IN_LIMIT="3 per minute")


def test_sign_in_is_rate_limited_with_a_page_in_the_reader_language(database_url, person):
    client = _limited_app(database_url).test_client()
    statuses = [client.post("/mk/accounts/sign-in",
                            data={"email": "ana@example.org", "password": "nope nope"}).status_code
                for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    page = client.post("/mk/accounts/sign-in", data={"email": "a@b.c", "password": "x"})
    assert page.status_code == 429
    assert '<html lang="mk"' in text_of(page)


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL not set")
def test_rate_limit_counts_in_redis_when_configured(database_url, person):
    import redis

    url = os.environ["TEST_REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    first, second = (_limited_app(database_url, url).test_client() for _ in range(2))
    for _ in range(3):
        first.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": "x"})
    # A second app (another worker) shares the count through Redis.
    blocked = second.post("/en/accounts/sign-in",
                          data={"email": "ana@example.org", "password": "x"})
    assert blocked.status_code == 429
    redis.Redis.from_url(url).flushdb()
