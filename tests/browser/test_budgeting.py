"""Voting by keyboard only, with the live total (htmx) and with JavaScript off."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_context
from tests.browser.test_keyboard_and_no_js import _tab_to, _tab_to_button


def _vote_url(live_server) -> str:
    world = live_server.world
    return f"/en/forums/{world.forum_slug}/budgeting/{world.ids['cycle']}/vote"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_voting_with_the_keyboard_only(browser, live_server, javascript):
    role = "resident" if javascript else "admin"  # two different voters
    context = new_context(browser, live_server, role, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(_vote_url(live_server))
    item = live_server.world.ids["ballot_item"]
    _tab_to(page, f"item-{item}", limit=80)
    page.keyboard.press("Space")
    if javascript:  # the total updates as you choose, without sending the vote
        page.wait_for_function("() => document.querySelector('#ballot-total')"
                               ".textContent.includes('1 item chosen')")
    else:
        _tab_to_button(page, "Check my choices")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=1 item chosen")
    _tab_to_button(page, "Cast my vote")
    page.keyboard.press("Enter")
    page.wait_for_selector(".receipt")
    assert len(page.inner_text(".receipt").strip()) == 14
    context.close()
