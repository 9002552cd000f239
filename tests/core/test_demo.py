"""`flask demo` loads the two demo forums once and prints the sign-ins."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.accounts.models import User
from forum.extensions import db
from forum.forums.models import Forum, Membership


def test_demo_is_idempotent_and_prints_sign_ins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "admin@example.org" in first.output and "demo-forum-2026" in first.output
    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(model))
                  for model in (User, Forum, Membership)]
        forums = {f.slug: f for f in db.session.scalars(select(Forum))}
        assert set(forums) == {"tetovo", "roskovec"}
        assert forums["tetovo"].timezone == "Europe/Skopje" and forums["tetovo"].currency == "MKD"
        assert forums["roskovec"].timezone == "Europe/Tirane"
        assert forums["roskovec"].currency == "ALL"
        assert "sq" in forums["tetovo"].translations
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    with app.app_context():
        assert counts == [db.session.scalar(select(func.count()).select_from(model))
                          for model in (User, Forum, Membership)]
