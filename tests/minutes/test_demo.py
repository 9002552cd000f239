"""`flask demo` gives both forums published minutes with decisions and action items (some done,
some overdue), one with a translation, and a Tetovo draft in review — once."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.minutes import actions, document
from forum.minutes.models import ActionItem, Minutes, MinutesVersion


def test_demo_minutes(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        minutes = list(db.session.scalars(select(Minutes)))
        published = [m for m in minutes if m.published_version]
        assert {m.forum.slug for m in published} == {"tetovo", "roskovec"}
        assert [m.status for m in minutes if not m.published_version] == ["review"]
        versions = list(db.session.scalars(select(MinutesVersion)))
        assert all(document.decisions_of(v.content) for v in versions)
        assert any(v.translations for v in versions)
        items = list(db.session.scalars(select(ActionItem)))
        assert any(a.is_done for a in items)
        assert any(not a.is_done and a.due_on < actions.today(a.minutes.forum) for a in items)
        for forum in {m.forum for m in published}:
            assert any(a.forum_id == forum.id for a in items)
        counted = db.session.scalar(select(func.count(Minutes.id)))
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Minutes.id))) == counted
