"""Minutes states and moves: each move allowed or refused with its reason and nothing changed;
drafting only for a session really held; approval choices and warnings as the secretariat
needs them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.core.models import AuditEntry
from forum.extensions import db
from forum.meetings.models import Meeting, MeetingSettings
from forum.minutes import drafting, workflow
from forum.minutes.models import Minutes, Status
from forum.minutes.states import MinutesRuleBroken, Move
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import create_meeting
from tests.fixtures.minutes import create_held_meeting, create_minutes, write_section
from tests.helpers import text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user(display_name="Sec")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        member = create_user(display_name="Nadia")
        add_member(forum, member, organisation="Roma NGO")
        meeting = create_held_meeting(forum, days_ago=40, title="Spring session",
                                      agenda=("Opening",))
        minutes = create_minutes(meeting, summary="We met.")
        return forum, secretariat, member, meeting, minutes


ALLOWED = {
    Status.DRAFT: {Move.EDIT, Move.REVIEW, Move.APPROVE},
    Status.REVIEW: {Move.EDIT, Move.REOPEN, Move.APPROVE},
    Status.APPROVED: {Move.REOPEN, Move.PUBLISH},
    Status.PUBLISHED: {Move.CORRECT},
}


REACH = {Status.DRAFT: [], Status.REVIEW: [Move.REVIEW], Status.APPROVED: [Move.APPROVE],
         Status.PUBLISHED: [Move.APPROVE, Move.PUBLISH]}


def _do(move: Move, minutes: Minutes, by) -> None:
    calls = {
        Move.EDIT: lambda: write_section(minutes, 0, summary="Changed."),
        Move.REVIEW: lambda: workflow.send_to_review(minutes),
        Move.REOPEN: lambda: workflow.reopen(minutes),
        Move.APPROVE: lambda: workflow.approve(minutes, "rule", None, "Rule 9", by,
                                               confirmed=True),
        Move.PUBLISH: lambda: workflow.publish(minutes, by),
        Move.CORRECT: lambda: workflow.start_correction(minutes, "A typo", "en"),
    }
    calls[move]()


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("move", list(Move))
def test_each_move_from_each_state(app, setting, status, move):
    _forum, secretariat, _member, _meeting, minutes = setting
    with app.test_request_context("/en/"):
        minutes = db.session.get(Minutes, minutes.id)
        for step in REACH[status]:
            _do(step, minutes, secretariat)
        assert minutes.status == status
        if move in ALLOWED[status]:
            _do(move, minutes, secretariat)
            assert db.session.get(Minutes, minutes.id).status in set(Status)
            return
        revision = minutes.revision
        with pytest.raises(MinutesRuleBroken) as refused:
            _do(move, minutes, secretariat)
        assert len(str(refused.value)) > 20
        db.session.rollback()
        again = db.session.get(Minutes, minutes.id)
        assert (again.status, again.revision) == (status, revision)


def test_no_minutes_for_a_session_marked_held_before_it_took_place(app, client, setting):
    forum, secretariat, _member, _meeting, _minutes = setting
    with app.app_context():
        future = create_meeting(forum, days_ahead=20, title="Future", status="held")
    sign_in_as(client, secretariat)
    assert "Start the minutes" not in text_of(client.get(f"/en/forums/f/meetings/{future.id}"))
    response = client.post(f"/en/forums/f/minutes/start/{future.id}")
    assert "Minutes are written after the session is held" in text_of(
        client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Minutes.id))) == 1
        with pytest.raises(MinutesRuleBroken):
            drafting.start(db.session.get(Meeting, future.id))


def test_approval_by_a_later_session_is_offered_only_when_one_was_held(app, client, setting):
    forum, secretariat, _member, _meeting, minutes = setting
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/minutes/{minutes.id}/approve"
    with app.app_context():  # begun, but its attendance was never recorded: not held
        create_meeting(forum, days_ahead=-5, title="Not recorded")
    page = text_of(client.get(url))
    assert "By the forum, at a later session" not in page
    assert "By the secretariat, under a rule of the forum" in page
    refused = client.post(url, data={"how": "session", "meeting_id": 0, "confirm": "y"})
    assert refused.status_code == 400
    assert _status(app, minutes) == Status.DRAFT
    with app.app_context():
        create_held_meeting(forum, days_ago=3, title="Autumn session")
    page = text_of(client.get(url))
    assert "By the forum, at a later session" in page and "Autumn session" in page
    assert "Not recorded" not in page


def _status(app, minutes) -> str:
    with app.app_context():
        return db.session.get(Minutes, minutes.id).status


def test_approving_with_an_empty_section_and_no_attendance_needs_a_confirmation(
        app, client, setting):
    forum, secretariat, _member, _meeting, _minutes = setting
    with app.app_context():
        meeting = create_held_meeting(forum, days_ago=30, title="Busy session",
                                      agenda=("Opening", "Street lights"))
        minutes = create_minutes(meeting, summary="Opened.")
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/minutes/{minutes.id}/approve"
    page = text_of(client.get(url))
    assert "These sections are empty: Street lights." in page
    assert "No attendance is recorded in these minutes." in page
    silent = client.post(url, data={"how": "rule", "rule": "Rule 9"})
    page = text_of(silent)
    assert silent.status_code == 400
    assert "tick this box to approve anyway" in page.split('id="confirm-error"')[1]
    assert 'href="#confirm"' in page
    assert "Rule 9</textarea>" in page  # what was typed is kept
    assert _status(app, minutes) == Status.DRAFT
    confirmed = client.post(url, data={"how": "rule", "rule": "Rule 9", "confirm": "y"})
    assert confirmed.status_code == 302 and _status(app, minutes) == Status.APPROVED
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "minutes.approve"))
        assert "Street lights" in str(entry.changes["warnings"])


def test_a_quorum_not_reached_is_a_warning(app, client, setting):
    forum, secretariat, member, _meeting, _minutes = setting
    with app.app_context():
        db.session.add(MeetingSettings(forum_id=forum.id, quorum_kind="count", quorum_value=2))
        meeting = create_meeting(forum, days_ahead=-2, title="Thin session")
    sign_in_as(client, secretariat)
    client.post(f"/en/forums/f/meetings/{meeting.id}/attendance",
                data={f"presence_{secretariat.id}": "present", f"presence_{member.id}": "absent",
                      "guest_count": 0, "guest_names": ""})
    client.post(f"/en/forums/f/minutes/start/{meeting.id}")
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
        minutes.content = {**minutes.content, "sections": [
            {"key": "k1", "agenda_item_id": None, "title": "Talk", "language": "en",
             "summary": "We talked.", "decisions": [], "actions": []}]}
        db.session.commit()
    page = text_of(client.get(f"/en/forums/f/minutes/{minutes.id}/approve"))
    assert "The quorum was not reached at this session." in page
