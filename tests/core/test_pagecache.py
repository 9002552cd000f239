"""The anonymous page cache: fast for everyone anonymous, never for anything personal."""

from __future__ import annotations

import gzip
import os

import pytest
from sqlalchemy import text, update

from forum.core import pagecache
from forum.extensions import db
from forum.forums.models import Forum
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum


@pytest.fixture
def cached_app(database_url):
    pagecache.clear()
    app = make_app(database_url, PAGE_CACHE_SECONDS=60, WTF_CSRF_ENABLED=True)
    with app.app_context():
        forum = create_forum(slug="f", name="Original name")
        member = create_user(display_name="Signed In Person")
        add_member(forum, member)
    yield app, member
    pagecache.clear()
    with app.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()


def _rename_without_the_orm(app, name: str) -> None:
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE forums SET name = :name"), {"name": name})


def test_anonymous_readers_get_the_kept_page_until_a_write_commits(cached_app):
    app, _member = cached_app
    client = app.test_client(use_cookies=False)
    assert b"Original name" in client.get("/en/forums/f/").data
    _rename_without_the_orm(app, "Renamed behind the cache")
    kept = client.get("/en/forums/f/")
    assert b"Original name" in kept.data  # served from the cache
    assert kept.headers["Content-Security-Policy"] and kept.headers["Content-Language"] == "en"
    with app.app_context():  # any commit through the app empties this process's cache
        create_forum(slug="another")
    assert b"Renamed behind the cache" in client.get("/en/forums/f/").data


def test_a_write_by_a_statement_through_the_session_empties_the_cache_too(cached_app):
    """Withdrawing a support, a checked edit of a measure: some writes are an UPDATE or DELETE
    statement with no object flushed; their commit must empty the cache all the same."""
    app, _member = cached_app
    client = app.test_client(use_cookies=False)
    assert b"Original name" in client.get("/en/forums/f/").data
    with app.app_context():
        db.session.execute(update(Forum).where(Forum.slug == "f").values(name="Renamed"))
        db.session.commit()
    assert b"Renamed" in client.get("/en/forums/f/").data


def test_ballots_cast_leave_the_cache_as_it_is_and_any_other_write_still_empties_it(
        cached_app):
    """On voting day every ballot commits a participation and a ballot; pages show those only
    as counts, which may be the cache's lifetime late, so they must not empty the cache for
    every anonymous reader (and, through Redis, on every server)."""
    from forum.budgeting.models import Ballot, Participation
    from tests.fixtures.budgeting import create_cycle

    app, member = cached_app
    with app.app_context():
        cycle_id = create_cycle(db.session.scalar(db.select(Forum))).id
    client = app.test_client(use_cookies=False)
    assert b"Original name" in client.get("/en/forums/f/").data
    _rename_without_the_orm(app, "Renamed behind the cache")
    with app.app_context():
        db.session.add(Participation(cycle_id=cycle_id, person_key=f"u{member.id}",
                                     user_id=member.id, channel="online"))
        db.session.add(Ballot(cycle_id=cycle_id, channel="online", choices="sealed"))
        db.session.commit()
        db.session.execute(update(Ballot).values(choices="sealed again"))
        db.session.commit()
    assert b"Original name" in client.get("/en/forums/f/").data  # still the kept page
    with app.app_context():
        create_forum(slug="another")
    assert b"Renamed behind the cache" in client.get("/en/forums/f/").data


def test_signed_in_people_and_htmx_requests_always_get_a_fresh_page(cached_app):
    app, member = cached_app
    anonymous = app.test_client(use_cookies=False)
    anonymous.get("/en/forums/f/")
    _rename_without_the_orm(app, "Fresh name")
    signed_in = app.test_client()
    sign_in_as(signed_in, member)
    page = signed_in.get("/en/forums/f/").data
    assert b"Fresh name" in page and b"Signed In Person" in page
    assert b"Fresh name" in anonymous.get("/en/forums/f/", headers={"HX-Request": "true"}).data


def test_a_kept_page_holds_nothing_personal(cached_app):
    app, member = cached_app
    signed_in = app.test_client()
    sign_in_as(signed_in, member)
    signed_in.get("/en/forums/f/")  # a personal page must not be what others get
    page = app.test_client(use_cookies=False).get("/en/forums/f/").data
    assert b"Signed In Person" not in page and b"X-CSRFToken" not in page
    assert b"csrf_token" not in page


def test_pages_with_forms_are_never_kept(cached_app):
    app, _member = cached_app
    client = app.test_client(use_cookies=False)
    first = client.get("/en/accounts/sign-in").data
    second = client.get("/en/accounts/sign-in").data
    assert b"csrf_token" in first
    assert first != second  # each visitor gets a form with their own token


def test_the_kept_page_is_served_compressed_and_sets_the_language_cookie(cached_app):
    app, _member = cached_app
    client = app.test_client(use_cookies=False)
    fresh = client.get("/sq/forums/f/").data
    kept = client.get("/sq/forums/f/", headers={"Accept-Encoding": "gzip"})
    assert kept.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(kept.data) == fresh
    assert "lang=sq" in kept.headers["Set-Cookie"]
    assert "Cookie" in kept.headers["Vary"]


@pytest.fixture
def shared_cache_app(database_url):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set")
    import redis

    redis.Redis.from_url(url).delete(pagecache.GENERATION_KEY)
    pagecache.clear()
    app = make_app(database_url, PAGE_CACHE_SECONDS=60, PAGE_CACHE_REDIS_URL=url)
    with app.app_context():
        create_forum(slug="f", name="Original name")
    yield app, redis.Redis.from_url(url)
    pagecache.clear()
    with app.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()
    make_app(database_url)  # the next apps of this process share no cache


def test_a_change_on_another_server_empties_this_servers_cache_at_once(shared_cache_app):
    app, shared = shared_cache_app
    client = app.test_client(use_cookies=False)
    assert b"Original name" in client.get("/en/forums/f/").data
    _rename_without_the_orm(app, "Renamed on the other server")
    assert b"Original name" in client.get("/en/forums/f/").data  # nothing committed here
    shared.incr(pagecache.GENERATION_KEY)  # what the other server's commit does
    assert b"Renamed on the other server" in client.get("/en/forums/f/").data


def test_a_commit_here_tells_every_server(shared_cache_app):
    app, shared = shared_cache_app
    before = int(shared.get(pagecache.GENERATION_KEY) or 0)
    with app.app_context():
        create_forum(slug="another")
    assert int(shared.get(pagecache.GENERATION_KEY)) == before + 1


def test_with_redis_down_pages_are_rendered_fresh_never_stale(database_url):
    pagecache.clear()
    app = make_app(database_url, PAGE_CACHE_SECONDS=60,
                   PAGE_CACHE_REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens there
    try:
        with app.app_context():
            create_forum(slug="f", name="Original name")
        client = app.test_client(use_cookies=False)
        assert b"Original name" in client.get("/en/forums/f/").data
        _rename_without_the_orm(app, "Changed")
        assert b"Changed" in client.get("/en/forums/f/").data
    finally:
        pagecache.clear()
        with app.app_context():
            from tests.conftest import empty_all_tables

            empty_all_tables()
        make_app(database_url)
