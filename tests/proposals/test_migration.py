"""Revision 0003 gives the forums that already exist the standard groups, and comes off again;
revision 0006 refolds the search text of existing proposals."""

from __future__ import annotations

import json

from sqlalchemy import text

from forum.core.migrations import downgrade, upgrade
from forum.extensions import db
from forum.proposals.models import DEFAULT_GROUPS
from tests.conftest import make_app


def _old_forum(connection, language: str) -> None:
    """A forum row as an older schema stores it."""
    connection.execute(text(
        "INSERT INTO forums (slug, name, description, country, municipality, timezone, "
        "languages, currency, created_at, language, translations) VALUES ('old', 'Old', '', "
        "'AL', 'Roskovec', 'Europe/Tirane', :languages, 'ALL', '2025-01-01', :language, '{}')"),
        {"languages": json.dumps([language]), "language": language})


def _upgraded(tmp_path, revision: str, language: str, *rows: tuple[str, dict]):
    """An app whose database held one forum (and `rows`, as SQL) at an older revision and
    was then upgraded to the newest."""
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with app.app_context():
        upgrade(revision=revision)
        with db.engine.begin() as connection:
            _old_forum(connection, language)
            for sql, values in rows:
                connection.execute(text(sql), values)
        upgrade()
    return app


def test_existing_forums_get_the_standard_groups(tmp_path):
    app = _upgraded(tmp_path, "0002", "sq")
    with app.app_context():
        with db.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT key, language FROM target_groups ORDER BY position")).all()
        assert rows == [(key, "sq") for key in DEFAULT_GROUPS]
        downgrade(revision="0002")
        with db.engine.connect() as connection:
            tables = connection.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE '%proposal%'")).all()
        assert tables == []


def test_revision_0006_gives_existing_proposals_plain_search_text(tmp_path):
    proposal = (
        "INSERT INTO proposals (forum_id, title, description, status, on_behalf_of, created_at, "
        "updated_at, search_text, language, translations) SELECT id, 'Вртић', 'Škola', "
        "'submitted', '', '2025-01-01', '2025-01-01', '', 'sr', :translations FROM forums",
        {"translations": json.dumps({"sq": {"title": "Kopshti për fëmijët"}})})
    app = _upgraded(tmp_path, "0005", "sr", proposal)
    with app.app_context(), db.engine.connect() as connection:
        stored = connection.execute(text("SELECT search_text FROM proposals")).scalar_one()
    assert {"вртић", "vrtic", "skola", "femijet"} <= set(stored.split())
