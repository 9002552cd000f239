"""Writing minutes: the draft made from a held session, sections saved as revisions, stale
saves refused with the other person's version, and bad input answered without losing text."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.minutes.models import Minutes, MinutesRevision
from tests.conftest import make_app
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
        add_member(forum, secretariat, role="secretariat", sector="municipality",
                   organisation="Municipality")
        member = create_user(display_name="Nadia")
        add_member(forum, member, organisation="Roma NGO", name_public=True)
        meeting = create_held_meeting(forum, agenda=("Opening", "Kindergartens", "Lights"))
        return forum, secretariat, member, meeting


def _minutes(app, minutes_id) -> Minutes:
    with app.app_context():
        return db.session.get(Minutes, minutes_id)


def _start(client, meeting):
    return client.post(f"/en/forums/f/minutes/start/{meeting.id}")


def _section_data(minutes, key, base=None, **values) -> dict:
    data = {f"{key}-base_revision": base or minutes.revision, f"{key}-title": "Kindergartens",
            f"{key}-language": "en", f"{key}-summary": "", "dummy": ""}
    for name, value in values.items():
        data[f"{key}-{name}"] = value
    return data


def test_the_draft_starts_from_the_agenda_and_the_attendance(app, client, setting):
    forum, secretariat, member, meeting = setting
    with app.app_context():
        from forum.meetings.models import Attendance, MeetingSettings
        db.session.add_all([
            MeetingSettings(forum_id=forum.id, quorum_kind="share", quorum_value=50,
                            reminder_hour=10),
            Attendance(meeting_id=meeting.id, user_id=secretariat.id, status="present",
                       sector="municipality", organisation="Municipality"),
            Attendance(meeting_id=meeting.id, user_id=member.id, status="excused",
                       sector="ngo", organisation="Roma NGO", name_public=True)])
        db.session.commit()
    sign_in_as(client, secretariat)
    response = _start(client, meeting)
    assert response.status_code == 302
    with app.app_context():
        minutes = db.session.scalar(select(Minutes))
        assert [s["title"] for s in minutes.sections] == ["Opening", "Kindergartens", "Lights"]
        assert minutes.content["attendance"]["present"] == 1
        assert minutes.content["attendance"]["excused"] == 1
        assert minutes.content["attendance"]["quorum_met"] is True  # 50 % of 2 members
        assert minutes.revision == 1
    page = text_of(client.get(response.headers["Location"]))
    assert "1 member was present." in page
    assert "No one came from: Non-governmental organisation." in page
    assert "The quorum was reached." in page
    assert _start(client, meeting).status_code == 302  # a second start opens the same draft
    with app.app_context():
        assert db.session.scalar(select(func.count(Minutes.id))) == 1


def test_minutes_wait_until_the_session_is_held(app, client, setting):
    forum, secretariat, _member, _meeting = setting
    with app.app_context():
        upcoming = create_meeting(forum)
    sign_in_as(client, secretariat)
    response = _start(client, upcoming)
    assert response.status_code == 302 and "/meetings/" in response.headers["Location"]
    assert "record its attendance first" in text_of(client.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Minutes.id))) == 0


def test_saving_a_section_makes_a_revision_with_its_decisions_and_action_items(
        app, client, setting):
    _forum, secretariat, member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    key = minutes.sections[1]["key"]
    sign_in_as(client, secretariat)
    data = _section_data(minutes, key, **{
        "summary": "Parents said the documents are hard to get.",
        "decisions-0-text": "Open an enrolment desk", "decisions-0-votes_for": "7",
        "decisions-0-votes_against": "1", "decisions-0-votes_abstain": "",
        "actions-0-what": "Translate the form", "actions-0-owner": f"u:{member.id}",
        "actions-0-due_on": meeting.starts_at.date().replace(year=meeting.starts_at.year + 1)
        .isoformat(),
        "actions-1-what": "Report back", "actions-1-owner": "o:Roma NGO",
        "actions-1-due_on": "2099-01-01"})
    response = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}", data=data)
    assert response.status_code == 302, text_of(response)[:2000]
    saved = _minutes(app, minutes.id)
    section = saved.sections[1]
    assert saved.revision == 2
    assert section["decisions"][0]["text"] == "Open an enrolment desk"
    assert (section["decisions"][0]["votes_for"], section["decisions"][0]["votes_against"],
            section["decisions"][0]["votes_abstain"]) == (7, 1, None)
    owners = [(a["owner_user_id"], a["owner_organisation"]) for a in section["actions"]]
    assert owners == [(member.id, "Roma NGO"), (None, "Roma NGO")]
    with app.app_context():
        revision = db.session.scalar(select(MinutesRevision).where(MinutesRevision.number == 2))
        assert revision.author_id == secretariat.id
        assert revision.content["sections"][1]["summary"].startswith("Parents said")
    page = text_of(client.get(f"/en/forums/f/minutes/{minutes.id}/draft"))
    assert "Open an enrolment desk" in page and "For: <strong>7</strong>" in page


def test_a_stale_save_of_the_same_section_is_refused_and_shows_their_version(
        app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
        other = create_user(display_name="Other Clerk")
    key = minutes.sections[1]["key"]
    sign_in_as(client, secretariat)
    first = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                        data=_section_data(minutes, key, base=1, summary="Their words."))
    assert first.status_code == 302
    with app.app_context():  # the first save was someone else's
        db.session.execute(db.update(MinutesRevision).where(MinutesRevision.number == 2)
                           .values(author_id=other.id))
        db.session.commit()
    mine = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                       data=_section_data(minutes, key, base=1, summary="My own words."))
    page = text_of(mine)
    assert mine.status_code == 409
    assert "someone else changed this section" in page
    assert "Other Clerk saved it at" in page
    assert "Their words." in page  # their version is shown
    assert "My own words." in page  # and mine is kept in the form
    assert f'name="{key}-base_revision" value="2"' in page  # saving again goes through
    assert _minutes(app, minutes.id).sections[1]["summary"] == "Their words."
    again = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                        data=_section_data(minutes, key, base=2, summary="My own words."))
    assert again.status_code == 302
    assert _minutes(app, minutes.id).sections[1]["summary"] == "My own words."


def test_saves_of_different_sections_from_the_same_revision_both_stay(app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    first, second = minutes.sections[0]["key"], minutes.sections[2]["key"]
    sign_in_as(client, secretariat)
    for key, words in ((first, "Opened on time."), (second, "Lights are broken.")):
        response = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                               data=_section_data(minutes, key, base=1, summary=words))
        assert response.status_code == 302
    saved = _minutes(app, minutes.id)
    assert [s["summary"] for s in saved.sections] == ["Opened on time.", "", "Lights are broken."]
    assert saved.revision == 3


@pytest.mark.parametrize(("values", "message"), [
    ({"summary": "x" * 20001}, "Use at most 20000 characters."),
    ({"actions-0-what": "Fix lights", "actions-0-owner": "o:Roma NGO",
      "actions-0-due_on": "2001-01-01"}, "The due date cannot be before the session."),
    ({"actions-0-what": "Fix lights", "actions-0-due_on": "2099-01-01"},
     "Choose who does it, or write a name below."),
    ({"decisions-0-votes_for": "5"}, "Write the decision, or tick “Remove”."),
    ({"decisions-0-text": "A", "decisions-0-votes_for": "-1"}, "Enter a number from 0 to 100000."),
])
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_lost(
        app, client, setting, values, message):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    key = minutes.sections[1]["key"]
    sign_in_as(client, secretariat)
    data = _section_data(minutes, key, **{"summary": "Kept words.", **values})
    response = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}", data=data)
    page = text_of(response)
    assert response.status_code == 400
    assert message in page and "error-summary" in page
    assert "Kept words." in page or "x" * 100 in page
    assert _minutes(app, minutes.id).revision == 1


def test_script_and_dangerous_markdown_are_stored_but_never_run(app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    key = minutes.sections[0]["key"]
    sign_in_as(client, secretariat)
    evil = ("<script>alert(1)</script> [click](javascript:alert(2)) "
            "<img src=x onerror=alert(3)> **bold**")
    client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                data=_section_data(minutes, key, summary=evil))
    page = text_of(client.get(f"/en/forums/f/minutes/{minutes.id}/draft"))
    assert "<script>alert(1)" not in page and "javascript:alert" not in page
    assert "onerror" not in page and "<strong>bold</strong>" in page


def test_a_section_for_any_other_business_can_be_added_and_removed(app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    sign_in_as(client, secretariat)
    added = client.post(f"/en/forums/f/minutes/{minutes.id}/sections",
                        data={"title": "Roma health mediators", "language": "mk"})
    assert added.status_code == 302 and "/sections/k" in added.headers["Location"]
    saved = _minutes(app, minutes.id)
    assert saved.sections[-1]["title"] == "Roma health mediators"
    assert saved.sections[-1]["agenda_item_id"] is None
    key = saved.sections[-1]["key"]
    assert client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}/remove",
                       data={"base_revision": saved.revision,
                             "confirm": "yes"}).status_code == 302
    assert len(_minutes(app, minutes.id).sections) == 3
    assert _minutes(app, minutes.id).revision == 3


def test_with_htmx_the_section_editor_and_the_saved_section_are_fragments(
        app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    key = minutes.sections[1]["key"]
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/minutes/{minutes.id}/sections/{key}"
    editor = client.get(url, headers={"HX-Request": "true"})
    assert editor.status_code == 200 and "HX-Request" in editor.headers["Vary"]
    assert text_of(editor).lstrip().startswith(f'<section id="section-{key}"')
    saved = client.post(url, data=_section_data(minutes, key, summary="In place."),
                        headers={"HX-Request": "true"})
    body = text_of(saved)
    assert saved.status_code == 200 and body.lstrip().startswith(f'<section id="section-{key}"')
    assert "In place." in body and "The section is saved." in body and "<html" not in body


@pytest.mark.postgres_only
def test_two_saves_racing_on_one_section_leave_one_winner(database_url, is_postgres, setting):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    _forum, secretariat, _member, meeting = setting
    app = make_app(database_url)
    with app.app_context():
        minutes = create_minutes(meeting)
    key = minutes.sections[1]["key"]
    barrier = threading.Barrier(4)
    statuses = []

    def save(words: str) -> None:
        client = app.test_client()
        sign_in_as(client, secretariat)
        barrier.wait()
        response = client.post(f"/en/forums/f/minutes/{minutes.id}/sections/{key}",
                               data=_section_data(minutes, key, base=1, summary=words))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(f"Words {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409, 409, 409]
    with app.app_context():
        assert db.session.scalar(select(func.count(MinutesRevision.id))) == 2
        assert db.session.get(Minutes, minutes.id).revision == 2


def test_removing_a_section_asks_first_and_can_be_undone(app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
        write_section(minutes, 1, summary="Parents spoke about enrolment.")
    saved = _minutes(app, minutes.id)
    key = saved.sections[1]["key"]
    sign_in_as(client, secretariat)
    base = f"/en/forums/f/minutes/{minutes.id}"
    assert f'href="{base}/sections/{key}/remove"' in text_of(client.get(f"{base}/draft"))
    question = text_of(client.get(f"{base}/sections/{key}/remove"))
    assert "Remove this section from the minutes?" in question
    assert "Parents spoke about enrolment." in question
    unasked = client.post(f"{base}/sections/{key}/remove",
                          data={"base_revision": saved.revision})
    assert unasked.status_code == 200 and len(_minutes(app, minutes.id).sections) == 3
    removed = client.post(f"{base}/sections/{key}/remove",
                          data={"base_revision": saved.revision, "confirm": "yes"})
    assert removed.status_code == 302
    assert [s["title"] for s in _minutes(app, minutes.id).sections] == ["Opening", "Lights"]
    page = text_of(client.get(removed.headers["Location"]))
    assert "Removed: Kindergartens." in page and "Restore it" in page
    revision = page.split('name="revision" value="')[1].split('"')[0]
    restore = f"{base}/sections/{key}/restore"
    assert client.post(restore, data={"revision": revision}).status_code == 302
    assert client.post(restore, data={"revision": revision}).status_code == 302  # double tap
    back = _minutes(app, minutes.id)
    assert [s["title"] for s in back.sections] == ["Opening", "Kindergartens", "Lights"]
    assert back.sections[1]["summary"] == "Parents spoke about enrolment."
    assert back.revision == saved.revision + 2
    history = text_of(client.get(f"{base}/revisions"))
    assert "Section restored: Kindergartens" in history


def test_going_back_to_the_question_after_removing_leads_to_the_draft(app, client, setting):
    _forum, secretariat, _member, meeting = setting
    with app.app_context():
        minutes = create_minutes(meeting)
    saved = _minutes(app, minutes.id)
    key = saved.sections[1]["key"]
    sign_in_as(client, secretariat)
    base = f"/en/forums/f/minutes/{minutes.id}"
    client.post(f"{base}/sections/{key}/remove",
                data={"base_revision": saved.revision, "confirm": "yes"})
    again = client.get(f"{base}/sections/{key}/remove")  # the back button
    assert again.status_code == 302 and again.headers["Location"].endswith(f"{base}/draft")
    page = text_of(client.get(again.headers["Location"]))
    assert "That section is no longer in the minutes" in page
