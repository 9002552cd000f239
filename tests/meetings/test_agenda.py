"""Building an agenda: add, change, reorder, remove — with and without htmx — and its timetable."""

from __future__ import annotations

import threading
from datetime import time

import pytest
from sqlalchemy import select

from forum.core.models import AuditEntry
from forum.extensions import db
from forum.meetings.models import AgendaItem
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.meetings import add_item, create_meeting
from tests.helpers import text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
        presenter = create_user(display_name="Presenting Member")
        add_member(forum, presenter, name_public=True)
        meeting = create_meeting(forum, start=time(17, 0), end=time(18, 0))
        return forum, secretariat, presenter, meeting


def _titles(app, meeting_id):
    with app.app_context():
        return [i.title for i in db.session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id))]


def _add(client, meeting, title, minutes=20, htmx=False, presenter=0):
    return client.post(f"/en/forums/f/meetings/{meeting.id}/agenda",
                       data={"title": title, "language": "en", "duration_minutes": minutes,
                             "presenter_id": presenter, "presenter_text": "",
                             "description": ""},
                       headers={"HX-Request": "true"} if htmx else {})


def test_agenda_items_get_start_times_and_a_warning_when_they_run_over(app, client, setting):
    _forum, secretariat, presenter, meeting = setting
    sign_in_as(client, secretariat)
    _add(client, meeting, "Opening", 10)
    _add(client, meeting, "Kindergarten access", 40, presenter=presenter.id)
    page = text_of(client.get(f"/mk/forums/f/meetings/{meeting.id}"))
    assert "17:00–17:10" in page and "17:10–17:50" in page
    page = text_of(client.get(f"/en/forums/f/meetings/{meeting.id}"))
    assert "presented by Presenting Member" in page
    assert "runs" not in page
    _add(client, meeting, "Any other business", 25)
    assert "The agenda runs 15 minutes past the end of the session." in text_of(
        client.get(f"/en/forums/f/meetings/{meeting.id}"))


def test_reordering_and_removing_without_javascript(app, client, setting):
    _forum, secretariat, _presenter, meeting = setting
    sign_in_as(client, secretariat)
    for title in ("A", "B", "C"):
        _add(client, meeting, title, 5)
    items = _item_ids(app, meeting.id)
    base = f"/en/forums/f/meetings/{meeting.id}/agenda"
    response = client.post(f"{base}/{items['C']}/move", data={"direction": "up"})
    assert response.status_code == 302
    assert _titles(app, meeting.id) == ["A", "C", "B"]
    client.post(f"{base}/{items['A']}/move", data={"direction": "up"})  # already first
    assert _titles(app, meeting.id) == ["A", "C", "B"]
    client.post(f"{base}/{items['C']}/remove", data={"confirm": "yes"})
    assert _titles(app, meeting.id) == ["A", "B"]


def _item_ids(app, meeting_id):
    with app.app_context():
        return {i.title: i.id for i in db.session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))}


def test_with_htmx_the_editor_part_comes_back_alone(app, client, setting):
    _forum, secretariat, _presenter, meeting = setting
    sign_in_as(client, secretariat)
    response = _add(client, meeting, "Budget", 30, htmx=True)
    assert response.status_code == 200
    body = text_of(response)
    assert body.lstrip().startswith('<div id="agenda-editor">') and "<html" not in body
    assert "The item is added to the agenda." in body
    assert "HX-Request" in response.headers["Vary"]
    bad = _add(client, meeting, "", 30, htmx=True)
    assert bad.status_code == 400 and "Fill in this field." in text_of(bad)


def test_moving_an_item_someone_removed_says_so(app, client, setting):
    _forum, secretariat, _presenter, meeting = setting
    with app.app_context():
        item = add_item(meeting, "Gone soon")
        item_id = item.id
        db.session.delete(db.session.get(AgendaItem, item_id))
        db.session.commit()
    sign_in_as(client, secretariat)
    response = client.post(f"/en/forums/f/meetings/{meeting.id}/agenda/{item_id}/move",
                           data={"direction": "down"}, follow_redirects=True)
    assert response.status_code == 200
    assert "That agenda item is no longer there" in text_of(response)


