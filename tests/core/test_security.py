"""Security headers, cookies, CSRF on every write, and the refusal of an unsafe production."""

from __future__ import annotations

import pytest
from flask import url_for

from forum import create_app
from forum.config import DEFAULT_SECRET_KEY
from forum.core.security import InsecureConfiguration
from tests.access import all_cases
from tests.conftest import make_app
from tests.helpers import text_of


def test_every_response_carries_the_security_headers(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    page = text_of(client.get("/en/accounts/register"))
    assert "<script>" not in page and "<script " not in page.replace('<script src="', "")
    assert "style=" not in page and "<style" not in page


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("FORUM_SECRET_KEY", raising=False)
    with pytest.raises(InsecureConfiguration):
        create_app({"ENV": "production", "SECRET_KEY": DEFAULT_SECRET_KEY})


def test_production_cookies_are_secure_httponly_and_lax(database_url):
    app = make_app(database_url, ENV="production", SECRET_KEY="a-real-secret-for-the-test")
    config = app.config
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert "Strict-Transport-Security" in app.test_client().get("/healthz").headers


def test_configuration_comes_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("FORUM_DEFAULT_LANGUAGE", "sq")
    monkeypatch.setenv("FORUM_MAIL_PORT", "2525")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/forum")
    app = create_app({"ENV": "testing", "TESTING": True})
    assert app.config["DEFAULT_LANGUAGE"] == "sq"
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/forum"


@pytest.fixture
def csrf_app(database_url):
    return make_app(database_url, WTF_CSRF_ENABLED=True)


POSTS = [case for case in all_cases() if case.method == "POST"]


@pytest.mark.parametrize("case", POSTS, ids=[case.name for case in POSTS])
def test_every_write_without_a_csrf_token_is_refused(csrf_app, world, case):
    client = csrf_app.test_client()
    world.sign_in(client, "admin")
    with csrf_app.test_request_context():
        url = url_for(case.endpoint, lang="en", **case.args(world))
    response = client.post(url, data={})
    assert response.status_code == 400
    assert "This form has expired" in text_of(response)


def test_htmx_write_with_a_stale_token_asks_for_a_refresh(csrf_app):
    response = csrf_app.test_client().post("/en/accounts/sign-out",
                                           headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Refresh"] == "true"


def test_htmx_request_of_an_anonymous_reader_is_sent_to_sign_in(client):
    response = client.get("/en/accounts/account", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/en/accounts/sign-in")


def test_get_never_changes_anything(app, client):
    from tests.access import all_cases

    gets = {case.endpoint for case in all_cases() if case.method == "GET"}
    posts = {case.endpoint for case in all_cases() if case.method == "POST"}
    assert "accounts.sign_out" not in gets and "forums.leave" not in gets
    assert {"accounts.sign_out", "forums.leave", "forums.remove_member"} <= posts
