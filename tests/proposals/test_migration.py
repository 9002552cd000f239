"""Revision 0003 gives the forums that already exist the standard groups, and comes off again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from forum.extensions import db
from forum.proposals.models import DEFAULT_GROUPS
from tests.conftest import make_app


def test_existing_forums_get_the_standard_groups(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with app.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO forums (slug, name, description, country, municipality, timezone, "
                "languages, currency, created_at, language, translations) VALUES ('old', 'Old', "
                "'', 'AL', 'Roskovec', 'Europe/Tirane', '[\"sq\"]', 'ALL', '2025-01-01', 'sq', "
                "'{}')"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT key, language FROM target_groups ORDER BY position")).all()
        assert rows == [(key, "sq") for key in DEFAULT_GROUPS]
        downgrade(revision="0002")
        with db.engine.connect() as connection:
            tables = connection.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE '%proposal%'")).all()
        assert tables == []
