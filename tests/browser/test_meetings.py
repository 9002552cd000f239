"""Agenda editing and answering by keyboard, with htmx, and with JavaScript off."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.conftest import new_context
from tests.browser.test_keyboard_and_no_js import _tab_to, _tab_to_button

_numbers = itertools.count(1)


def _agenda_url(live_server) -> str:
    world = live_server.world
    return f"/en/forums/{world.forum_slug}/meetings/{world.ids['meeting']}/agenda"


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#agenda-editor .agenda-title").all_inner_texts()]


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_agenda_is_built_and_reordered_with_the_keyboard(browser, live_server, javascript):
    context = new_context(browser, live_server, "secretariat", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(_agenda_url(live_server))
    title = f"Item by keyboard {next(_numbers)}"
    _tab_to(page, "title")
    page.keyboard.type(title)
    _tab_to(page, "duration_minutes")
    page.keyboard.press("Control+a")
    page.keyboard.type("25")
    _tab_to_button(page, "Add to the agenda")
    page.keyboard.press("Enter")
    page.wait_for_function("t => [...document.querySelectorAll('.agenda-title')]"
                           ".some(e => e.textContent.includes(t))", arg=title)
    assert _titles(page)[-1] == title
    if javascript:  # htmx swapped the editor in place: still the same page
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    _tab_to_button(page, f"Move up: {title}", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_function("t => { const ts = [...document.querySelectorAll('.agenda-title')]"
                           ".map(e => e.textContent.trim()); return ts[ts.length - 2] === t; }",
                           arg=title)
    assert _titles(page)[-2] == title
    context.close()


def test_a_member_answers_by_keyboard_and_the_count_updates_in_place(browser, live_server):
    world = live_server.world
    context = new_context(browser, live_server, "member")
    page = context.new_page()
    page.goto(f"/en/forums/{world.forum_slug}/meetings/{world.ids['meeting']}")
    _tab_to(page, "answer-1", limit=80)
    page.keyboard.press("Space")
    _tab_to_button(page, "answer")
    page.keyboard.press("Enter")
    page.wait_for_selector("#rsvp .flash-success")
    assert "Your answer: I will come" in page.inner_text("#rsvp")
    context.close()
