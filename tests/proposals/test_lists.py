"""Lists: filter by stage and group, search in every language and script, sort, page; the
forum's home and a session's page; and the same number of queries for few or many proposals."""

from __future__ import annotations

import re

import pytest

from forum.core.db import utcnow
from forum.extensions import db
from forum.proposals.models import Proposal
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.proposals import add_answer, add_support, create_proposal, group_of
from tests.helpers import count_queries, text_of


def _titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+"><span lang="[^"]+">([^<]+)</span></a></h3>', page)


@pytest.fixture
def many(app, town):
    """Proposals in several stages, groups, languages and scripts."""
    with app.app_context():
        kinder = create_proposal(town.forum, town.resident, title="Вртић за ромску децу",
                                 language="sr", group_keys=("roma",), days_ago=30)
        kinder.set_translation("sq", title="Kopshti për fëmijët romë")
        ramps = create_proposal(town.forum, town.member, title="Ramps at the health centre",
                                group_keys=("disability",), days_ago=10)
        lights = create_proposal(town.forum, town.neighbour, title="100% more street lights",
                                 days_ago=2)
        declined = create_proposal(town.forum, town.resident, title="A new stadium",
                                   days_ago=50)
        add_answer(declined, "declined", "Not the forum's matter.")
        create_proposal(town.forum, town.resident, title="Hidden spam", hidden_at=utcnow())
        for user in (create_user(), create_user()):
            add_support(ramps, user)
        add_support(lights, town.member)
        db.session.commit()
        return {"kinder": kinder.id, "ramps": ramps.id, "lights": lights.id}


def test_sorts(client, town, many):
    assert _titles(text_of(client.get("/en/forums/f/proposals/"))) == [
        "100% more street lights", "Ramps at the health centre", "Вртић за ромску децу",
        "A new stadium"]
    assert _titles(text_of(client.get("/en/forums/f/proposals/?sort=supported")))[:2] == [
        "Ramps at the health centre", "100% more street lights"]
    assert _titles(text_of(client.get("/en/forums/f/proposals/?sort=waiting"))) == [
        "Вртић за ромску децу", "Ramps at the health centre", "100% more street lights",
        "A new stadium"]


def test_on_a_phone_the_filters_fold_under_a_line_that_says_what_is_chosen(app, client, town,
                                                                           many):
    page = text_of(client.get("/en/forums/f/proposals/"))
    folded = re.search(r"<details class=\"filters\">\s*<summary>(.*?)</summary>(.*?)</details>",
                       page, re.S)
    assert folded and "Search and order" in folded.group(1) and 'id="filter-q"' in folded.group(2)
    assert "filters-chosen" not in folded.group(1)  # nothing chosen, nothing to say
    with app.app_context():
        roma = group_of(town.forum, "roma")
    page = text_of(client.get(f"/en/forums/f/proposals/?q=kinder&status=accepted&group={roma.id}"
                              "&sort=supported"))
    summary = re.search(r"<summary>(.*?)</summary>", page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary).split(": ", 1)[1] == \
        "“kinder” · Accepted · Roma · Most supported first"


def test_filters_by_stage_and_group(app, client, town, many):
    assert _titles(text_of(client.get("/en/forums/f/proposals/?status=declined"))) == [
        "A new stadium"]
    assert "A new stadium" not in _titles(text_of(client.get(
        "/en/forums/f/proposals/?status=open")))
    with app.app_context():
        disability = group_of(town.forum, "disability").id
    page = text_of(client.get(f"/en/forums/f/proposals/?group={disability}"))
    assert _titles(page) == ["Ramps at the health centre"]
    assert "1 proposal found." in page
    unknown = client.get("/en/forums/f/proposals/?status=<x>&group=abc&sort=drop")
    assert unknown.status_code == 200 and len(_titles(text_of(unknown))) == 4


@pytest.mark.parametrize(("words", "found"), [
    ("ВРТИЋ", ["Вртић за ромску децу"]),  # any case, in Cyrillic
    ("vrtić", ["Вртић за ромску децу"]),  # Latin letters find Serbian Cyrillic
    ("kopshti", ["Вртић за ромску децу"]),  # and translations are searched too
    ("vrtic", ["Вртић за ромску децу"]),  # typed without the accent
    ("femijet rome", ["Вртић за ромску децу"]),  # Albanian without ë, words in any place
    ("centre stadium", []),  # every word must be found
    ("HEALTH centre", ["Ramps at the health centre"]),
    ("100%", ["100% more street lights"]),  # % is a character, not a wildcard
    ("_", []),
    ("spam", []),  # hidden ones are never found
])
def test_search(client, town, many, words, found):
    page = text_of(client.get("/en/forums/f/proposals/", query_string={"q": words}))
    assert _titles(page) == found


def test_pages_of_twenty_keep_the_filters(app, client, town):
    with app.app_context():
        for number in range(23):
            create_proposal(town.forum, town.resident, title=f"Idea {number:02d}",
                            days_ago=number)
    first = text_of(client.get("/en/forums/f/proposals/?sort=waiting&q=idea"))
    assert len(_titles(first)) == 20 and "Page 1 of 2" in first
    assert "sort=waiting" in first.split('rel="next"')[0].split("<a href=")[-1]
    second = text_of(client.get("/en/forums/f/proposals/?sort=waiting&q=idea&page=2"))
    assert _titles(second) == ["Idea 02", "Idea 01", "Idea 00"]


def test_the_forum_home_shows_the_most_supported_open_ones(client, town, many):
    home = text_of(client.get("/en/forums/f/"))
    panel = home.split('id="proposals-panel-title"')[1].split("</section>")[0]
    assert panel.index("Ramps at the health centre") < panel.index("100% more street lights")
    assert "2 people support it" in panel and "A new stadium" not in panel


def test_every_forums_list_and_a_persons_own(app, client, town, many):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        create_proposal(create_forum(slug="g", name="Other forum"), town.neighbour,
                        title="Elsewhere")
    everywhere = text_of(client.get("/en/proposals/"))
    assert "Elsewhere" in everywhere and "Other forum" in everywhere
    assert "Hidden spam" not in everywhere
    sign_in_as(client, town.member)
    mine = text_of(client.get("/en/proposals/mine"))
    written = mine.split('id="written-title"')[1].split("</section>")[0]
    supported = mine.split('id="supported-title"')[1].split("</section>")[0]
    assert "Ramps at the health centre" in written and "100% more street lights" in supported


def _fill(app, town, count: int) -> None:
    with app.app_context():
        supporters = [town.secretariat, *(create_user() for _ in range(2))]
        for number in range(count):
            proposal = create_proposal(town.forum, town.resident, title=f"P{number}",
                                       group_keys=("roma", "youth"),
                                       related_meeting_id=town.meeting.id)
            for user in supporters[: number % 3 + 1]:
                add_support(proposal, user)
            if number % 4 == 0:
                add_answer(proposal, "accepted", meeting_id=town.meeting.id)
                proposal.scheduled_meeting_id = town.meeting.id
        db.session.commit()


PAGES = ["/en/forums/f/proposals/", "/en/forums/f/proposals/?sort=supported&status=open",
         "/en/proposals/", "/en/forums/f/", "/en/forums/f/proposals/queue",
         "/en/proposals/mine", "MEETING"]


def test_queries_do_not_grow_with_the_number_of_proposals(app, client, town):
    sign_in_as(client, town.secretariat)  # who supports every proposal, see `_fill`
    meeting_page = f"/en/forums/f/meetings/{town.meeting.id}"
    pages = [meeting_page if p == "MEETING" else p for p in PAGES]

    def measure() -> list[int]:
        counts = []
        for page in pages:
            client.get(page)  # warm up: the same state for both measures
            with count_queries(app) as counter:
                assert client.get(page).status_code == 200
            counts.append(counter["n"])
        return counts

    _fill(app, town, 3)
    small = measure()
    _fill(app, town, 30)
    assert measure() == small
    with app.app_context():
        assert db.session.query(Proposal).count() == 33
