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


def test_demo_minutes_agree_with_the_attendance_and_the_dates(app):
    from forum.core.db import utcnow
    from forum.meetings import attendance
    from forum.meetings.services import settings_of
    from forum.minutes.workflow import approval_warnings

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.test_request_context("/en/"):
        for minutes in db.session.scalars(select(Minutes)):
            meeting = minutes.meeting
            assert meeting.status == "held" and meeting.ends_at < utcnow()
            recorded = attendance.summary(meeting, settings_of(meeting.forum))
            kept = minutes.content["attendance"]
            assert (kept["present"], kept["missing_sectors"]) == (
                recorded.present, recorded.missing_sectors), meeting.title
            for _section, decision in document.decisions_of(minutes.content):
                votes = [decision.get(k) or 0 for k in ("votes_for", "votes_against",
                                                        "votes_abstain")]
                assert sum(votes) <= kept["present"], decision["text"]
            if minutes.published_version:
                assert approval_warnings(minutes) == []
                if minutes.approval_meeting is not None:
                    later = minutes.approval_meeting
                    assert later.status == "held" and later.starts_at > meeting.starts_at
                    assert minutes.approved_at >= later.starts_at
        missing = {m.meeting.title: m.content["attendance"]["missing_sectors"]
                   for m in db.session.scalars(select(Minutes))}
        assert missing["Seanca e forumit: rrugët në Poroj"] == ["police"]  # as its text says
        for item in db.session.scalars(select(ActionItem)):
            assert item.due_on >= item.minutes.meeting_day
            if item.is_done:
                assert item.minutes.meeting_day <= item.done_on <= actions.today(item.minutes.forum)
