"""Rate limits count the real client behind the configured proxies, and a signed-in person as
their account; Redis being down changes nothing a person sees, and /healthz says so."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import empty_all_tables, make_app
from tests.fixtures.world import build_world

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def limited(database_url, request):
    app = make_app(database_url, RATELIMIT_ENABLED=True, SIGN_IN_LIMIT="2 per minute",
                   **getattr(request, "param", {}))
    with app.app_context():
        world = build_world()
    yield app, world
    with app.app_context():
        empty_all_tables()


def _sign_in(app, address: str, email: str):
    return app.test_client().post("/en/accounts/sign-in",
                                  data={"email": email, "password": "wrong password"},
                                  headers={"X-Forwarded-For": address})


@pytest.mark.parametrize("limited", [{"PROXY_COUNT": 1}], indirect=True)
def test_behind_a_proxy_each_client_has_its_own_limit(limited):
    app, _world = limited
    for n in range(2):
        assert _sign_in(app, "203.0.113.1", f"a{n}@example.org").status_code == 400
    assert _sign_in(app, "203.0.113.1", "a3@example.org").status_code == 429
    assert _sign_in(app, "203.0.113.2", "b@example.org").status_code == 400


def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(limited):
    app, _world = limited
    for n in range(2):
        assert _sign_in(app, f"198.51.100.{n}", f"a{n}@example.org").status_code == 400
    assert _sign_in(app, "198.51.100.9", "a3@example.org").status_code == 429


def test_ballots_are_limited_per_account_not_per_shared_address(limited):
    app, world = limited
    url = f"/en/forums/{world.forum_slug}/budgeting/{world.ids['cycle']}/vote"
    first, second = app.test_client(), app.test_client()
    world.sign_in(first, "member")
    world.sign_in(second, "resident")
    answers = [first.post(url, data={"item": "0"}).status_code for _ in range(31)]
    assert answers[-1] == 429 and 429 not in answers[:30]
    assert second.post(url, data={"item": "0"}).status_code != 429


@pytest.mark.parametrize("limited", [{"RATELIMIT_STORAGE_URI": CLOSED_PORT}], indirect=True)
def test_with_redis_down_signing_in_voting_and_proposing_still_work(limited, caplog):
    app, world = limited
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        assert _sign_in(app, "192.0.2.1", "a@example.org").status_code == 400
        world.sign_in(client, "member")
        vote = f"/en/forums/{world.forum_slug}/budgeting/{world.ids['cycle']}/vote"
        assert client.post(vote, data={"item": str(world.ids["ballot_item"])}).status_code \
            == 302
        propose = f"/en/forums/{world.forum_slug}/proposals/new"
        assert client.post(propose, data={"title": ""}).status_code == 400
    assert "falling back to in-memory storage" in caplog.text
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "ok", "database": "ok", "redis": "down"}


def test_health_says_redis_is_not_configured_without_it(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok",
                                           "redis": "not configured"}


@pytest.mark.parametrize("limited", [{"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14"}],
                         indirect=True)
def test_health_says_redis_is_ok_when_it_answers(limited):
    app, _world = limited
    answer = app.test_client().get("/healthz").json
    if answer["redis"] == "down":
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert answer == {"status": "ok", "database": "ok", "redis": "ok"}
