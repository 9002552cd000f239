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
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example",
                   "/%09/evil.example", "/%0d%0aSet-Cookie:%20x=1", "/%0a/evil.example",
                   "/%E2%80%AE/evil.example", "http:%2F%2Fevil.example"):
        response = client.post(f"/en/accounts/sign-in?next={target}",
                               data={"email": "ana@example.org", "password": PASSWORD})
        assert response.status_code == 302, target
        assert response.headers["Location"] == "/en/", target
        client.post("/en/accounts/sign-out")


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


def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, person):
    client.post("/en/accounts/sign-in",
                data={"email": "ana@example.org", "password": PASSWORD, "remember": "y"})
    session_cookie = client.get_cookie("session").value
    remember_cookie = client.get_cookie("remember_token").value
    client.post("/en/accounts/sign-out")
    with_session, with_remember = app.test_client(), app.test_client()
    with_session.set_cookie("session", session_cookie)
    with_remember.set_cookie("remember_token", remember_cookie)
    assert with_session.get("/en/accounts/account").status_code == 302
    assert with_remember.get("/en/accounts/account").status_code == 302


def test_a_deleted_or_signed_out_everywhere_session_no_longer_works(app, client, person):
    from forum.accounts import services
    from forum.extensions import db

    client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": PASSWORD})
    with app.app_context():
        user = db.session.merge(person)
        services.change_password(user, "a brand new passphrase")
    assert client.get("/en/accounts/account").status_code == 302


def test_a_forum_page_reads_the_person_with_its_forum_and_still_checks_their_session(
        app, client, person):
    """The forum's query brings the signed-in person along; a session from before a password
    change is refused there as anywhere, and the page is then the anonymous reader's."""
    from forum.accounts import services
    from forum.extensions import db
    from tests.fixtures.forums import add_member, create_forum

    with app.app_context():
        forum = create_forum(slug="ohrid")
        add_member(forum, db.session.merge(person), role="secretariat")
    client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": PASSWORD})
    signed_in = text_of(client.get("/en/forums/ohrid/meetings/new"))
    assert client.get("/en/forums/ohrid/meetings/new").status_code == 200
    assert "Sign out" in signed_in
    with app.app_context():
        services.change_password(db.session.merge(person), "a brand new passphrase")
    assert client.get("/en/forums/ohrid/meetings/new").status_code == 302
    page = text_of(client.get("/en/forums/ohrid/"))
    assert "Sign in" in page and "Sign out" not in page


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


def _wrong(client, address="10.0.0.1"):
    return client.post("/en/accounts/sign-in",
                       data={"email": "ana@example.org", "password": "wrong password!"},
                       environ_base={"REMOTE_ADDR": address})


def _move_wait_to_the_past(app):
    from sqlalchemy import update

    from forum.accounts.models import User
    from forum.core.db import utcnow
    from forum.extensions import db

    with app.app_context():
        db.session.execute(update(User).values(sign_in_wait_until=utcnow()))
        db.session.commit()


def test_wrong_passwords_make_the_account_wait_a_growing_capped_time(app, client, person):
    from forum.accounts.throttle import wait_after

    assert [wait_after(n) for n in (4, 5, 6, 7)] == [0, 2, 4, 8]
    assert wait_after(12) == 256 and wait_after(13) == 512 and wait_after(14) == 900
    assert wait_after(10_000) == 900
    for _ in range(4):
        assert "not right" in text_of(_wrong(client))
    fifth = _wrong(client)
    assert "not right" in text_of(fifth)
    waiting = client.post("/en/accounts/sign-in",
                          data={"email": "ana@example.org", "password": PASSWORD})
    assert waiting.status_code == 400
    assert "Too many wrong passwords for this account. Wait 2 seconds" in text_of(waiting)
    assert 'value="ana@example.org"' in text_of(waiting)
    _move_wait_to_the_past(app)
    right = client.post("/en/accounts/sign-in",
                        data={"email": "ana@example.org", "password": PASSWORD})
    assert right.status_code == 302


def test_a_flood_from_many_addresses_never_locks_the_right_password_out(database_url, person):
    """Twelve wrong passwords from twelve addresses used to block the person for good."""
    app = make_app(database_url, RATELIMIT_ENABLED=True)
    attacker, owner = app.test_client(), app.test_client()
    for number in range(12):
        _wrong(attacker, f"10.0.0.{number}")
    waiting = owner.post("/en/accounts/sign-in",
                         data={"email": "ana@example.org", "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert waiting.status_code == 400
    # tries during a wait are refused unread and not counted: the flood earned 2 seconds
    assert "Wait 2 seconds, then try again." in text_of(waiting)
    _move_wait_to_the_past(app)
    after = owner.post("/en/accounts/sign-in",
                       data={"email": "ana@example.org", "password": PASSWORD},
                       environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert after.status_code == 302


def test_a_browser_that_signed_in_before_skips_the_wait(app, client, person):
    client.post("/en/accounts/sign-in", data={"email": "ana@example.org", "password": PASSWORD})
    client.post("/en/accounts/sign-out")
    stranger = app.test_client()
    for _ in range(8):
        _wrong(stranger)
    assert "Too many wrong passwords" in text_of(_wrong(stranger))
    again = client.post("/en/accounts/sign-in",
                        data={"email": "ana@example.org", "password": PASSWORD})
    assert again.status_code == 302
