"""Schema migrations (Flask-Migrate over Alembic): loaded by `flask db …` and the tests only."""

from __future__ import annotations

from flask import Flask, current_app

from forum import ROOT
from forum.extensions import db


def enable(app: Flask) -> None:
    """Bind Flask-Migrate to the app (adds `flask db`); once per app."""
    if "migrate" in app.extensions:
        return
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
            compare_type=True)


def upgrade(revision: str = "head") -> None:
    """Bring the current app's database to `revision` (the newest by default)."""
    import flask_migrate

    enable(current_app._get_current_object())
    flask_migrate.upgrade(revision=revision)


def downgrade(revision: str) -> None:
    import flask_migrate

    enable(current_app._get_current_object())
    flask_migrate.downgrade(revision=revision)
