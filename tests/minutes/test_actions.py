"""Action items across sessions: carried into the next draft until done, open and overdue on
the forum's page, marked done with a date and a note, and each owner's own list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core.timezones import local_now
from forum.extensions import db
from forum.minutes import actions, workflow
from forum.minutes.models import ActionItem, Minutes
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.minutes import (
    action,
    create_held_meeting,
    create_minutes,
    publish_minutes,
)
from tests.helpers import count_queries, text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user(display_name="Sec")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        member = create_user(display_name="Nadia Owner")
        add_member(forum, member, organisation="Roma NGO")
        colleague = create_user(display_name="Colleague")
        add_member(forum, colleague, organisation="roma ngo")
        first = create_held_meeting(forum, days_ago=60, title="First session")
        tasks = [action("Open the desk", owner=member, organisation="Roma NGO", due_in=-30,
                        forum=forum),
                 action("Translate the form", organisation="Roma NGO", due_in=20, forum=forum),
                 action("Done before the next session", organisation="Police", due_in=-40,
                        forum=forum),
                 action("Done after the next session", organisation="School", due_in=-20,
                        forum=forum)]
        minutes = publish_minutes(create_minutes(first, summary="Words.", actions=tasks),
                                  secretariat)
        items = {a.what: a for a in db.session.scalars(select(ActionItem))}
        today = local_now(forum.timezone).date()
        items["Done before the next session"].done_on = today - timedelta(days=30)
        items["Done after the next session"].done_on = today - timedelta(days=2)
        db.session.commit()
        second = create_held_meeting(forum, days_ago=10, title="Second session")
        return forum, secretariat, member, colleague, minutes, second


def test_open_action_items_are_carried_into_the_next_draft_and_frozen_when_published(
        app, client, setting):
    forum, secretariat, _member, _colleague, _minutes, second = setting
    with app.app_context():
        draft = create_minutes(second, summary="Second words.")
        listed = [a.what for a in actions.follow_up(draft)]
    assert listed == ["Open the desk", "Done after the next session", "Translate the form"]
    sign_in_as(client, secretariat)
    page = text_of(client.get(f"/en/forums/f/minutes/{draft.id}/draft"))
    assert "Follow-up of earlier action items" in page and "Open the desk" in page
    assert "Done before the next session" not in page
    with app.app_context():
        publish_minutes(db.session.get(Minutes, draft.id), secretariat)
        item = db.session.scalar(select(ActionItem).where(ActionItem.what == "Open the desk"))
        item.done_on = local_now(forum.timezone).date()
        db.session.commit()
        version = workflow.latest_version(db.session.get(Minutes, draft.id))
        frozen = {f["what"]: f["done_on"] for f in version.content["follow_up"]}
    assert frozen["Open the desk"] is None  # as it stood when published
    assert frozen["Done after the next session"] is not None


def test_the_forum_page_shows_open_and_overdue_action_items(app, client, setting):
    _forum, _secretariat, _member, _colleague, _minutes, _second = setting
    page = text_of(client.get("/en/forums/f/"))
    assert "2 action items are open." in page and "1 is overdue." in page
    assert "Open the desk" in page  # the overdue one is named
    listing = text_of(client.get("/en/forums/f/minutes/actions?show=overdue"))
    assert "Open the desk" in listing and "Translate the form" not in listing
    assert "Overdue" in listing


def test_marking_done_needs_a_sensible_date_and_is_logged(app, client, setting):
    forum, secretariat, _member, _colleague, _minutes, _second = setting
    with app.app_context():
        item = db.session.scalar(select(ActionItem).where(ActionItem.what == "Open the desk"))
    today = local_now(forum.timezone).date()
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/minutes/actions/{item.id}/done"
    prefix = f"done-{item.id}-"
    future = client.post(url, data={f"{prefix}done_on": (today + timedelta(days=3)).isoformat(),
                                    f"{prefix}note": "Soon", f"{prefix}language": "en"})
    assert future.status_code == 400 and "cannot be in the future" in text_of(future)
    early = client.post(url, data={f"{prefix}done_on": "2001-01-01", f"{prefix}language": "en"})
    assert early.status_code == 400 and "before the session" in text_of(early)
    done = client.post(url, data={f"{prefix}done_on": today.isoformat(),
                                  f"{prefix}note": "Desk opened on Tuesday.",
                                  f"{prefix}language": "en"})
    assert done.status_code == 302
    page = text_of(client.get("/en/forums/f/minutes/actions?show=done"))
    assert "Desk opened on Tuesday." in page
    assert "Action item marked done" in text_of(client.get("/en/forums/f/audit"))
    client.post(f"/en/forums/f/minutes/actions/{item.id}/reopen")
    with app.app_context():
        assert db.session.get(ActionItem, item.id).done_on is None


def test_owners_see_their_own_and_their_organisations_action_items(app, client, setting):
    _forum, _secretariat, member, colleague, _minutes, _second = setting
    sign_in_as(client, member)
    mine = text_of(client.get("/en/minutes/mine"))
    assert "Open the desk" in mine and "Translate the form" in mine
    assert "Done after the next session" not in mine  # the school's
    sign_in_as(client, colleague)  # same organisation, written in other letters
    theirs = text_of(client.get("/en/minutes/mine"))
    assert "Translate the form" in theirs and "Open the desk" in theirs
    with app.app_context():
        stranger = create_user(display_name="Stranger")
    sign_in_as(client, stranger)
    assert "No action item is given to you" in text_of(client.get("/en/minutes/mine"))


def test_names_of_owners_show_to_the_public_only_if_they_chose_it(app, client, setting):
    _forum, _secretariat, member, _colleague, _minutes, _second = setting
    public = text_of(client.get("/en/forums/f/minutes/actions?show=all"))
    assert "Nadia Owner" not in public and "Who: Roma NGO" in public
    sign_in_as(client, member)
    assert "Nadia Owner (Roma NGO)" in text_of(client.get("/en/forums/f/minutes/actions"))


def test_members_only_sessions_keep_their_action_items_from_the_public(app, client, setting):
    forum, secretariat, member, _colleague, _minutes, _second = setting
    with app.app_context():
        hidden = create_held_meeting(forum, days_ago=30, title="Closed session",
                                     visibility="members")
        publish_minutes(create_minutes(hidden, summary="Closed.", actions=[
            action("Closed task", organisation="Police", due_in=-3, forum=forum)]), secretariat)
    assert "Closed task" not in text_of(client.get("/en/forums/f/minutes/actions?show=all"))
    assert "2 action items are open." in text_of(client.get("/en/forums/f/"))
    sign_in_as(client, member)
    assert "Closed task" in text_of(client.get("/en/forums/f/minutes/actions?show=all"))


def test_the_action_list_asks_the_same_number_of_queries_for_many_items(app, client, setting):
    forum, secretariat, _member, _colleague, _minutes, _second = setting
    sign_in_as(client, secretariat)
    client.get("/en/forums/f/minutes/actions?show=all")
    with count_queries(app) as few:
        client.get("/en/forums/f/minutes/actions?show=all")
    with app.app_context():
        for n in range(6):
            meeting = create_held_meeting(forum, days_ago=50 - n, title=f"S{n}", agenda=("A",))
            publish_minutes(create_minutes(meeting, summary="x", actions=[
                action(f"Task {n}", organisation=f"Org {n}", forum=forum)]),
                create_user())
    with count_queries(app) as many:
        page = text_of(client.get("/en/forums/f/minutes/actions?show=all"))
    assert "Task 5" in page
    assert many["n"] == few["n"]
