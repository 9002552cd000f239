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
        assert set(forums) == {"tetovo", "roskovec", "bijeljina"}
        assert forums["tetovo"].timezone == "Europe/Skopje" and forums["tetovo"].currency == "MKD"
        assert forums["roskovec"].timezone == "Europe/Tirane"
        assert forums["roskovec"].currency == "ALL"
        assert "sq" in forums["tetovo"].translations
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    with app.app_context():
        assert counts == [db.session.scalar(select(func.count()).select_from(model))
                          for model in (User, Forum, Membership)]


def test_demo_sessions_are_held_only_in_the_past_with_their_attendance(app):
    from forum.core.db import utcnow
    from forum.meetings.models import Attendance, Meeting

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        meetings = list(db.session.scalars(select(Meeting)))
        recorded = set(db.session.scalars(select(Attendance.meeting_id)))
        held = {m.id for m in meetings if m.status == "held"}
        assert held and held == recorded  # held exactly where attendance was taken
        assert all(m.starts_at < utcnow() for m in meetings if m.status == "held")
        assert any(m.status == "scheduled" and m.starts_at > utcnow() for m in meetings)
        assert all(m.starts_at > utcnow() for m in meetings if m.status == "scheduled")
