"""Test set-up: an app per test on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set.

The schema is built once per run from the Alembic migrations (so a missing revision fails), and
every table is emptied after each test.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from sqlalchemy import text

from forum import create_app
from forum.core.migrations import upgrade
from forum.extensions import db

pytest_plugins = ["tests.fixtures.accounts", "tests.fixtures.forums", "tests.fixtures.world",
                  "tests.fixtures.meetings", "tests.fixtures.proposals",
                  "tests.fixtures.minutes", "tests.fixtures.budgeting", "tests.fixtures.desk",
                  "tests.fixtures.jobs", "tests.fixtures.plans"]

TEST_CONFIG = {
    "ENV": "testing",
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PASSWORD_TIME_COST": 1,
    "PASSWORD_MEMORY_COST": 64,
    "PUBLIC_URL": "http://localhost",
    "PAGE_CACHE_SECONDS": 0,
    "MAIL_KEEP_SENT_BODIES": True,  # tests read links from sent mail; production empties it
    "SQLITE_SYNCHRONOUS": "OFF",  # a test database need not survive a power cut
    "QUEUE_IMMEDIATE": True,  # tasks run in the test; tests/core/test_queue.py runs a worker
}


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if os.environ.get('TEST_DATABASE_URL') else 'SQLite'}"


_apps_made = []


UPLOADS = tempfile.mkdtemp(prefix="forum-test-uploads-")


def make_app(database_url: str, *, keep: bool = False, **overrides):
    """An app on the test database; its connections are closed after the test unless kept."""
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url,
                      "UPLOAD_FOLDER": UPLOADS, **overrides})
    if not keep:
        _apps_made.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_connections_of_apps_made_in_the_test():
    yield
    while _apps_made:
        app = _apps_made.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1) \
            if url.startswith("postgresql://") else url
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    app = make_app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return url


def empty_all_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    yield app
    with app.app_context():
        empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for tests that only call services (never around test-client requests:
    Flask would reuse it for every request, and `g` would leak from one request to the next)."""
    with app.app_context():
        yield app


@pytest.fixture
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")
