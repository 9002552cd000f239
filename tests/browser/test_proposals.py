"""Proposing and supporting with the keyboard only, with htmx and with JavaScript turned off."""

from __future__ import annotations

import itertools

import pytest

from forum.extensions import db
from forum.proposals.models import Proposal
from tests.browser.conftest import new_context
from tests.browser.test_keyboard_and_no_js import _tab_to, _tab_to_button
from tests.fixtures.proposals import create_proposal

_numbers = itertools.count(1)


def _fresh_proposal(live_server) -> int:
    world = live_server.world
    with live_server.app.app_context():
        forum_id = world.forum_id
        from forum.forums.models import Forum
        from tests.fixtures.accounts import create_user

        proposal = create_proposal(db.session.get(Forum, forum_id), create_user(),
                                   title=f"Benches in the park {next(_numbers)}")
        proposal_id = proposal.id
        db.session.remove()
    return proposal_id


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_resident_proposes_with_the_keyboard(browser, live_server, javascript):
    world = live_server.world
    context = new_context(browser, live_server, "resident", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"/rom/forums/{world.forum_slug}/proposals/new")
    title = f"Vrtiko vaš savore čhave {next(_numbers)}"
    _tab_to(page, "title")
    page.keyboard.type(title)
    _tab_to(page, "description")
    page.keyboard.type("E čhave bizo dokumentija na šaj te džan ko vrtiko.")
    _tab_to(page, "groups-1")
    page.keyboard.press("Space")
    _tab_to_button(page, "")  # the only button after the fields is the one that publishes
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == title
    assert page.locator(".flash-success").count() == 1
    with live_server.app.app_context():
        stored = db.session.query(Proposal).filter_by(title=title).one()
        assert stored.language == "rom" and len(stored.groups) == 1
        db.session.remove()
    context.close()


def test_an_empty_proposal_is_sent_back_with_the_errors_and_what_was_typed(browser,
                                                                          live_server):
    world = live_server.world
    context = new_context(browser, live_server, "resident", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/en/forums/{world.forum_slug}/proposals/new")
    page.fill("#description", "Only a description")
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert page.get_attribute("#title", "aria-invalid") == "true"
    assert page.input_value("#description") == "Only a description"
    context.close()


def test_supporting_with_the_keyboard_updates_in_place(browser, live_server):
    proposal_id = _fresh_proposal(live_server)
    context = new_context(browser, live_server, "other_secretariat")
    page = context.new_page()
    page.goto(f"/en/forums/{live_server.world.forum_slug}/proposals/{proposal_id}")
    assert "0 people support it" in page.inner_text("#support")
    _tab_to(page, "support-button", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_selector("#support .flash-success")
    assert "1 person supports it" in page.inner_text("#support")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert page.evaluate("() => document.activeElement.id") == "support-button"
    page.keyboard.press("Enter")  # and taking it back, still by keyboard
    page.wait_for_function("() => document.querySelector('#support').textContent"
                           ".includes('0 people support it')")
    assert "I support this proposal" in page.inner_text("#support")
    context.close()


def test_supporting_without_javascript(browser, live_server):
    proposal_id = _fresh_proposal(live_server)
    context = new_context(browser, live_server, "admin", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/sq/forums/{live_server.world.forum_slug}/proposals/{proposal_id}")
    _tab_to(page, "support-button", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#support")
    assert page.locator("#support-button").count() == 1
    assert page.locator(".flash-success").count() == 1
    with live_server.app.app_context():
        from forum.proposals.supports import counts_for

        assert counts_for([proposal_id]) == {proposal_id: 1}
        db.session.remove()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_proposal_tapped_twice_on_a_slow_phone_is_published_once(browser, live_server,
                                                                   javascript):
    """The second tap sends the form again while the first is on its way; the reader lands on
    the one proposal, told that it was done once."""
    context = new_context(browser, live_server, "resident", java_script_enabled=javascript,
                          viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/rom/forums/{live_server.world.forum_slug}/proposals/new")
    title = f"Banke ko parko {next(_numbers)}"
    page.fill("#title", title)
    page.fill("#description", "Mangas banke ko parko.")
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {"offline": False, "latency": 800,
                                                       "downloadThroughput": 50_000,
                                                       "uploadThroughput": 50_000})
    button = page.locator("main button[type=submit]")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    for _tap in range(2):  # raw taps: nothing waits for the first page to come back
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(200)
    page.wait_for_selector("main h1 >> text=" + title, timeout=20_000)
    with live_server.app.app_context():
        assert db.session.query(Proposal).filter_by(title=title).count() == 1
        db.session.remove()
    context.close()


def test_on_a_phone_the_first_proposal_shows_without_scrolling(browser, live_server):
    context = new_context(browser, live_server, java_script_enabled=False,
                          viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/rom/forums/tetovo/proposals/")
    title = page.locator("main ul.plain > li h3").first
    line = page.evaluate("(h) => parseFloat(getComputedStyle(h).lineHeight)",
                         title.element_handle())
    assert title.bounding_box()["y"] + line <= 740  # at least its title's first line
    assert not page.is_visible("#filter-q")
    page.click("details.filters > summary")  # a tap unfolds them, without JavaScript
    assert page.is_visible("#filter-q")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.is_visible("#filter-q")  # wide screens keep them open
    context.close()
