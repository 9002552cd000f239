"""Writing, approving and publishing minutes with the keyboard only — with htmx, and with
JavaScript off — and a member's comment in review."""

from __future__ import annotations

import itertools

import pytest

from forum.extensions import db
from forum.forums.models import Forum
from forum.minutes import workflow
from tests.browser.conftest import new_context
from tests.browser.test_keyboard_and_no_js import _tab_to, _tab_to_button
from tests.fixtures.minutes import create_held_meeting, create_minutes

_numbers = itertools.count(1)


def _fresh_minutes(live_server, *, in_review: bool = False):
    """New minutes of a new held session of the world's forum: (draft URL, first section key)."""
    world = live_server.world
    with live_server.app.app_context():
        forum = db.session.get(Forum, world.forum_id)
        meeting = create_held_meeting(forum, days_ago=3, title=f"Keyboard {next(_numbers)}",
                                      agenda=("Opening", "Street lights"))
        minutes = create_minutes(meeting)
        if in_review:
            from tests.fixtures.minutes import write_section

            write_section(minutes, 1, summary="Lights are broken in Poroj.")
            workflow.send_to_review(minutes)
        key = minutes.sections[1]["key"]
        url = f"/en/forums/{world.forum_slug}/minutes/{minutes.id}"
        db.session.remove()
    return url, key


def _tab_to_link(page, text: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "A" and \
                text in page.evaluate("() => document.activeElement.textContent"):
            return
    raise AssertionError(f"link {text!r} cannot be reached with Tab")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_minutes_are_written_approved_and_published_with_the_keyboard(
        browser, live_server, javascript):
    url, key = _fresh_minutes(live_server)
    context = new_context(browser, live_server, "secretariat", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{url}/draft")
    _tab_to_link(page, "Write this section: Street lights")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#{key}-summary")
    _tab_to(page, f"{key}-summary")
    page.keyboard.type("The street lights in Poroj are broken.")
    _tab_to(page, f"{key}-decisions-0-text")
    page.keyboard.type("Ask for an offer to repair the lights")
    _tab_to(page, f"{key}-decisions-0-votes_for")
    page.keyboard.type("8")
    _tab_to_button(page, "Save the section", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#section-{key} .decisions")
    assert "Ask for an offer to repair the lights" in page.inner_text(f"#section-{key}")
    if javascript:  # saved in place: still the same page
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
        page.goto(f"{url}/draft")
    _tab_to_link(page, "Record the approval")
    page.keyboard.press("Enter")
    page.wait_for_selector("#rule")
    # No later session was held: approving under a rule is the one choice, already chosen.
    assert page.is_checked("#how-1") and page.locator("#how-2").count() == 0
    assert "These sections are empty: Opening." in page.inner_text("main")
    _tab_to(page, "rule")
    page.keyboard.type("Rules of procedure, article 12")
    _tab_to(page, "confirm")
    page.keyboard.press("Space")  # the secretariat read the warning
    _tab_to_button(page, "Record the approval")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flash-success")
    _tab_to_button(page, "Publish the minutes")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The minutes are published." in page.inner_text("main")
    page.goto(url)
    main = page.inner_text("main")
    assert "Ask for an offer to repair the lights" in main and "article 12" in main
    context.close()


def test_a_member_comments_on_a_section_in_review_with_the_keyboard(browser, live_server):
    url, key = _fresh_minutes(live_server, in_review=True)
    context = new_context(browser, live_server, "member")
    page = context.new_page()
    page.goto(f"{url}/draft")
    _tab_to(page, f"comment-{key}-body", limit=150)
    page.keyboard.type("Please name the street.")
    _tab_to_button(page, "Send my comment")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#comments-{key} .flash-success")
    assert "Please name the street." in page.inner_text(f"#comments-{key}")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    context.close()