@pytest.mark.parametrize(("minutes", "message"), [(0, "from 1 to 480"), (481, "from 1 to 480"),
                                                 ("ten", "Not a valid integer value.")])
def test_absurd_durations_are_refused(app, client, setting, minutes, message):
    _forum, secretariat, _presenter, meeting = setting
    sign_in_as(client, secretariat)
    response = _add(client, meeting, "Item", minutes)
    assert response.status_code == 400 and message in text_of(response)
    assert _titles(app, meeting.id) == []


def test_an_item_of_another_session_is_not_found(app, client, setting):
    forum, secretariat, _presenter, meeting = setting
    with app.app_context():
        other = create_meeting(forum, days_ahead=20)
        foreign = add_item(other, "Elsewhere")
    sign_in_as(client, secretariat)
    assert client.get(f"/en/forums/f/meetings/{meeting.id}/agenda/{foreign.id}").status_code \
        == 404


@pytest.mark.postgres_only
def test_two_people_adding_at_once_lose_no_item(database_url, is_postgres, setting):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    _forum, secretariat, _presenter, meeting = setting
    app = make_app(database_url)
    barrier = threading.Barrier(6)

    def add(number: int) -> None:
        client = app.test_client()
        sign_in_as(client, secretariat)
        barrier.wait()
        _add(client, meeting, f"Item {number}", 5)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(_titles(app, meeting.id)) == [f"Item {n}" for n in range(6)]


def test_removing_an_item_asks_first_and_can_be_undone(app, client, setting):
    _forum, secretariat, presenter, meeting = setting
    sign_in_as(client, secretariat)
    for title in ("Opening", "Kindergarten access", "Any other business"):
        _add(client, meeting, title, 10, presenter=presenter.id)
    with app.app_context():
        item = db.session.scalar(select(AgendaItem).where(
            AgendaItem.title == "Kindergarten access"))
        item.set_translation("sq", title="Qasja në kopshte")
        db.session.commit()
        item_id = item.id
    base = f"/en/forums/f/meetings/{meeting.id}/agenda"
    editor = text_of(client.get(base))
    assert f'href="{base}/{item_id}/remove"' in editor  # a link to a question, not a button
    question = client.get(f"{base}/{item_id}/remove")
    assert "Remove this item from the agenda?" in text_of(question)
    assert "Kindergarten access" in text_of(question) and "No, keep it" in text_of(question)
    unasked = client.post(f"{base}/{item_id}/remove")  # an old page's button: ask first
    assert unasked.status_code == 200 and "Remove this item" in text_of(unasked)
    assert len(_titles(app, meeting.id)) == 3
    removed = client.post(f"{base}/{item_id}/remove", data={"confirm": "yes"})
    assert removed.status_code == 302
    assert _titles(app, meeting.id) == ["Opening", "Any other business"]
    page = text_of(client.get(removed.headers["Location"]))
    assert "Removed: Kindergarten access." in page and "Restore it" in page
    restore = next(p.split('"')[0] for p in page.split('action="') if "/restore/" in p)
    assert client.post(restore).status_code == 302
    assert client.post(restore).status_code == 302  # a double tap restores it once
    assert _titles(app, meeting.id) == ["Opening", "Kindergarten access", "Any other business"]
    with app.app_context():
        back = db.session.get(AgendaItem, item_id)
        assert back.presenter_id == presenter.id and back.duration_minutes == 10
        assert back.translation("sq", "title") == "Qasja në kopshte"
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.in_(["agenda.remove", "agenda.restore"]))))
        assert sorted(actions) == ["agenda.remove", "agenda.restore"]
    assert "Restore it" not in text_of(client.get(removed.headers["Location"]))
