"""Nothing of a case shows anywhere but to the desk's staff and the person who filed it: no public
page, feed, search result, export or figure holds a word of it."""

from __future__ import annotations

import pytest
from flask import url_for

from tests.access import all_cases
from tests.conftest import empty_all_tables
from tests.fixtures.desk import CASE_TEXT, SENSITIVE_TEXT
from tests.fixtures.world import build_world

# The person's own pages (their case, their data download) rightly hold their case.
THEIR_OWN = {"desk.follow", "desk.my_case", "accounts.download_data"}
SECRETS = (CASE_TEXT, SENSITIVE_TEXT, "Zlatija Contact", "+387 65 000 111", "letter.png",
           "Please look at the enrolment.", "world-case-token")  # a search echoes its words
SEARCHES = ("proposals.all_list", "proposals.forum_list", "minutes.archive")


def _readable_pages():
    """Every GET route some reader who is not at the desk may open."""
    for case in all_cases():
        if case.method != "GET" or case.endpoint in THEIR_OWN:
            continue
        for role in ("anonymous", "resident", "other_secretariat", "admin"):
            if case.expect.get(role) == 200:
                yield case, role


@pytest.fixture
def world_with_cases(app):
    all_cases()  # loads every area's routes, and with them the fixtures that add to the world
    with app.app_context():
        empty_all_tables()
        return build_world()


def test_no_page_feed_search_or_export_outside_the_desk_holds_a_case(app, world_with_cases):
    world, leaks = world_with_cases, []
    for case, role in _readable_pages():
        client = app.test_client()
        world.sign_in(client, role)
        with app.test_request_context():
            urls = [url_for(case.endpoint, lang="en", **case.args(world))]
            if case.endpoint in SEARCHES:
                urls += [url_for(case.endpoint, lang="en", q=word, **case.args(world))
                         for word in ("school", "Njegoševa", "neighbour")]
        for url in urls:
            body = client.get(url).get_data()
            leaks += [f"{role} {url}: {secret!r}" for secret in SECRETS
                      if secret.encode() in body]
    assert not leaks, "\n".join(leaks)


def test_the_staff_do_see_the_case(app, world_with_cases):
    client = app.test_client()
    world_with_cases.sign_in(client, "member")
    with app.test_request_context():
        url = url_for("desk.case", lang="en", slug=world_with_cases.forum_slug,
                      case_id=world_with_cases.ids["case"])
    assert CASE_TEXT in client.get(url).get_data(as_text=True)
