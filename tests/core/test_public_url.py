"""Links in e-mails come from PUBLIC_URL, requests for other hosts are refused, and production
will not start without a public URL."""

from __future__ import annotations

import pytest

from forum import create_app
from forum.core.security import InsecureConfiguration
from tests.conftest import make_app
from tests.fixtures.accounts import create_user
from tests.helpers import outbox


def _ask_for_reset(app, host: str):
    with app.app_context():
        create_user(email="ana@example.org")
    return app.test_client().post("/en/accounts/reset", data={"email": "ana@example.org"},
                                  headers={"Host": host})


def test_a_request_for_a_foreign_host_is_refused_and_sends_no_mail(app):
    response = _ask_for_reset(app, "evil.example")
    assert response.status_code == 400
    assert outbox(app) == []


def test_reset_link_is_on_the_public_url_whatever_host_the_request_named(database_url):
    app = make_app(database_url, PUBLIC_URL="https://forum.example.org",
                   EXTRA_HOSTS=["old-name.example.org"])
    response = _ask_for_reset(app, "old-name.example.org")
    assert response.status_code == 302
    [message] = outbox(app, "ana@example.org")
    assert "https://forum.example.org/en/accounts/reset/" in message.body
    assert "old-name.example.org" not in message.body
    with app.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()


def test_public_url_with_a_path_keeps_its_path(database_url):
    from flask import url_for

    app = make_app(database_url, PUBLIC_URL="https://example.org/forum")
    with app.test_request_context("/", headers={"Host": "example.org"}):
        assert url_for("core.health", _external=True) == "https://example.org/forum/healthz"


def test_production_refuses_to_start_without_a_public_url(monkeypatch):
    monkeypatch.delenv("FORUM_PUBLIC_URL", raising=False)
    with pytest.raises(InsecureConfiguration, match="PUBLIC_URL"):
        create_app({"ENV": "production", "SECRET_KEY": "a-real-secret-for-the-test",
                    "PUBLIC_URL": None})


def test_production_answers_only_its_own_host(database_url):
    app = make_app(database_url, ENV="production", SECRET_KEY="a-real-secret-for-the-test",
                   PUBLIC_URL="https://forum.example.org")
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "forum.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400
